"""Scan stage: the members of the canonical classes, and the member uses a rename would break (pure).

Renaming ``Legacy`` to ``Canonical`` keeps every ``Legacy.attr`` and every ``instance.attr``
as written, so each member a file reads on a legacy class or on an instance of it (see
``uses``) must exist on the canonical class: in its body (methods, properties, class
attributes, annotated and dataclass fields, nested classes, ``__slots__``), in what its
methods store on ``self``/``cls``, in what its module sets on it, and in its bases in the
repository. When that cannot be known for sure (a base outside the repository, a
``__getattr__``, ``setattr`` on the instance, a decorator or metaclass that may add members)
nothing is checked.

A use of a member the canonical class lacks blocks the legacy name in that file, as a call
that would not bind does: the file keeps its legacy import and the redirect waits. A member
the legacy class lacks too fails today already: it is reported apart (``broken-member``).
The planner computes the checks (``member_checks``, with the repository's definitions); the
worker that rewrites a file runs ``member_gaps`` on the bytes the call rewrite left.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from ssot_refactor.model import (
    FileContext,
    Finding,
    FindingCode,
    MemberCheck,
    NameMap,
    Severity,
    Target,
    source_tree,
)
from ssot_refactor.scan.class_body import is_name, own_members, walk_scope
from ssot_refactor.scan.definitions import SignatureReader
from ssot_refactor.scan.uses import Walker

#: what every class and instance has (``__class__``, ``__dict__``, ``mro``, ...)
_ALWAYS = frozenset(dir(type)) | frozenset(dir(object))


# --------------------------------------------------------------------------- members


def class_members(reader: SignatureReader, target: Target) -> frozenset[str] | None:
    """Every member of the class ``target`` names, its bases' included; None when not known for sure."""
    found = reader.resolve(target.module, target.name, 0) if "." not in target.name else None
    if found is None or not isinstance(found.node, ast.ClassDef):
        return None
    order = reader.mro(found)
    if order is None:
        return None
    members: set[str] = set()
    for owner in order:
        assert isinstance(owner.node, ast.ClassDef)
        own = own_members(owner.node)
        if own is None:
            return None
        members |= own | _set_by_module(reader.tree(owner.module), owner.node.name)
    return frozenset(members)


def _set_by_module(tree: ast.Module | None, class_name: str) -> set[str]:
    """``Class.attr = ...`` at the top level of the class's module."""
    if tree is None:
        return set()
    return {
        item.attr
        for item in walk_scope(tree.body)
        if isinstance(item, ast.Attribute)
        and not isinstance(item.ctx, ast.Load)
        and is_name(item.value, class_name)
    }


def member_checks(reader: SignatureReader, name_map: NameMap) -> tuple[MemberCheck, ...]:
    """One check per mapped legacy class whose canonical class's members are known for sure."""
    checks = []
    for legacy, canonical in name_map:
        if "." in legacy.name or "." in canonical.name:
            continue
        found = reader.resolve(legacy.module, legacy.name, 0)
        if found is None or not isinstance(found.node, ast.ClassDef):
            continue
        members = class_members(reader, canonical)
        if members is not None:
            checks.append(MemberCheck(legacy, canonical, members, class_members(reader, legacy)))
    return tuple(checks)


def missing(members: frozenset[str], attr: str) -> bool:
    """True when ``attr`` read on a class or an instance is none of its ``members`` (nor what all have)."""
    return attr not in members and attr not in _ALWAYS and not _is_dunder(attr)


def _is_dunder(attr: str) -> bool:
    return len(attr) > 4 and attr.startswith("__") and attr.endswith("__")


# --------------------------------------------------------------------------- one file


class _MapResolver:
    """Resolves dotted paths through a file's name map (the worker has no repository definitions)."""

    def __init__(self, name_map: NameMap, checks: Iterable[Target]) -> None:
        self.name_map = name_map
        self.classes = frozenset(checks)

    def legacy_of(self, dotted: str) -> Target | None:
        parts = dotted.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            module, rest = ".".join(parts[:cut]), parts[cut:]
            if self.name_map.canonical_for(module, rest[0]) is not None:
                return Target(module, ".".join(rest)) if len(rest) <= 2 else None
        return None

    def is_class(self, legacy: Target) -> bool:
        return legacy in self.classes


def member_gaps(source: bytes, ctx: FileContext) -> tuple[Finding, ...]:
    """The member reads in ``source`` that the rename would point at a canonical class lacking them."""
    checks = {
        check.legacy: check
        for check in ctx.members
        if ctx.name_map.canonical_for(check.legacy.module, check.legacy.name) is not None
    }
    if not checks:
        return ()
    tree = source_tree(source)  # shared with the codemods; only read here
    if tree is None:
        return ()  # the codemods report a file they cannot parse
    walker = Walker(ctx.module, ctx.is_package, _MapResolver(ctx.name_map, checks))
    walker.run(tree)
    findings = []
    for use in walker.members:
        check = checks[use.legacy]
        if not missing(check.members, use.attr) or (use.legacy, use.attr) in walker.stored:
            continue
        where = (
            f"{use.legacy.name}.{use.attr}" if use.on_class else f"{use.attr} of a {use.legacy.name} instance"
        )
        if check.legacy_members is not None and use.attr not in check.legacy_members:
            code = FindingCode.BROKEN_MEMBER
            message = (
                f"{where}: neither {use.legacy} nor {check.canonical} defines {use.attr!r}, so it fails "
                "before the migration too; left unchanged"
            )
        else:
            code = FindingCode.MISSING_METHOD if use.called and use.on_class else FindingCode.MISSING_MEMBER
            message = f"{where}: {check.canonical} defines no {use.attr!r}; left unchanged"
        findings.append(
            Finding(
                ctx.path, use.line, message, Severity.WARNING, code=code, subject=use.legacy, member=use.attr
            )
        )
    return tuple(sorted(set(findings), key=lambda f: (f.line, f.member)))
