"""Starting the bot: settings and files checked first (one line and exit 2 for what an
operator got wrong), then the bot runs until stopped. The sandbox starts through
`run_until_stopped` too."""

import asyncio
import sys
from collections.abc import Coroutine
from typing import Any

from bot.logs import configure_logging
from bot.settings import SettingsError, load_settings
from care.common.statement import StatementFileError
from care.common.texts import CatalogError
from care.people.policies import PolicyFileError
from storage.migrate import MigrationsError, migrations_dir


def start() -> int:
    """Read the settings, check the installation, then run the bot until stopped."""
    try:
        settings = load_settings()
        migrations_dir()  # a broken installation stops here, before anything starts or logs
    except SettingsError as exc:
        print(f"qamqor: {exc}", file=sys.stderr)
        return 2
    except MigrationsError as exc:
        print(f"qamqor: broken installation: {exc}", file=sys.stderr)
        return 2
    from bot.app import run  # aiogram loads for seconds: only once settings and files are good

    secrets = [s.get_secret_value() for s in (settings.bot_token, settings.webhook_secret) if s]
    configure_logging(settings.log_level, secrets=secrets)
    return run_until_stopped(run(settings))


def run_until_stopped(work: Coroutine[Any, Any, None]) -> int:
    """Run the bot's main coroutine: 0 when it stops, 2 with one line for a file an operator
    got wrong or a broken installation."""
    try:
        asyncio.run(work)
    except PolicyFileError as exc:
        print(f"qamqor: POLICY_FILE: {exc}", file=sys.stderr)
        return 2
    except StatementFileError as exc:
        print(f"qamqor: STATEMENT_FILE: {exc}", file=sys.stderr)
        return 2
    except (CatalogError, MigrationsError) as exc:
        print(f"qamqor: broken installation: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0
