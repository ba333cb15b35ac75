"""docker-compose.yml and .env.example, checked by reading (Docker does not run here): every
setting passed to the bot is one it reads, every service it waits for exists and says when it
is healthy, volumes are named, images pinned."""

import re
from typing import Any

import pytest
import yaml

from bot.settings import Settings
from tests.unit.dockerfile import ROOT, env, healthcheck_command, pinned, stages

INTERPOLATED = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)")
ENV_LINE = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bot(compose: dict[str, Any]) -> dict[str, Any]:
    return compose["services"]["bot"]


def settings_read() -> set[str]:
    """The variables the bot reads: its settings' environment names."""
    prefix = Settings.model_config.get("env_prefix", "")
    names = set()
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias if isinstance(field.validation_alias, str) else None
        names.add((prefix + (alias or field.alias or name)).upper())
    return names


def required_settings() -> set[str]:
    return {name.upper() for name, field in Settings.model_fields.items() if field.is_required()}


def example_variables() -> tuple[set[str], set[str]]:
    """(set, commented out) variables of .env.example."""
    active, commented = set(), set()
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if match := ENV_LINE.match(line):
            (commented if line.startswith("#") else active).add(match.group(1))
    return active, commented


def compose_variables() -> set[str]:
    """What docker-compose.yml itself takes from .env (`${NAME}`)."""
    return set(INTERPOLATED.findall((ROOT / "docker-compose.yml").read_text(encoding="utf-8")))


def environment_keys(service: dict[str, Any]) -> set[str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        return {item.split("=", 1)[0] for item in environment}
    return set(environment)


def env_files(service: dict[str, Any]) -> list[str]:
    files = service.get("env_file") or []
    files = [files] if isinstance(files, str | dict) else files
    return [f["path"] if isinstance(f, dict) else f for f in files]


def test_every_variable_passed_to_the_bot_is_a_setting_it_reads(bot: dict[str, Any]) -> None:
    read = settings_read()
    assert environment_keys(bot) <= read, environment_keys(bot) - read
    assert env_files(bot) == [".env"]
    # .env reaches the bot whole: each of its keys is a setting, or one compose itself reads.
    active, commented = example_variables()
    unknown = (active | commented) - read - compose_variables()
    assert not unknown, f".env.example names what nothing reads: {unknown}"


def test_env_example_lists_every_setting_and_what_compose_needs() -> None:
    active, commented = example_variables()
    listed = active | commented
    assert settings_read() <= listed, settings_read() - listed
    assert required_settings() <= active, "the required settings are set, not commented out"
    assert compose_variables() <= listed, compose_variables() - listed
    gitignore = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert ".env" in gitignore and ".env.example" not in gitignore


def test_the_bot_gets_the_database_and_redis_of_this_compose(
    compose: dict[str, Any], bot: dict[str, Any]
) -> None:
    database = bot["environment"]["DATABASE_URL"]
    assert database.startswith("postgresql+asyncpg://") and "@postgres:5432/" in database
    postgres = compose["services"]["postgres"]["environment"]
    assert database.endswith(f"/{postgres['POSTGRES_DB']}")
    assert f"://{postgres['POSTGRES_USER']}:{postgres['POSTGRES_PASSWORD']}@" in database
    assert bot["environment"]["REDIS_URL"].startswith("redis://redis:6379/")


def test_services_waited_for_exist_and_report_their_health(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name, service in services.items():
        depends = service.get("depends_on") or {}
        if isinstance(depends, list):
            pytest.fail(f"{name}: depends_on as a list does not wait for health")
        for needed, condition in depends.items():
            assert needed in services, f"{name} depends on {needed}, which is not a service"
            assert condition == {"condition": "service_healthy"}, (name, needed)
            assert services[needed].get("healthcheck", {}).get("test"), needed
    assert set(services["bot"]["depends_on"]) == {"postgres", "redis"}


def test_every_service_has_a_healthcheck_and_restarts(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        assert service["healthcheck"]["test"][0] in ("CMD", "CMD-SHELL"), name
        assert service["restart"] == "unless-stopped", name


def test_the_bot_healthcheck_is_the_image_s_own(bot: dict[str, Any]) -> None:
    runtime = stages()[-1]
    assert bot["healthcheck"]["test"] == ["CMD", *healthcheck_command(runtime)]
    port = f"${{WEBHOOK_PORT:-{env(runtime)['WEBHOOK_PORT']}}}"  # what the bot listens on
    assert bot["ports"] == [f"127.0.0.1:{port}:{port}"], "published on loopback only"


def test_named_volumes_are_declared(compose: dict[str, Any]) -> None:
    declared = set(compose.get("volumes") or {})
    used = set()
    for service in compose["services"].values():
        for volume in service.get("volumes") or []:
            source = volume["source"] if isinstance(volume, dict) else volume.split(":", 1)[0]
            if not source.startswith(("/", ".", "~")):
                used.add(source)
    assert used, "PostgreSQL and Redis keep their data in named volumes"
    assert used <= declared, used - declared


def test_images_are_pinned(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        if "image" in service:
            assert pinned(service["image"]), (name, service["image"])
        else:
            assert service["build"] == ".", name
