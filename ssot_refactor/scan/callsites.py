"""Scan stage: how the repository calls its legacy callables, for the audit (pure, read-only).

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
from collections.abc import Mapping
from dataclasses import dataclass

from ssot_refactor.model import CallPlan, Signature, Target
from ssot_refactor.scan.definitions import SignatureReader
from ssot_refactor.scan.members import class_members, missing
from ssot_refactor.scan.records import decode_source, module_name_for
from ssot_refactor.scan.scanner import ScanResult
from ssot_refactor.scan.signatures import call_plans, compatibility, format_signature
from ssot_refactor.scan.uses import MemberUse, Walker
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


def call_report(spec: Spec, result: ScanResult, reader: SignatureReader | None = None) -> CallReport:
    """Call sites of every mapped legacy callable, by shape, and the instance attributes that differ."""
    reader = reader or SignatureReader(result)
    resolver = _Resolver(spec, reader, call_plans(spec, result, reader))
    sites: dict[Target, list[tuple[str, int, str]]] = defaultdict(list)
    uses: dict[Target, dict[str, list[tuple[str, int]]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(result.index):
        tree = _parse(result, path)
        if tree is None:
            continue
        module, is_package = module_name_for(path, result.source_roots)
        walker = Walker(module, is_package, resolver)
        walker.run(tree)
        for legacy, line, shape in walker.calls:
            sites[legacy].append((path, line, shape))
        for use in walker.members:
            if (use.legacy, use.attr) not in walker.stored and not (use.called and resolver.replaced(use)):
                uses[use.legacy][use.attr].append((path, use.line))
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
    canonical_members = class_members(reader, canonical)
    legacy_members = class_members(reader, legacy) or frozenset()
    if canonical_members is None:
        return InstanceGap(legacy, canonical, False, ())
    lacking = tuple(
        MissingMember(attr, tuple(f"{path}:{line}" for path, line in sorted(sites)), attr in legacy_members)
        for attr, sites in sorted(attrs.items())
        if missing(canonical_members, attr)
    )
    return InstanceGap(legacy, canonical, True, lacking) if lacking else None


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

    def replaced(self, use: MemberUse) -> bool:
        """True when a ``[[legacy.calls]]`` rule calls another callable instead of ``Legacy.attr``."""
        member = Target(use.legacy.module, f"{use.legacy.name}.{use.attr}")
        plan = self.plans.get(member)
        return plan is not None and plan.has_rule and plan.canonical != self.canonical_of(member)

    def is_class(self, legacy: Target) -> bool:
        tree = self.reader.resolve(legacy.module, legacy.head, 0)
        return tree is not None and isinstance(tree.node, ast.ClassDef)
