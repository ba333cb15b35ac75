"""People before care: onboarding, consent to policy versions, phone verification, what
Telegram tells about them, the policies in force, marketing choices, supervisors, and the
messages that name a person outside their topic.

Imports `care.common`, `care.outbound` and `storage`."""
