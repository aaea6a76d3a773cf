"""Scan stage: the candidate files, from the include/exclude globs, source roots and links (read-only).

Globs are matched on repository paths (``**`` spans folders); symbolic links, found while the
files are listed (``gitrepo.list_files``), are reported, never read, followed or rewritten.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from ssot_refactor.model import Skipped, SkipReason

PYTHON_SUFFIXES = (".py", ".pyi")


def glob_to_regex(pattern: str) -> re.Pattern[str]:
    """Compile a repository glob: ``**`` spans folders, ``*`` and ``?`` stay inside one."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def select_files(paths: Iterable[str], include: Iterable[str], exclude: Iterable[str]) -> list[str]:
    """Python files matching some include glob and no exclude glob."""
    includes = [glob_to_regex(p) for p in include]
    excludes = [glob_to_regex(p) for p in exclude]
    return [
        path
        for path in paths
        if path.endswith(PYTHON_SUFFIXES)
        and any(p.match(path) for p in includes)
        and not any(p.match(path) for p in excludes)
    ]


def detect_source_roots(paths: Iterable[str]) -> tuple[str, ...]:
    """The repository root, ``src/`` (unless it is a package itself) and each sub-project's."""
    paths = list(paths)
    present = set(paths)
    projects = {"."}
    for path in paths:
        name = path.rsplit("/", 1)[-1]
        if name in ("pyproject.toml", "setup.py", "setup.cfg") and "/" in path:
            projects.add(path.rsplit("/", 1)[0])
    roots = set()
    for project in projects:
        base = "" if project == "." else project + "/"
        roots.add(project)
        src = base + "src"
        has_src = any(p.startswith(src + "/") for p in paths)
        if has_src and f"{src}/__init__.py" not in present:
            roots.add(src)
    return tuple(sorted(roots, key=lambda r: (r != ".", r)))


def link_skips(root: Path, links: list[str], include: Iterable[str], exclude: Iterable[str]) -> list[Skipped]:
    """One ``Skipped`` per symbolic link that is a Python file or a folder that could hold one.

    A link is never read, followed or rewritten: writing a file in its place would replace the
    link git tracks, and following it could leave the repository. A linked folder is reported
    when a Python file below it would be selected; git lists the link, not the files below it.
    """
    python = set(select_files(links, include, exclude))
    found = []
    for link in links:
        folder = link not in python and (root / link).is_dir()
        if link in python or (folder and select_files([f"{link}/__init__.py"], include, exclude)):
            where = (
                "a folder; nothing below it is scanned or rewritten"
                if folder
                else "never followed or rewritten"
            )
            found.append(Skipped(link, SkipReason.SYMLINK, f"-> {os.readlink(root / link)}; {where}"))
    return found
