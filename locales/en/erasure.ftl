# Deletion of a user's data (Law 94-V Art. 24): what the desk says as it erases

erasure-withdrawn-reason = Your account and your personal data were deleted at your request, so this request is closed with them.
