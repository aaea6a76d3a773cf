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
import re
import weakref
from collections.abc import Iterable

from ssot_refactor.model import (
    FileContext,
    Finding,
    FindingCode,
    MemberCheck,
    NameMap,
    Severity,
    Target,
    nodes_of,
    source_tree,
)
from ssot_refactor.scan.class_body import own_members, walk_scope
from ssot_refactor.scan.definitions import Definition, SignatureReader
from ssot_refactor.scan.uses import Walker

#: what every class and instance has (``__class__``, ``__dict__``, ``mro``, ...)
_ALWAYS = frozenset(dir(type)) | frozenset(dir(object))


# --------------------------------------------------------------------------- members


#: per reader: each class's members once, by its definition (every legacy module's setup asks
#: for the canonical classes, and each re-export of a class names the same definition)
_MEMBERS: weakref.WeakKeyDictionary[SignatureReader, dict[int, frozenset[str] | None]] = (
    weakref.WeakKeyDictionary()
)
#: per module tree: ``Class.attr`` set at its top level, by class name
_SET_BY_MODULE: weakref.WeakKeyDictionary[ast.Module, dict[str, set[str]]] = weakref.WeakKeyDictionary()


def class_members(reader: SignatureReader, target: Target) -> frozenset[str] | None:
    """Every member of the class ``target`` names, its bases' included; None when not known for sure."""
    found = reader.resolve(target.module, target.name, 0) if "." not in target.name else None
    if found is None or not isinstance(found.node, ast.ClassDef):
        return None
    known = _MEMBERS.setdefault(reader, {})  # the reader keeps its trees, so the ids stay theirs
    if id(found.node) not in known:
        known[id(found.node)] = _class_members(reader, found)
    return known[id(found.node)]


def _class_members(reader: SignatureReader, found: Definition) -> frozenset[str] | None:
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
    if tree not in _SET_BY_MODULE:
        found: dict[str, set[str]] = {}
        for item in walk_scope(tree.body):
            if not isinstance(item, ast.Attribute) or isinstance(item.ctx, ast.Load):
                continue
            if isinstance(item.value, ast.Name):
                found.setdefault(item.value.id, set()).add(item.attr)
        _SET_BY_MODULE[tree] = found
    return set(_SET_BY_MODULE[tree].get(class_name, ()))


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


class Mentions:
    """Which module-level statements the member walk must visit: those whose text holds a word
    that can lead to a legacy class (an ASCII file only, where each identifier is a word).

    A member use reaches a legacy class through its name (an import of it, a chain ending in
    it, an annotation, ``isinstance``, a base class), through a module-level name bound to it or
    to a module on its path, or through a module-level instance of it. A statement with none
    of these words reads no member of a legacy class, stores none, binds no instance and
    rebinds none, so leaving it out changes nothing the walk records.
    """

    def __init__(self, walker: Walker, tree: ast.Module, source: bytes, name_map: NameMap) -> None:
        self.walker, self.tree, self.name_map = walker, tree, name_map
        self.strings: set[int] = set()  #: lines of strings holding a word (string annotations)
        self.lines = source.split(b"\n")
        self.words: frozenset[str] | None = None
        self.pattern: re.Pattern[bytes] | None = None
        self.compiled: frozenset[str] = frozenset()  #: the words ``pattern`` finds

    def __call__(self, statement: ast.stmt) -> bool:
        module = self.walker.scopes[0]
        if self.words is None:  # the module's bindings are known once its scope is entered
            legacy = [legacy.dotted for legacy, _ in self.name_map]
            self.words = frozenset(
                {legacy.head for legacy, _ in self.name_map}
                | {local for local, origin in module.bound.items() if origin and _on_path(origin, legacy)}
            )
            self.strings = _string_lines(self.tree, self.words)
        words = self.words | module.instances.keys()
        if self.pattern is None or words != self.compiled:
            alternatives = b"|".join(re.escape(word.encode()) for word in sorted(words))
            self.pattern, self.compiled = re.compile(rb"(?<!\w)(?:" + alternatives + rb")(?!\w)"), words
        first = min([statement.lineno, *(d.lineno for d in getattr(statement, "decorator_list", ()))])
        last = statement.end_lineno or statement.lineno
        if self.strings and any(first <= line <= last for line in self.strings):
            return True
        return self.pattern.search(b"\n".join(self.lines[first - 1 : last])) is not None


def _string_lines(tree: ast.Module, words: frozenset[str]) -> set[int]:
    """The lines of the strings holding one of ``words`` (an annotation may spell it with
    escapes or across literals), f-strings whole (their parts' positions may be approximate)."""

    def holds(node: ast.AST) -> bool:
        value = getattr(node, "value", None)
        return isinstance(value, str) and any(word in value for word in words)

    spans: list[ast.expr] = [node for node in nodes_of(tree, ast.Constant) if holds(node)]
    spans += [node for node in nodes_of(tree, ast.JoinedStr) if any(map(holds, ast.walk(node)))]
    return {line for node in spans for line in range(node.lineno, (node.end_lineno or node.lineno) + 1)}


def _on_path(origin: str, legacy: Iterable[str]) -> bool:
    """``origin`` is a legacy dotted path, a module or package on the way to one, or below one."""
    return any(
        path == origin or path.startswith(origin + ".") or origin.startswith(path + ".") for path in legacy
    )


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
    walker.run(tree, Mentions(walker, tree, source, ctx.name_map) if source.isascii() else None)
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
