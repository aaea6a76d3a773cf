"""The command line's entry point: ``ssot-refactor`` and ``python -m ssot_refactor``.

Ctrl-C is exit 130 with one line on stderr: the commands turn it into that themselves
(``cli.base.reports_errors``), and ``main`` does for one that lands while the command line is
still being imported (the first tenth of a second), which otherwise ended the process by the
signal, with a traceback. Nothing has been written at that point. (One that lands while click
parses the arguments, before a command runs, is click's: "Aborted!" and exit 1.)
"""

from __future__ import annotations

import sys

#: what an interrupted command prints before it exits 130
INTERRUPTED = "error: interrupted; nothing was written"


def main() -> None:
    """Import the command line and run it."""
    try:
        from ssot_refactor.cli import main as command_line
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        sys.exit(130)
    command_line(prog_name="ssot-refactor")
