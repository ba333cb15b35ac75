"""Routers of the conversation: a verified user's messages to care, and agents answering
and using their tools in users' topics."""
