"""Verify stage: static checks of a tree before and after one planned commit (read-only).

Always on during ``run``: every edited file parses, no import in the edited files or in the
files importing an edited module names a module or name that does not exist (compared with
the tree before the commit: only *new* problems count), and no edited file gains an undefined
name. A failure here is a bug in the tool, never the user's: the commit is not made.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ssot_refactor.model import Finding, PlannedCommit, Skipped
from ssot_refactor.scan.index import index_source
from ssot_refactor.scan.records import ModuleInfo, decode_source, module_name_for


@dataclass(frozen=True, slots=True)
class TreeView:
    """Read access to a working tree's Python modules, by module name."""

    root: Path
    modules: Mapping[str, str]  #: module name -> repository path
    source_roots: tuple[str, ...]

    def info(self, path: str, data: bytes | None = None) -> ModuleInfo | None:
        """Index one file as it is on disk (or as ``data``); None when it is missing or does not parse."""
        if data is None:
            try:
                data = (self.root / path).read_bytes()
            except OSError:
                return None
        module, is_package = module_name_for(path, self.source_roots)
        result = index_source(path, data, module, is_package)
        return None if isinstance(result, Skipped) else result


def parse_errors(commit: PlannedCommit) -> list[Finding]:
    """Edited files whose new bytes do not parse."""
    errors = []
    for edit in commit.edits:
        try:
            ast.parse(decode_source(edit.after), filename=str(edit.path))
        except (SyntaxError, UnicodeDecodeError, ValueError) as exc:
            line = getattr(exc, "lineno", 0) or 0
            errors.append(Finding(str(edit.path), line, f"rewritten file does not parse ({exc})"))
    return errors


def import_problems(tree: TreeView, paths: Iterable[str]) -> set[tuple[str, str]]:
    """(path, "module:name") for each import in ``paths`` of a repository module or name that is missing.

    Only modules inside the repository are judged; a module with a star import or a PEP 562
    ``__getattr__`` provides any name.
    """
    problems: set[tuple[str, str]] = set()
    cache: dict[str, ModuleInfo | None] = {}
    for path in paths:
        info = tree.info(path)
        if info is None:
            continue
        for record in info.imports:
            if not record.module or record.name == "*":
                continue
            missing = _missing(tree, record.module, record.name, cache)
            if missing:
                problems.add((path, missing))
    return problems


def _missing(
    tree: TreeView, module: str, name: str | None, cache: dict[str, ModuleInfo | None]
) -> str | None:
    if name is None:
        top = module.split(".")[0]
        in_repo = any(known == top or known.startswith(top + ".") for known in tree.modules)
        if in_repo and module not in tree.modules and not _is_namespace(tree, module):
            return module
        return None
    if module not in tree.modules:
        return None
    if f"{module}.{name}" in tree.modules or _is_namespace(tree, f"{module}.{name}"):
        return None
    if module not in cache:
        cache[module] = tree.info(tree.modules[module])
    info = cache[module]
    if info is None or _provides(info, name):
        return None
    return f"{module}:{name}"


def _provides(info: ModuleInfo, name: str) -> bool:
    if info.defines(name) or info.defines("__getattr__"):
        return True
    bound = {record.local for record in info.module_level_bindings()}
    return name in bound or any(record.name == "*" for record in info.imports)


def _is_namespace(tree: TreeView, module: str) -> bool:
    prefix = module + "."
    return any(known.startswith(prefix) for known in tree.modules)


def undefined_names(tree: TreeView, path: str, data: bytes) -> set[str]:
    """Names loaded but bound nowhere in one version of a file (empty when unknowable)."""
    info = tree.info(path, data)
    if info is None or info.undefined is None:
        return set()
    return {name for name, _ in info.undefined}


def importers_of(index: Mapping[str, ModuleInfo], modules: Iterable[str]) -> set[str]:
    """Files (of the index) importing any of ``modules`` or a name from them."""
    wanted = set(modules)
    return {
        path
        for path, info in index.items()
        if any(r.module in wanted or r.target_module in wanted for r in info.imports)
    }
