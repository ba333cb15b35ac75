"""`python -m bot` (or `qamqor`): read settings, then run until stopped."""

import asyncio
import sys

from bot.logs import configure_logging
from bot.settings import SettingsError, load_settings
from care.policies import PolicyFileError
from care.statement import StatementFileError
from care.texts import CatalogError
from storage.migrate import MigrationsError, migrations_dir


def main() -> int:
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
    try:
        asyncio.run(run(settings))
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
