"""Ctrl-C while the command line is still being imported: exit 130 and one line, as later on."""

from __future__ import annotations

import subprocess
import sys

import pytest

#: a finder that raises KeyboardInterrupt when the command line's package is imported, as a
#: Ctrl-C during the first tenth of a second does; then the entry point named on argv runs
INTERRUPT_THE_IMPORT = """
import runpy, sys

class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == "ssot_refactor.cli":
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, Interrupt())
if sys.argv[1] == "module":
    sys.argv = ["ssot_refactor", "--help"]
    runpy.run_module("ssot_refactor", run_name="__main__")
else:
    sys.argv = ["ssot-refactor", "--help"]
    from ssot_refactor.launch import main
    main()
"""


@pytest.mark.parametrize("entry", ["module", "script"])
def test_an_interrupt_during_the_imports_exits_130_with_one_line(entry: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPT_THE_IMPORT, entry], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr, done.stdout) == (
        130,
        "error: interrupted; nothing was written\n",
        "",
    )


def test_the_entry_point_runs_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ssot_refactor", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.strip().endswith("0.1.0"), done


#: Ctrl-C while the command group sets the process up, before any command runs
INTERRUPT_THE_SETUP = """
import sys
import ssot_refactor.pool

def interrupted():
    raise KeyboardInterrupt

ssot_refactor.pool.prepare_process = interrupted
sys.argv = ["ssot-refactor", "diff", "--repo", "."]
from ssot_refactor.launch import main
main()
"""


def test_an_interrupt_while_the_group_sets_up_exits_130_not_clicks_1() -> None:
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPT_THE_SETUP], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (130, "error: interrupted; nothing was written\n"), done
