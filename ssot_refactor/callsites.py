"""Call-site stage: how the repository calls its legacy callables, for the audit (pure, read-only).

For each mapped legacy callable that is called: whether its signature is compatible with the
canonical one (and why not), and its call sites grouped by shape (``positional-2``,
``keyword``, ``mixed``, ``no-args``, ``splat``, ``classmethod``, ``module-attribute``,
``partial``). For each legacy class: the attributes callers use on its instances that the
canonical class does not define. Read with the stdlib ``ast``; a name shadowed by a local or a
parameter is not a legacy reference.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from ssot_refactor.definitions import Definition, SignatureReader
from ssot_refactor.index import decode_source, module_name_for, resolve_relative
from ssot_refactor.model import CallPlan, Signature, Target
from ssot_refactor.scan import ScanResult
from ssot_refactor.signatures import call_plans, compatibility, format_signature
from ssot_refactor.spec import Spec

SHAPES = (
    "positional-N",
    "keyword",
    "mixed",
    "no-args",
    "splat",
    "classmethod",
    "module-attribute",
    "partial",
)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


@dataclass(frozen=True, slots=True)
class ShapeCount:
    """The call sites of one shape."""

    shape: str
    sites: tuple[str, ...]  #: ``path:line``, in path order

    @property
    def count(self) -> int:
        """How many call sites have this shape."""
        return len(self.sites)


@dataclass(frozen=True, slots=True)
class CalledName:
    """A legacy callable that is called, its canonical counterpart and its call sites."""

    legacy: Target
    canonical: Target
    has_rule: bool
    legacy_signature: Signature | None
    canonical_signature: Signature | None
    #: why calls written for the legacy signature would not bind to the canonical one
    reasons: tuple[str, ...]
    shapes: tuple[ShapeCount, ...]

    @property
    def compatible(self) -> bool | None:
        """True when every legacy call binds as written; None when a signature is unknown."""
        if self.legacy_signature is None or self.canonical_signature is None:
            return None
        return not self.reasons

    @property
    def calls(self) -> int:
        """Number of call sites."""
        return sum(shape.count for shape in self.shapes)


@dataclass(frozen=True, slots=True)
class MissingMember:
    """An attribute used on legacy instances that the canonical class does not define."""

    name: str
    sites: tuple[str, ...]  #: ``path:line``
    on_legacy: bool  #: the legacy class defines it (False: set elsewhere, or dynamic)


@dataclass(frozen=True, slots=True)
class InstanceGap:
    """What callers use on instances of a legacy class that its canonical class lacks."""

    legacy: Target
    canonical: Target
    canonical_known: bool  #: False when the canonical class could not be read (nothing listed)
    missing: tuple[MissingMember, ...]


@dataclass(frozen=True, slots=True)
class CallReport:
    """The audit's call section."""

    names: tuple[CalledName, ...]
    gaps: tuple[InstanceGap, ...]


# --------------------------------------------------------------------------- report


