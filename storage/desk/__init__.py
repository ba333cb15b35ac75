"""Repositories of the conversation: conversations, message pairs, the care log."""
