"""Reading the Dockerfile as Docker does, enough for tests: instructions, stages, healthcheck."""

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Stage:
    image: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [args for instruction, args in self.instructions if instruction == keyword]


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    found, pending = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):  # a comment inside a continued instruction
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        whole = pending + stripped
        pending = ""
        keyword, _, args = whole.partition(" ")
        found.append((keyword.upper(), args.strip()))
    return found


def stages(path: Path = ROOT / "Dockerfile") -> list[Stage]:
    result: list[Stage] = []
    for keyword, args in instructions(path.read_text(encoding="utf-8")):
        if keyword == "FROM":
            words = [w for w in args.split() if not w.startswith("--")]
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            result.append(Stage(words[0], name))
        elif result:
            result[-1].instructions.append((keyword, args))
    return result


def healthcheck_command(stage: Stage) -> list[str]:
    """The HEALTHCHECK's CMD, in exec form (a JSON array)."""
    (args,) = stage.all("HEALTHCHECK")
    _options, _, command = args.partition("CMD ")
    assert command.startswith("["), "exec form: no shell in the way"
    return json.loads(command)


def env(stage: Stage) -> dict[str, str]:
    values = {}
    for args in stage.all("ENV"):
        for word in shlex.split(args):
            name, _, value = word.partition("=")
            values[name] = value
    return values


def pinned(image: str) -> bool:
    """A version tag (digits in it, never `latest`), no build argument in the name."""
    name, _, tag = image.partition("@")[0].rpartition(":")
    return bool(name) and "$" not in image and tag != "latest" and bool(re.search(r"\d", tag))
