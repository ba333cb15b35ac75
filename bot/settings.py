"""Settings from the environment and `.env` (the README's settings table)."""

import hashlib
from datetime import date, time
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Locale = Literal["kk", "ru", "en"]
Dates = Annotated[list[date], NoDecode]  # `2026-03-09,2026-05-08` in the environment
Days = Annotated[int, Field(ge=0, le=60)]
DayList = Annotated[list[Annotated[int, Field(ge=1, le=60)]], NoDecode]  # `2,5`
# A supergroup's id is -100 followed by the group's own id: -(10**12 + id).
SUPERGROUP_IDS_BELOW = -(10**12)


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line naming the variable(s)."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr = Field(min_length=1)
    admin_chat_id: int
    database_url: str = "sqlite+aiosqlite:///data/qamqor.db"
    bot_api_url: AnyHttpUrl = AnyHttpUrl("https://api.telegram.org")
    redis_url: str | None = None
    webhook_url: AnyHttpUrl | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    timezone: str = "Asia/Almaty"
    default_locale: Locale = "ru"
    policy_file: Path = Field(default=None, validate_default=True)  # unset: the packaged seed
    flood_max_messages: int = Field(default=20, ge=1)
    flood_window_seconds: int = Field(default=60, ge=1)
    show_agent_names: bool = False
    send_rate: float = Field(default=25.0, gt=0)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # The law's clocks in Kazakh working days, per request type (Law 94-V; the README's table).
    deadline_access: Days = 3
    deadline_correction: Days = 1
    deadline_deletion: Days = 1
    deadline_blocking: Days = 1
    deadline_withdrawal: Days = 15
    deadline_objection: Days = 3
    deadline_complaint: Days = 3
    deadline_question: Days = 3
    extra_days_off: Dates = []  # government transfers the holidays package does not know
    extra_working_days: Dates = []
    pause_while_awaiting_user: bool = True
    expire_unanswered_after: Days = 10  # working days a request waits for the user; 0: never
    remind_user_after: DayList = [2, 5]  # working days waiting: the user is reminded
    subject_hash_key: SecretStr | None = None  # unset: derived from BOT_TOKEN
    statement_file: Path = Field(default=None, validate_default=True)  # unset: the packaged one
    digest_at: time | None = time(9, 0)  # local time of the daily digest; empty or `off`: none
    care_log_retention_days: int = Field(default=365, ge=0)  # after closing; 0: kept forever
    unfinished_user_days: int = Field(default=30, ge=0)  # inactive, never verified; 0: kept
    policy_notice_days: int = Field(default=10, ge=0, le=365)  # days from /policy to effect

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        bot_id, sep, secret = value.get_secret_value().partition(":")
        if not (sep and bot_id.isdigit() and secret):
            raise ValueError("expected the '<digits>:<secret>' token BotFather gives")
        return value

    @field_validator("admin_chat_id")
    @classmethod
    def _supergroup(cls, value: int) -> int:
        if value >= SUPERGROUP_IDS_BELOW:
            raise ValueError(
                "expected the admin supergroup's id, -100 followed by digits "
                f"(e.g. -1001234567890), not {value}"
            )
        return value

    @field_validator("policy_file", mode="before")
    @classmethod
    def _packaged_policy(cls, value: object) -> object:
        return value or packaged_file("policy.toml")

    @field_validator("statement_file", mode="before")
    @classmethod
    def _packaged_statement(cls, value: object) -> object:
        return value or packaged_file("statement.toml")

    @field_validator("extra_days_off", "extra_working_days", "remind_user_after", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("remind_user_after")
    @classmethod
    def _in_order(cls, value: list[int]) -> list[int]:
        return sorted(set(value))

    @field_validator("digest_at", mode="before")
    @classmethod
    def _hours_minutes(cls, value: object) -> object:
        if value is None or isinstance(value, time):
            return value
        text = str(value).strip().lower()
        if text in ("", "off"):
            return None
        hours, sep, minutes = text.partition(":")
        if not (sep and hours.isdigit() and len(minutes) == 2 and minutes.isdigit()):
            raise ValueError("expected HH:MM (e.g. 09:00), or off")
        if int(hours) > 23 or int(minutes) > 59:
            raise ValueError("expected HH:MM (e.g. 09:00), or off")
        return time(int(hours), int(minutes))

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if "+" not in value.split("://", 1)[0]:
            raise ValueError(
                "needs an async driver, e.g. sqlite+aiosqlite:// or postgresql+asyncpg://"
            )
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str | None) -> str | None:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("expected redis://host:port/db")
        return value or None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def webhook_mode(self) -> bool:
        return self.webhook_url is not None

    @property
    def serves_probes(self) -> bool:
        """`/healthz` and `/metrics` on WEBHOOK_HOST:WEBHOOK_PORT: always beside the webhook;
        when polling, only where WEBHOOK_PORT is set (the Docker image sets it), so a plain
        `python -m bot` opens no port."""
        return self.webhook_mode or "webhook_port" in self.model_fields_set

    @property
    def deadlines(self) -> dict[str, int]:
        """Working days per request type, keyed by `storage.vocabulary.RequestKind` values."""
        prefix = "deadline_"
        return {
            name.removeprefix(prefix): getattr(self, name)
            for name in type(self).model_fields
            if name.startswith(prefix)
        }

    @property
    def subject_key(self) -> bytes:
        """The key of the hash that links a deleted user's requests."""
        if self.subject_hash_key is not None:
            return self.subject_hash_key.get_secret_value().encode()
        token = self.bot_token.get_secret_value().encode()
        return hashlib.sha256(b"qamqor-subject-hash:" + token).digest()


def packaged_file(name: str) -> Path:
    """A file of the installed `policy` package: the defaults of POLICY_FILE and
    STATEMENT_FILE."""
    try:
        seed = files("policy") / name
    except ModuleNotFoundError:
        seed = None
    if not isinstance(seed, Path):  # a broken installation, or one zipped
        raise ValueError(f"the packaged policy/{name} is not installed: reinstall or set a path")
    return seed


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning pydantic's report into one line that names each bad variable."""
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise SettingsError(describe_errors(exc)) from None
    if settings.webhook_url and not settings.webhook_secret:
        raise SettingsError("WEBHOOK_SECRET: required when WEBHOOK_URL is set")
    return settings


def describe_errors(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        name = str(error["loc"][0]).upper() if error["loc"] else "SETTINGS"
        if error["type"] == "missing":
            parts.append(f"{name}: required setting is missing")
        else:
            reason = error["msg"].removeprefix("Value error, ")
            parts.append(f"{name}: {reason}")
    return "; ".join(parts)
