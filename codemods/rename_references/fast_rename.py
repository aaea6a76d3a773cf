"""The ``rename_references`` stage without LibCST, for the files where it is plainly decidable (pure).

LibCST's scope analysis is most of the cost of a rewrite. In the common file it has an easy
answer: the legacy name is imported once, in the module's or a function's own scope, nothing
else in the file binds it, and the canonical name appears nowhere in the file. Then every
``Name`` node the stdlib parser sees with that identifier (in that function's body, for a
function-local import) is a reference to the import, and the rename is a splice of exact byte
spans: ``from app.old import Engine`` -> ``from app.old import Engine as UserEngine`` and each
``Engine`` -> ``UserEngine``, which is what ``RenameReferencesCommand`` writes. A name outside
the function of a function-local import is a free global there, read by neither.

``rename_fast`` returns None whenever any condition is in doubt, and the caller runs the LibCST
command instead: a second binding of the name anywhere (assignment, parameter, ``del``,
``global``, comprehension, another import), a from-import of a mapped name in a class body, the
name as a word of its own in any string (annotations, ``__all__``), inside an
f-string, a star import, PEP 695 syntax, a byte order mark, an encoding other than UTF-8, or
a lone carriage return. The test suite checks, on every pipeline snapshot and on generated
modules, that whenever it answers, it answers exactly what the LibCST command writes.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from codemods._support import own_scope_statements, parse_or_none, plain_bytes, resolve_module
from ssot_refactor.model import FileContext, Finding, nodes_of

Function = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class _Rename:
    """One legacy binding to rename: the import alias, its old and new local names, and the
    function whose own scope the import binds in (None: the module's)."""

    alias: ast.alias
    old: str
    new: str
    function: Function | None = None
    line: int = 0  #: the import statement's first line
    legacy: str = ""  #: ``module:Name``, as findings name it


#: the bytes and the findings ``RenameReferencesCommand`` would give
Renamed = tuple[bytes, tuple[Finding, ...]]


def rename_fast(source: bytes, ctx: FileContext) -> Renamed | None:
    """The bytes and findings ``rename_references`` would give, or None when unsure."""
    if not plain_bytes(source):
        return None
    tree = parse_or_none(source)
    if tree is None:
        return None
    renames = _renames(tree, ctx)
    if renames is None:
        return None
    if not renames:
        return source, ()
    kept = _fallbacks(tree, renames)
    if kept is None or not _safe(tree, source, renames, kept):
        return None
    findings = tuple(
        Finding(
            ctx.path,
            rename.line,
            f"{rename.old} is also bound at line {kept[rename.old]}; kept local name {rename.old} for {rename.legacy}",
        )
        for rename in sorted(renames, key=lambda r: (r.line, r.alias.col_offset))
        if rename.old in kept
    )
    moving = [rename for rename in renames if rename.old not in kept]
    return (_splice(source, _edits(tree, moving)) if moving else source), findings


def _renames(tree: ast.Module, ctx: FileContext) -> list[_Rename] | None:
    """The bindings the LibCST command would rename; None when one is out of this path's reach."""
    if ctx.keep_local_names:
        return []
    owners = _scope_owners(tree)
    renames: list[_Rename] = []
    for node in nodes_of(tree, ast.ImportFrom):
        source = resolve_module(node.module or "", node.level, ctx.module, ctx.is_package)
        if source is None or not ctx.name_map.is_legacy_module(source):
            continue
        for alias in node.names:
            if alias.name == "*":
                return None
            canonical = ctx.name_map.canonical_for(source, alias.name)
            if canonical is None or alias.asname is not None or "." in canonical.name:
                continue  # not mapped, or bound under an explicit alias: the command keeps it
            if alias.name in ctx.reexported or canonical.name == alias.name:
                continue  # a public name keeps its local name
            if id(node) not in owners:
                return None  # in a class body
            legacy = f"{source}:{alias.name}"
            renames.append(_Rename(alias, alias.name, canonical.name, owners[id(node)], node.lineno, legacy))
    return renames


def _fallbacks(tree: ast.Module, renames: list[_Rename]) -> dict[str, int] | None:
    """The names the command keeps because a plain ``name = ...`` in the import's module scope
    binds them too (``except ImportError: Engine = None``), each with the first such line.

    None when a name is rebound any other way, or a function-local import is rebound: only
    the command's scopes can tell those.
    """
    olds = {rename.old: rename for rename in renames}
    plain = {
        id(target)
        for statement in own_scope_statements(tree.body)
        if isinstance(statement, ast.Assign)
        for target in statement.targets
        if isinstance(target, ast.Name)
    }
    kept: dict[str, int] = {}
    for node in nodes_of(tree, ast.Name):
        if node.id in olds and not isinstance(node.ctx, ast.Load):
            if id(node) not in plain or olds[node.id].function is not None:
                return None
            kept[node.id] = min(kept.get(node.id, node.lineno), node.lineno)
    return kept


def _scope_owners(tree: ast.Module) -> dict[int, Function | None]:
    """id of each statement that runs in the module's or a function's own scope -> that function
    (None for the module); statements of class bodies are left out."""
    owners: dict[int, Function | None] = {id(s): None for s in own_scope_statements(tree.body)}
    functions: list[Function] = [*nodes_of(tree, ast.FunctionDef), *nodes_of(tree, ast.AsyncFunctionDef)]
    for node in functions:  # a statement runs in one function's scope at most: order is free
        owners.update((id(s), node) for s in own_scope_statements(node.body))
    return owners


def _safe(tree: ast.Module, source: bytes, renames: list[_Rename], fallbacks: dict[str, int]) -> bool:
    """Every reference of each old name is a plain ``Name`` of the one import (or, for a name in
    ``fallbacks``, of its plain module-level rebindings), and the new name is free."""
    olds = [rename.old for rename in renames]
    news = [rename.new for rename in renames]
    if len(set(olds)) != len(olds) or len(set(news)) != len(news) or set(olds) & set(news):
        return False
    if any(new.encode() in source for new in news):
        return False
    watched = set(olds)
    imports = {id(rename.alias) for rename in renames}
    return not (_binds_watched(tree, watched, imports, fallbacks) or _hides_watched(tree, watched))


#: the nodes whose ``name`` field is a name they bind (None for an unnamed handler or pattern)
_NAMED = (
    ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.ExceptHandler, ast.MatchAs, ast.MatchStar,
)  # fmt: skip
#: the nodes that may declare PEP 695 type parameters (``type_params`` from Python 3.12 on)
_GENERIC = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_TYPE_ALIAS: type[ast.AST] | None = getattr(ast, "TypeAlias", None)


def _binds_watched(tree: ast.Module, watched: set[str], imports: set[int], fallbacks: dict[str, int]) -> bool:
    """Some node binds, rebinds or deletes a watched name other than through the renamed imports;
    a plain rebinding of a name in ``fallbacks`` aside (the command keeps that name, with a finding).

    Read by node kind from the tree's lists, so only the kinds that can bind a name are looked at.
    """
    for node in nodes_of(tree, ast.Name):
        if node.id in watched and not isinstance(node.ctx, ast.Load) and node.id not in fallbacks:
            return True
    for alias in nodes_of(tree, ast.alias):
        if (alias.asname or alias.name.split(".")[0]) in watched and id(alias) not in imports:
            return True
    for kind in _NAMED:
        if any(getattr(node, "name", None) in watched for node in nodes_of(tree, kind)):
            return True
    if any(node.arg in watched for node in nodes_of(tree, ast.arg)):
        return True
    if any(watched.intersection(node.names) for node in nodes_of(tree, ast.Global)):
        return True
    if any(watched.intersection(node.names) for node in nodes_of(tree, ast.Nonlocal)):
        return True
    return any(node.rest in watched for node in nodes_of(tree, ast.MatchMapping))


def _hides_watched(tree: ast.Module, watched: set[str]) -> bool:
    """Some node may refer to a watched name where ``Name`` nodes do not show it (or not reliably):
    a string naming it, an f-string reading it, PEP 695 syntax, a star import."""
    for node in nodes_of(tree, ast.Constant):
        text = node.value
        if isinstance(text, str) and any(name in text and _names_it(text, name) for name in watched):
            return True
    for joined in nodes_of(tree, ast.JoinedStr):
        if any(isinstance(inner, ast.Name) and inner.id in watched for inner in ast.walk(joined)):
            return True
    if any(getattr(node, "type_params", None) for kind in _GENERIC for node in nodes_of(tree, kind)):
        return True
    if _TYPE_ALIAS is not None and nodes_of(tree, _TYPE_ALIAS):
        return True
    return any(alias.name == "*" for node in nodes_of(tree, ast.ImportFrom) for alias in node.names)


def _names_it(text: str, name: str) -> bool:
    """``name`` occurs in ``text`` as a word that is not an attribute (``"a.name"`` only names ``a``).

    Such a string may be an annotation or an ``__all__`` entry that reads the binding; a dotted
    path such as a patch target ``"pkg.old.Name"`` reads ``pkg``, never the local ``Name``.
    """
    return re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", text) is not None


def _edits(tree: ast.Module, renames: list[_Rename]) -> Iterator[tuple[int, int, int, bytes]]:
    """(line, start column, end column, new bytes) of every change, columns in UTF-8 bytes."""
    new_of = {rename.old: rename.new for rename in renames if rename.function is None}
    for rename in renames:
        alias = rename.alias
        assert alias.end_lineno is not None and alias.end_col_offset is not None
        yield alias.end_lineno, alias.end_col_offset, alias.end_col_offset, f" as {rename.new}".encode()
        if rename.function is not None:  # its references: the names in the function's body
            inside = (node for statement in rename.function.body for node in ast.walk(statement))
            yield from _name_edits(inside, {rename.old: rename.new})
    yield from _name_edits(nodes_of(tree, ast.Name), new_of)  # a module's binding: every name in the file


def _name_edits(nodes: Iterable[ast.AST], new_of: dict[str, str]) -> Iterator[tuple[int, int, int, bytes]]:
    for node in nodes:
        if isinstance(node, ast.Name) and node.id in new_of:
            assert node.end_lineno == node.lineno and node.end_col_offset is not None
            yield node.lineno, node.col_offset, node.end_col_offset, new_of[node.id].encode()


def _splice(source: bytes, edits: Iterator[tuple[int, int, int, bytes]]) -> bytes:
    """Apply edits given by line and byte column, last first."""
    starts = [0]
    for line in source.split(b"\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    absolute = sorted(
        ((starts[line - 1] + start, starts[line - 1] + end, text) for line, start, end, text in edits),
        reverse=True,
    )
    result = source
    for start, end, text in absolute:
        result = result[:start] + text + result[end:]
    return result
