"""Settings from the environment and `.env` (DESIGN.md §4)."""

from importlib.resources import files
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Locale = Literal["kk", "ru", "en"]


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
    send_rate: float = Field(default=30.0, gt=0)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        bot_id, sep, secret = value.get_secret_value().partition(":")
        if not (sep and bot_id.isdigit() and secret):
            raise ValueError("expected the '<digits>:<secret>' token BotFather gives")
        return value

    @field_validator("policy_file", mode="before")
    @classmethod
    def _packaged_policy(cls, value: object) -> object:
        return value or packaged_policy_file()

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


def packaged_policy_file() -> Path:
    """`policy.toml` of the installed `policy` package: the default of POLICY_FILE."""
    try:
        seed = files("policy") / "policy.toml"
    except ModuleNotFoundError:
        seed = None
    if not isinstance(seed, Path):  # a broken installation, or one zipped
        raise ValueError(
            "the packaged policy/policy.toml is not installed: reinstall qamqor or set a path"
        )
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
