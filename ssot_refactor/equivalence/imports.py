"""Verify stage: the import-binding normal form of the safety check (pure).

Each run of consecutive import statements in a block becomes one set of bindings
``local=origin``, with relative imports resolved and origins mapped legacy -> canonical.
Bindings of a mapped target move to one set per block (the rewrite may merge or move them
within the block); imports of legacy and canonical *modules* are dropped, since every
reference through them is normalised (``normal_form``). An import that binds again, later in
its block, what an earlier one there bound is dropped when nothing else binds that name in the
scope (no other origin, no assignment, ``del`` or star import): it changes no binding.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ssot_refactor.model import FileContext
from ssot_refactor.scan.records import resolve_relative


class ImportSet(ast.stmt):
    """A run of import statements as one node: its bindings and its mapped-target origins."""

    _fields = ("bindings", "migrated")

    def __init__(
        self, bindings: tuple[str, ...] = (), migrated: tuple[str, ...] = (), settled: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self.bindings = bindings
        self.migrated = migrated
        #: the bindings whose name the scope binds to that origin only (not compared: a repeat of
        #: one of them later in the block changes nothing)
        self.settled = settled


def absolute_module(level: int, module: str | None, ctx: FileContext) -> str | None:
    """The absolute module of ``from <level dots><module> import``; None when unresolvable."""
    return resolve_relative(ctx.module, ctx.is_package, level, module) or None


def import_bindings(node: ast.Import | ast.ImportFrom, ctx: FileContext) -> Iterator[tuple[str, str]]:
    """``(local name, origin)`` for each name an import binds; ``*`` for a star import."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                yield alias.asname, alias.name
            else:
                yield alias.name.split(".")[0], "import " + alias.name
        return
    module = absolute_module(node.level, node.module, ctx)
    base = module if module is not None else "." * node.level + (node.module or "")
    for alias in node.names:
        yield alias.asname or alias.name, f"{base}.{alias.name}"


def origin_module(origin: str) -> str:
    """The module an origin loads: ``a.b`` for ``import a.b``, else the origin itself."""
    return origin.removeprefix("import ")


def reference_origin(origin: str) -> str:
    """What the bound name refers to: ``a`` for ``import a.b``, else the origin itself."""
    return origin.removeprefix("import ").split(".")[0] if origin.startswith("import ") else origin


def collapse_imports(statements: list[ast.stmt]) -> list[ast.stmt]:
    """Merge runs of ImportSets, without the settled bindings an earlier one made; gather every
    mapped binding of the block into one last ImportSet."""
    kept: list[ast.stmt] = []
    migrated: set[str] = set()
    made: set[str] = set()
    first: ast.stmt | None = None
    for statement in statements:
        if not isinstance(statement, ImportSet):
            kept.append(statement)
            continue
        migrated.update(statement.migrated)
        first = first or statement
        bindings = {b for b in statement.bindings if b not in made or b not in statement.settled}
        made.update(statement.bindings)
        previous = kept[-1] if kept else None
        if isinstance(previous, ImportSet):
            previous.bindings = tuple(sorted({*previous.bindings, *bindings}))
        else:
            kept.append(
                ast.copy_location(ImportSet(bindings=tuple(sorted(bindings)), migrated=()), statement)
            )
    kept = [statement for statement in kept if not isinstance(statement, ImportSet) or statement.bindings]
    if migrated and first is not None:
        kept.append(ast.copy_location(ImportSet(bindings=(), migrated=tuple(sorted(migrated))), first))
    return kept
