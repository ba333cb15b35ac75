"""Runtime and composition root: settings, engine, Bot, Dispatcher; `python -m bot`."""
