"""Drivers for the tools that take one name per run: a standalone script, run as a child process.

``libcst-rename``: LibCST's ``rename.RenameCommand`` once per mapped name, over the whole tree
(as its documentation shows) or, with ``--grep``, over only the files ``git grep -l -w`` finds
for that name. ``bowler``: one Bowler query renaming every name and moving the legacy modules'
imports, written in place. Both run in the repository folder (the current directory).
``parse-floor``: one ``ast.parse`` and one LibCST parse of every file ``git grep -l -w`` finds for
any legacy name: the least any parse-based tool can do on the files that change.
Usage: ``python drivers.py libcst-rename [--grep] OLD=NEW ...`` / ``python drivers.py bowler OLD=NEW ...``
/ ``python drivers.py parse-floor OLD=NEW ...``.
"""

from __future__ import annotations

import subprocess
import sys


def libcst_rename(pairs: list[tuple[str, str]], grep: bool) -> int:
    """One ``python -m libcst.tool codemod rename.RenameCommand`` per pair; the worst exit code."""
    worst = 0
    for old, new in pairs:
        paths = ["."]
        if grep:
            found = subprocess.run(
                ["git", "grep", "-l", "-w", "-e", old.rsplit(".", 1)[-1], "--", "*.py", "*.pyi"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout.split()
            if not found:
                continue
            paths = found
        argv = [
            sys.executable,
            "-m",
            "libcst.tool",
            "codemod",
            "--no-format",
            "--hide-progress",
            "rename.RenameCommand",
            f"--old_name={old}",
            f"--new_name={new}",
            *paths,
        ]
        worst = max(worst, subprocess.run(argv, check=False).returncode)
    return worst


def bowler_rename(pairs: list[tuple[str, str]]) -> int:
    """Bowler: ``select_var(name).rename(new)`` per name and ``select_module(legacy).rename(canonical)``."""
    from bowler import Query

    query = Query(["."])
    modules: dict[str, str] = {}
    for old, new in pairs:
        old_module, old_name = old.rsplit(".", 1)
        new_module, new_name = new.rsplit(".", 1)
        if old_name != new_name:
            query = query.select_var(old_name).rename(new_name)
        modules.setdefault(old_module, new_module)
    for old_module, new_module in modules.items():
        query = query.select_module(old_module).rename(new_module)
    query.execute(write=True, interactive=False, silent=True)
    return 0


def parse_floor(pairs: list[tuple[str, str]]) -> int:
    """Parse each git-grep candidate once with ``ast`` and once with LibCST; print the count."""
    import ast

    import libcst

    words = [arg for old, _ in pairs for arg in ("-e", old.rsplit(".", 1)[-1])]
    found = subprocess.run(
        ["git", "grep", "-l", "-w", *words, "--", "*.py", "*.pyi"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    parsed = 0
    for path in found:
        with open(path, "rb") as handle:
            source = handle.read()
        try:
            ast.parse(source)
            libcst.parse_module(source)
        except (SyntaxError, ValueError, libcst.ParserSyntaxError):
            continue
        parsed += 1
    print(f"parsed {parsed} of {len(found)} candidates")
    return 0


def main(argv: list[str]) -> int:
    command, rest = argv[0], argv[1:]
    grep = "--grep" in rest
    pairs = [tuple(arg.split("=", 1)) for arg in rest if "=" in arg]
    if command == "libcst-rename":
        return libcst_rename(pairs, grep)  # type: ignore[arg-type]
    if command == "bowler":
        return bowler_rename(pairs)  # type: ignore[arg-type]
    if command == "parse-floor":
        return parse_floor(pairs)  # type: ignore[arg-type]
    print(f"unknown driver command: {command}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
