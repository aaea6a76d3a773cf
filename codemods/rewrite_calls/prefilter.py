"""The prefilter of ``rewrite_calls``: can the command act on this file? (pure, stdlib ``ast`` only).

The contract of every prefilter (``codemods._support.prefilter``): it may only err towards
"yes", and when it says "no" the command would have returned the file unchanged with no finding.
Imports are resolved as the command resolves LibCST's qualified names, so both agree on which
local names can lead to a planned legacy callable.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from codemods._support import parse_or_none, resolve_module
from codemods.rewrite_calls.arguments import leaves_every_call
from ssot_refactor.model import FileContext, Signature, nodes_of
from ssot_refactor.model.notation import bind_shape


def may_rewrite_calls(source: bytes, ctx: FileContext) -> bool:
    """Can ``rewrite_calls`` act here? Only on a call whose callee (or ``partial``'s first
    argument) starts at a name bound by an import that can lead to a planned legacy callable,
    or on a call of a callable whose legacy and canonical signatures are the same (nothing to
    rewrite) that does not bind to that signature (``rewrite_calls`` blocks it as broken)."""
    mapped = [plan for plan in ctx.calls if ctx.name_map.canonical_for(plan.legacy.module, plan.legacy.head)]
    callables = {plan.legacy.dotted for plan in mapped if not leaves_every_call(plan)}
    checked = {
        plan.legacy.dotted: plan.legacy_signature
        for plan in mapped
        if leaves_every_call(plan) and plan.legacy_signature is not None
    }
    if not callables and not checked:
        return False
    tree = parse_or_none(source)
    if tree is None:
        return True
    bound = _import_bound_names(tree, ctx, callables | set(checked))
    if bound is None:
        return True
    if not bound:
        return False
    return any(_call_may_act(node, bound, callables, checked) for node in nodes_of(tree, ast.Call))


def _call_may_act(
    node: ast.Call, bound: dict[str, set[str]], callables: set[str], checked: dict[str, Signature]
) -> bool:
    """Can ``rewrite_calls`` act on this call: does it name a planned callable, or break a checked one?"""
    if callables and _may_name(node.func, bound, callables):
        return True
    if callables and node.args and _may_name(node.args[0], bound, callables):
        return True
    if not checked:
        return False
    # only a callable the callee (or ``partial``'s first argument) can name may break
    named = _dotted_through(node.func, bound) | (_dotted_through(node.args[0], bound) if node.args else set())
    return any(_breaks(node, bound, dotted, checked[dotted]) for dotted in sorted(named & checked.keys()))


def _breaks(node: ast.Call, bound: dict[str, set[str]], dotted: str, signature: Signature) -> bool:
    """A call of ``dotted`` (or ``functools.partial`` of it) whose arguments do not bind to ``signature``."""
    partial = (
        bool(node.args)
        and _may_name(node.args[0], bound, {dotted})
        and not _may_name(node.func, bound, {dotted})
    )
    if not partial and not _may_name(node.func, bound, {dotted}):
        return False
    args = node.args[1:] if partial else node.args
    if any(isinstance(a, ast.Starred) for a in args) or any(k.arg is None for k in node.keywords):
        return False  # cannot be checked; the same signature takes it as it is
    chain = node.args[0] if partial else node.func
    if dotted not in _dotted_through(chain, bound):
        return False  # a member of the callable (its own plan decides) or not a plain chain
    return isinstance(
        bind_shape(len(args), [str(k.arg) for k in node.keywords], signature, partial=partial), str
    )


def _dotted_through(node: ast.expr, bound: dict[str, set[str]]) -> set[str]:
    """The dotted names a plain ``a.b.c`` chain can name through the imports, or an empty set."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in bound:
        return set()
    return {".".join([head, *reversed(parts)]) for head in bound[node.id]}


def _import_bound_names(
    tree: ast.Module, ctx: FileContext, callables: set[str]
) -> dict[str, set[str]] | None:
    """Local name -> the dotted names imports bind it to, for the names bound to a legacy callable
    or to a module on its path; None when unsure (an unresolvable relative import, a star import)."""
    bound: dict[str, set[str]] = {}
    for node in nodes_of(tree, ast.Import, ast.ImportFrom):
        if isinstance(node, ast.Import):
            bindings = _import_bindings(node, callables)
        elif isinstance(node, ast.ImportFrom):
            found = _from_import_bindings(node, ctx, callables)
            if found is None:
                return None
            bindings = found
        else:
            continue
        for local, dotted in bindings:
            bound.setdefault(local, set()).add(dotted)
    return bound


def _import_bindings(node: ast.Import, callables: set[str]) -> list[tuple[str, str]]:
    """(local name, dotted name) for each name an ``import`` binds on the way to a legacy callable."""
    bindings: list[tuple[str, str]] = []
    for alias in node.names:
        dotted = alias.name if alias.asname else alias.name.split(".")[0]
        if _leads_to(dotted, callables):
            bindings.append((alias.asname or dotted, dotted))
    return bindings


def _from_import_bindings(
    node: ast.ImportFrom, ctx: FileContext, callables: set[str]
) -> list[tuple[str, str]] | None:
    """(local name, dotted name) for each name a ``from`` import binds on the way to a legacy callable;
    None when unsure (an unresolvable relative import, a star import from a module on the way)."""
    module = resolve_module(node.module or "", node.level, ctx.module, ctx.is_package)
    if module is None:
        return None
    bindings: list[tuple[str, str]] = []
    for alias in node.names:
        if alias.name == "*":
            if _leads_to(module, callables):
                return None
            continue
        if _leads_to(f"{module}.{alias.name}", callables):
            bindings.append((alias.asname or alias.name, f"{module}.{alias.name}"))
    return bindings


def _leads_to(dotted: str, callables: Iterable[str]) -> bool:
    """``dotted`` is a callable of the plan or a prefix of one on dotted-name boundaries."""
    return any(name == dotted or name.startswith(dotted + ".") for name in callables)


def _may_name(node: ast.expr, bound: dict[str, set[str]], callables: set[str]) -> bool:
    """Can this expression refer to a planned callable (or to something on or under one)?

    A plain ``a.b.c`` chain is resolved through the import binding ``a``: ``typing.cast`` does
    not name ``typing.AbstractSet``. Any other chain (``a.b[c](d).e``) only needs to start at a
    bound name.
    """
    parts: list[str] = []
    current: ast.expr = node
    while isinstance(current, ast.Attribute):
        parts.append(current.attr)
        current = current.value
    if isinstance(current, ast.Name):
        if current.id not in bound:
            return False
        for head in bound[current.id]:  # a name bound by several imports may be any of them
            dotted = ".".join([head, *reversed(parts)])
            if any(
                n == dotted or n.startswith(dotted + ".") or dotted.startswith(n + ".") for n in callables
            ):
                return True
        return False
    root = _root_name(current)
    return root is not None and root in bound


def _root_name(node: ast.expr) -> str | None:
    """The name an expression chain (``a.b[c](d).e``) starts from."""
    for current in _chain(node):
        if isinstance(current, ast.Name):
            return current.id
    return None


def _chain(node: ast.expr) -> Iterator[ast.expr]:
    current: ast.expr | None = node
    while current is not None:
        yield current
        if isinstance(current, (ast.Attribute, ast.Subscript)):
            current = current.value
        elif isinstance(current, ast.Call):
            current = current.func
        else:
            current = None
