"""Routers of supervisors' announcements in the admin chat: `/policy` drafts and
publishes a policy version, `/broadcast` sends a message to users."""
