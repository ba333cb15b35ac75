"""`python -m bot` (or `qamqor`): the one entry point. With no arguments it runs the bot
(`bot.start`); `python -m bot sandbox` runs the same bot against the sandbox
(`sandbox.main`). This module alone names the layer above `bot`, so both start from one
command and neither launcher imports the other."""

import sys
from collections.abc import Sequence

USAGE = "usage: qamqor [sandbox [--port PORT] [--fresh]]"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["sandbox"]:
        from sandbox.main import main as sandbox

        return sandbox(args[1:])
    if args:
        print(f"qamqor: unknown command {args[0]!r}; {USAGE}", file=sys.stderr)
        return 2
    from bot.start import start

    return start()


if __name__ == "__main__":
    sys.exit(main())
