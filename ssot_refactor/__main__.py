"""``python -m ssot_refactor``: the same command line as ``ssot-refactor``."""

from ssot_refactor.launch import main

main()