def call_report(spec: Spec, result: ScanResult) -> CallReport:
    """Call sites of every mapped legacy callable, by shape, and the instance attributes that differ."""
    reader = SignatureReader(result)
    resolver = _Resolver(spec, reader, call_plans(spec, result))
    sites: dict[Target, list[tuple[str, int, str]]] = defaultdict(list)
    uses: dict[Target, dict[str, list[tuple[str, int]]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(result.index):
        tree = _parse(result, path)
        if tree is None:
            continue
        module, is_package = module_name_for(path, result.source_roots)
        walker = _Walker(path, module, is_package, resolver)
        walker.run(tree)
        for legacy, line, shape in walker.calls:
            sites[legacy].append((path, line, shape))
        for legacy, attr, line in walker.members:
            uses[legacy][attr].append((path, line))
    names = tuple(_called(resolver.plan_for(legacy), entries) for legacy, entries in sites.items())
    gaps = tuple(
        gap
        for legacy, attrs in uses.items()
        if (gap := _gap(legacy, resolver.canonical_of(legacy), attrs, reader)) is not None
    )
    return CallReport(
        tuple(sorted(names, key=lambda n: str(n.legacy))), tuple(sorted(gaps, key=lambda g: str(g.legacy)))
    )


def call_report_data(report: CallReport) -> dict[str, object]:
    """The report as JSON-ready data."""
    return {
        "calls": [
            {
                "legacy": str(name.legacy),
                "canonical": str(name.canonical),
                "has_rule": name.has_rule,
                "legacy_signature": format_signature(name.legacy_signature),
                "canonical_signature": format_signature(name.canonical_signature),
                "compatible": name.compatible,
                "reasons": list(name.reasons),
                "count": name.calls,
                "shapes": [{"shape": s.shape, "count": s.count, "sites": list(s.sites)} for s in name.shapes],
            }
            for name in report.names
        ],
        "instance_gaps": [
            {
                "legacy": str(gap.legacy),
                "canonical": str(gap.canonical),
                "canonical_known": gap.canonical_known,
                "missing": [
                    {"name": m.name, "on_legacy": m.on_legacy, "count": len(m.sites), "sites": list(m.sites)}
                    for m in gap.missing
                ],
            }
            for gap in report.gaps
        ],
    }


def _called(plan: CallPlan, entries: list[tuple[str, int, str]]) -> CalledName:
    grouped: dict[str, list[str]] = defaultdict(list)
    for path, line, shape in sorted(entries):
        grouped[shape].append(f"{path}:{line}")
    shapes = tuple(
        ShapeCount(shape, tuple(found))
        for shape, found in sorted(grouped.items(), key=lambda i: (-len(i[1]), i[0]))
    )
    reasons: tuple[str, ...] = ()
    if plan.legacy_signature is not None and plan.canonical_signature is not None:
        reasons = compatibility(plan.legacy_signature, plan.canonical_signature)
    return CalledName(
        plan.legacy,
        plan.canonical,
        plan.has_rule,
        plan.legacy_signature,
        plan.canonical_signature,
        reasons,
        shapes,
    )


def _gap(
    legacy: Target,
    canonical: Target | None,
    attrs: Mapping[str, list[tuple[str, int]]],
    reader: SignatureReader,
) -> InstanceGap | None:
    if canonical is None:
        return None
    canonical_members = _members(reader, canonical)
    legacy_members = _members(reader, legacy) or set()
    if canonical_members is None:
        return InstanceGap(legacy, canonical, False, ())
    missing = tuple(
        MissingMember(attr, tuple(f"{path}:{line}" for path, line in sorted(sites)), attr in legacy_members)
        for attr, sites in sorted(attrs.items())
        if attr not in canonical_members
    )
    return InstanceGap(legacy, canonical, True, missing) if missing else None


def _members(reader: SignatureReader, target: Target) -> set[str] | None:
    """Everything instances of a class have: methods, class attributes, ``self.x`` assignments."""
    found = reader.resolve(target.module, target.name, 0) if "." not in target.name else None
    if found is None or not isinstance(found.node, ast.ClassDef):
        return None
    mro = reader.mro(found)
    if mro is None:
        return None
    members: set[str] = set()
    for owner in mro:
        members.update(_class_members(owner))
    return members


def _class_members(owner: Definition) -> Iterator[str]:
    for item in owner.node.body:
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield item.name
        elif isinstance(item, ast.Assign):
            yield from (t.id for t in item.targets if isinstance(t, ast.Name))
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            yield item.target.id
    for node in ast.walk(owner.node):
        if not isinstance(node, ast.Attribute) or not isinstance(node.ctx, ast.Store):
            continue
        if isinstance(node.value, ast.Name) and node.value.id == "self":
            yield node.attr


def _parse(result: ScanResult, path: str) -> ast.Module | None:
    try:
        return ast.parse(decode_source((result.root / path).read_bytes()), filename=path)
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError, LookupError):
        return None


# --------------------------------------------------------------------------- resolving


class _Resolver:
    """Turns an absolute dotted path into the legacy callable it names, re-exports followed."""

    def __init__(self, spec: Spec, reader: SignatureReader, plans: tuple[CallPlan, ...]) -> None:
        self.reader = reader
        self.plans = {plan.legacy: plan for plan in plans}
        self.name_map = spec.name_map
        self.reexports = reader.result.reexports
        self.extra: dict[Target, CallPlan] = {}

    def legacy_of(self, dotted: str) -> Target | None:
        """The spec-level legacy target ``dotted`` names (``module:Name`` or ``module:Name.attr``)."""
        parts = dotted.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            module, rest = ".".join(parts[:cut]), parts[cut:]
            origin = self.reexports.get((module, rest[0]))
            if origin is None and self.name_map.canonical_for(module, rest[0]) is not None:
                origin = Target(module, rest[0])
            if origin is not None and self.name_map.canonical_for(origin.module, origin.name) is not None:
                return Target(origin.module, ".".join([origin.name, *rest[1:]])) if len(rest) <= 2 else None
        return None

    def canonical_of(self, legacy: Target) -> Target | None:
        canonical = self.name_map.canonical_for(legacy.module, legacy.head)
        if canonical is None:
            return None
        return Target(
            canonical.module, ".".join(filter(None, (canonical.name, legacy.name.partition(".")[2])))
        )

    def plan_for(self, legacy: Target) -> CallPlan:
        plan = self.plans.get(legacy) or self.extra.get(legacy)
        if plan is None:
            canonical = self.canonical_of(legacy) or legacy
            plan = CallPlan(
                legacy, canonical, self.reader.signature(legacy), self.reader.signature(canonical)
            )
            self.extra[legacy] = plan
        return plan

    def is_class(self, legacy: Target) -> bool:
        tree = self.reader.resolve(legacy.module, legacy.head, 0)
        return tree is not None and isinstance(tree.node, ast.ClassDef)


@dataclass
class _Scope:
    node: ast.AST
    kind: str  #: "module" | "function" | "class"
    bound: dict[
        str, str | None
    ]  #: local name -> absolute dotted origin of an import, None for other bindings
    instances: dict[str, Target] = field(default_factory=dict)  #: names holding legacy instances


class _Walker:
    """Collects one file's legacy calls (with their shape) and the attributes used on legacy instances."""

    def __init__(self, path: str, module: str | None, is_package: bool, resolver: _Resolver) -> None:
        self.path, self.module, self.is_package, self.resolver = path, module, is_package, resolver
        self.scopes: list[_Scope] = []
        self.calls: list[tuple[Target, int, str]] = []
        self.members: list[tuple[Target, str, int]] = []
        self._classes: dict[Target, bool] = {}

    def run(self, tree: ast.Module) -> None:
        self._scope(tree, "module", tree.body)

    def _scope(self, node: ast.AST, kind: str, body: list[ast.stmt] | list[ast.expr]) -> None:
        scope = _Scope(node, kind, dict(self._bindings(node, body)))
        self.scopes.append(scope)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._annotated_parameters(node, scope)
        for statement in body:
            self._visit(statement)
        self.scopes.pop()

    def _visit(self, node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for outer in [
                *node.decorator_list,
                *node.args.defaults,
                *(d for d in node.args.kw_defaults if d),
            ]:
                self._visit(outer)
            self._scope(node, "function", node.body)
            return
        if isinstance(node, ast.ClassDef):
            for outer in [*node.decorator_list, *node.bases]:
                self._visit(outer)
            self._scope(node, "class", node.body)
            return
        if isinstance(node, ast.Lambda):
            self._scope(node, "function", [node.body])
            return
        if isinstance(node, ast.Call):
            self._call(node)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            self._instance_assignment(node)
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and isinstance(node.ctx, ast.Load)
        ):
            legacy = self.scopes[-1].instances.get(node.value.id)
            if legacy is not None:
                self.members.append((legacy, node.attr, node.lineno))
        for child in ast.iter_child_nodes(node):
            self._visit(child)

    # names --------------------------------------------------------------------

    def _bindings(
        self, node: ast.AST, body: list[ast.stmt] | list[ast.expr]
    ) -> Iterator[tuple[str, str | None]]:
        imports: dict[str, str] = {}
        others: set[str] = set()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            args = node.args
            others.update(
                a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg] if a
            )
        for item in _walk_scope(body):
            if isinstance(item, ast.Import):
                for alias in item.names:
                    local = alias.asname or alias.name.split(".")[0]
                    imports[local] = alias.name if alias.asname else alias.name.split(".")[0]
            elif isinstance(item, ast.ImportFrom):
                base = resolve_relative(self.module, self.is_package, item.level, item.module)
                for alias in item.names:
                    if alias.name != "*" and base:
                        imports[alias.asname or alias.name] = f"{base}.{alias.name}"
            elif isinstance(item, ast.Name) and isinstance(item.ctx, ast.Store):
                others.add(item.id)
            elif isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                others.add(item.name)
        yield from imports.items()
        yield from ((name, None) for name in others - set(imports))

    def resolve(self, node: ast.AST) -> str | None:
        """The absolute dotted path an expression names through this file's imports, or None."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        innermost = self.scopes[-1]
        for scope in reversed(self.scopes):
            if node.id in scope.bound and (scope.kind != "class" or scope is innermost):
                origin = scope.bound[node.id]
                return None if origin is None else ".".join([origin, *reversed(parts)])
        return None

    # calls --------------------------------------------------------------------

    def _call(self, node: ast.Call) -> None:
        dotted = self.resolve(node.func)
        legacy = self.resolver.legacy_of(dotted) if dotted else None
        shape = None
        if (
            legacy is None
            and dotted == "functools.partial"
            and node.args
            and not isinstance(node.args[0], ast.Starred)
        ):
            inner = self.resolve(node.args[0])
            legacy = self.resolver.legacy_of(inner) if inner else None
            shape = "partial"
        if legacy is None:
            return
        if shape is None:
            shape = call_shape(node, legacy, isinstance(node.func, ast.Attribute) and "." not in legacy.name)
        self.calls.append((legacy, node.lineno, shape))

    def _legacy_class_call(self, value: ast.expr | None) -> Target | None:
        if not isinstance(value, ast.Call):
            return None
        dotted = self.resolve(value.func)
        legacy = self.resolver.legacy_of(dotted) if dotted else None
        if legacy is None:
            return None
        head = Target(legacy.module, legacy.head)
        return head if self._is_class(head) else None

    def _legacy_class_annotation(self, annotation: ast.expr | None) -> Target | None:
        if annotation is None:
            return None
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                annotation = ast.parse(annotation.value.strip(), mode="eval").body
            except SyntaxError:
                return None
        for node in ast.walk(annotation):
            if isinstance(node, (ast.Name, ast.Attribute)):
                dotted = self.resolve(node)
                legacy = self.resolver.legacy_of(dotted) if dotted else None
                if legacy is not None and "." not in legacy.name and self._is_class(legacy):
                    return legacy
        return None

    def _is_class(self, legacy: Target) -> bool:
        if legacy not in self._classes:
            self._classes[legacy] = self.resolver.is_class(legacy)
        return self._classes[legacy]

    # instances ----------------------------------------------------------------

    def _instance_assignment(self, node: ast.Assign | ast.AnnAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        legacy = self._legacy_class_call(node.value)
        if legacy is None and isinstance(node, ast.AnnAssign):
            legacy = self._legacy_class_annotation(node.annotation)
        for target in targets:
            if isinstance(target, ast.Name) and legacy is not None:
                self.scopes[-1].instances[target.id] = legacy

    def _annotated_parameters(self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: _Scope) -> None:
        args = node.args
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        for param in params:
            legacy = self._legacy_class_annotation(param.annotation)
            if legacy is not None:
                scope.instances[param.arg] = legacy
        for decorator in node.decorator_list:
            if (
                isinstance(decorator, ast.Call)
                and isinstance(decorator.func, ast.Attribute)
                and decorator.func.attr == "register"
                and decorator.args
                and params
            ):
                legacy = self._legacy_class_annotation(decorator.args[0])
                if legacy is not None:
                    scope.instances[params[0].arg] = legacy
        for test in ast.walk(node):
            if (
                isinstance(test, ast.Call)
                and isinstance(test.func, ast.Name)
                and test.func.id == "isinstance"
                and len(test.args) == 2
            ):
                subject, kind = test.args
                legacy = self._legacy_class_annotation(kind) if isinstance(subject, ast.Name) else None
                if legacy is not None and isinstance(subject, ast.Name):
                    scope.instances[subject.id] = legacy


def call_shape(node: ast.Call, legacy: Target, through_module: bool) -> str:
    """The shape of one legacy call: splat, classmethod, module-attribute, or its arguments."""
    if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
        return "splat"
    if "." in legacy.name:
        return "classmethod"
    if through_module:
        return "module-attribute"
    if not node.args and not node.keywords:
        return "no-args"
    if not node.keywords:
        return f"positional-{len(node.args)}"
    return "keyword" if not node.args else "mixed"


def _walk_scope(roots: list[ast.stmt] | list[ast.expr]) -> Iterator[ast.AST]:
    """Nodes of one scope, not descending into nested scopes (their definitions are yielded)."""
    stack: list[ast.AST] = list(roots)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, _SCOPES):
            continue
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue
        stack.extend(ast.iter_child_nodes(node))
