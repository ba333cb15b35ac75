"""The sandbox: the real bot against a Telegram-like Bot API on 127.0.0.1, and a web page
showing a user's chat and the admin chat (`python -m bot sandbox`). Nothing below knows it."""
