"""`python -m bot` (or `qamqor`): read settings, then run until stopped.

`python -m bot sandbox` runs the same bot against the sandbox instead (`sandbox.main`): the
one place this package names the layer above it, so that both start from one command.
"""

import asyncio
import sys
from collections.abc import Coroutine, Sequence
from typing import Any

from bot.logs import configure_logging
from bot.settings import SettingsError, load_settings
from care.policies import PolicyFileError
from care.statement import StatementFileError
from care.texts import CatalogError
from storage.migrate import MigrationsError, migrations_dir

USAGE = "usage: qamqor [sandbox [--port PORT] [--fresh]]"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["sandbox"]:
        from sandbox.main import main as sandbox

        return sandbox(args[1:])
    if args:
        print(f"qamqor: unknown command {args[0]!r}; {USAGE}", file=sys.stderr)
        return 2
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


if __name__ == "__main__":
    sys.exit(main())
