"""``python -m ssot_refactor``: the same command line as ``ssot-refactor``."""

from ssot_refactor.cli import main

main(prog_name="ssot-refactor")
