"""`python -m bot`: read settings, then run until stopped."""

import asyncio
import logging
import sys

from bot.app import run
from bot.settings import SettingsError, load_settings
from care.policies import PolicyFileError


def main() -> int:
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"qamqor: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    try:
        asyncio.run(run(settings))
    except PolicyFileError as exc:
        print(f"qamqor: POLICY_FILE: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
