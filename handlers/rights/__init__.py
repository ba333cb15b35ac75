"""Routers of rights requests: the user's dialogs to file one and their list of requests,
the request cards in the admin chat, and the operator's figures."""
