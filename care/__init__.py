"""The domain: what the desk decides and does, callable without a Telegram server."""
