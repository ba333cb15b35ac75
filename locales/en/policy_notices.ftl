## A new privacy-policy version: the notice to users, and the one reminder on its effective date

policy-notice = 📄 Our privacy policy is changing: version { $version } takes effect on { $date }. What changes:
policy-notice-accept = Please read the new text and accept it. If you have not accepted it by { $date }, we will ask you again before you continue using Qamqor.
policy-reminder = ⏰ Version { $version } of the privacy policy takes effect today, { $date }, and you have not accepted it yet. To keep using Qamqor, please read it and accept it. What changed:
