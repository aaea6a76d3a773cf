"""Scan stage: the call plans of a migration, with legacy and canonical signatures compared (pure).

Signatures are read from source by ``definitions.SignatureReader`` (stdlib ``ast``, nothing
imported or executed; ``None`` when unknown). ``compatibility`` says why calls written for a
legacy signature would not bind to a canonical one; ``call_plans`` pairs every mapped legacy
callable and every ``[[legacy.calls]]`` rule with both signatures, for ``FileContext.calls``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from ssot_refactor.model import CallPlan, NameMap, Param, Signature, Target
from ssot_refactor.model.notation import (
    KEYWORD_ONLY,
    POSITIONAL_ONLY,
    POSITIONAL_OR_KEYWORD,
    VAR_KEYWORD,
    VAR_POSITIONAL,
    format_signature,
    parse_signature,
)
from ssot_refactor.scan.definitions import SignatureReader
from ssot_refactor.scan.installed import installed_signatures
from ssot_refactor.scan.records import ClassInfo
from ssot_refactor.scan.scanner import ScanResult
from ssot_refactor.spec import Spec

POSITIONAL_KINDS = (POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD)
KEYWORD_KINDS = (POSITIONAL_OR_KEYWORD, KEYWORD_ONLY)

__all__ = [
    "SignatureReader",
    "call_plans",
    "compatibility",
    "format_signature",
    "parse_signature",
    "plans_for",
    "read_signature",
]


# --------------------------------------------------------------------------- compatibility


def compatibility(legacy: Signature, canonical: Signature) -> tuple[str, ...]:
    """Why calls written for ``legacy`` would not bind to ``canonical`` as they are; empty: they all do."""
    reasons: list[str] = []
    legacy_positional = [p for p in legacy.params if p.kind in POSITIONAL_KINDS]
    canonical_positional = [p for p in canonical.params if p.kind in POSITIONAL_KINDS]
    canonical_var_positional = any(p.kind == VAR_POSITIONAL for p in canonical.params)
    for index, param in enumerate(legacy_positional):
        other = canonical_positional[index] if index < len(canonical_positional) else None
        if other is None and not canonical_var_positional:
            reasons.append(f"positional parameter {index + 1} ({param.name}) has no canonical position")
        elif other is not None and param.kind == POSITIONAL_OR_KEYWORD and other.name != param.name:
            reasons.append(f"position {index + 1} is {param.name} in legacy but {other.name} in canonical")
    for param in legacy.params:
        reasons.extend(_keyword_reasons(param, canonical))
    for param in canonical.params:
        if param.has_default or param.kind in (VAR_POSITIONAL, VAR_KEYWORD):
            continue
        if not _has_counterpart(param, canonical, legacy):
            reasons.append(f"required parameter {param.name} has no counterpart in legacy")
    if canonical.is_async and not legacy.is_async:
        reasons.append("canonical is async but legacy is not (calls would get a coroutine)")
    elif legacy.is_async and not canonical.is_async:
        reasons.append("legacy is async but canonical is not (awaiting its result fails)")
    return tuple(dict.fromkeys(reasons))


def _keyword_reasons(param: Param, canonical: Signature) -> Iterator[str]:
    accepts_any = any(p.kind == VAR_KEYWORD for p in canonical.params)
    match = next((p for p in canonical.params if p.name == param.name), None)
    if param.kind in KEYWORD_KINDS and not accepts_any and (match is None or match.kind not in KEYWORD_KINDS):
        yield f"keyword {param.name} is not accepted by canonical"
    if param.kind == VAR_POSITIONAL and not any(p.kind == VAR_POSITIONAL for p in canonical.params):
        yield f"*{param.name} has no canonical counterpart"
    if param.kind == VAR_KEYWORD and not accepts_any:
        yield f"**{param.name} has no canonical counterpart"
    if (
        param.has_default
        and match is not None
        and not match.has_default
        and match.kind not in (VAR_POSITIONAL, VAR_KEYWORD)
    ):
        yield f"{param.name} is optional in legacy but required in canonical"


def _has_counterpart(param: Param, canonical: Signature, legacy: Signature) -> bool:
    """A required canonical parameter is served when legacy has it too (by name or by position)."""
    if any(p.name == param.name and p.kind not in (VAR_POSITIONAL, VAR_KEYWORD) for p in legacy.params):
        return True
    if param.kind != POSITIONAL_ONLY:
        return False
    index = [p for p in canonical.params if p.kind in POSITIONAL_KINDS].index(param)
    legacy_positional = [p for p in legacy.params if p.kind in POSITIONAL_KINDS]
    return index < len(legacy_positional) and not legacy_positional[index].has_default


# --------------------------------------------------------------------------- call plans


#: stands for a constructor both classes inherit unchanged from the same bases outside the repository
INHERITED = Signature((Param("args", "var_positional"), Param("kwargs", "var_keyword")))


def same_inherited_constructor(result: ScanResult, legacy: Target, canonical: Target) -> bool:
    """True when both are classes with the same bases and neither defines ``__init__``/``__new__``.

    Their constructors are then the one they inherit (``class Registry(dict): ...``), unknown
    but identical, so a call binds to one exactly as it binds to the other.
    """
    classes = [_class_info(result, target) for target in (legacy, canonical)]
    if None in classes:
        return False
    first, second = classes
    assert first is not None and second is not None
    constructors = {"__init__", "__new__"} & (set(first.methods) | set(second.methods))
    plain = not (first.decorated or second.decorated)  # a decorator may generate a constructor
    return first.bases == second.bases and plain and not constructors


def _class_info(result: ScanResult, target: Target) -> ClassInfo | None:
    info = result.info_of(target.module)
    if info is None or "." in target.name:
        return None
    return next((klass for klass in info.classes if klass.name == target.name), None)


def call_plans(spec: Spec, result: ScanResult, reader: SignatureReader | None = None) -> tuple[CallPlan, ...]:
    """One plan per mapped legacy callable and per ``[[legacy.calls]]`` rule, signatures read.

    A rule replaces the plain plan of the same legacy name. Each plan is repeated for every
    module that re-exports its legacy name (``legacy`` then names the re-export), so a file is
    matched by the target it really imports, the way ``plan.module_name_map`` maps names.
    """
    signature = _signature_reader(spec, result, reader or SignatureReader(result))
    plans: dict[Target, CallPlan] = {}
    for entry in spec.legacy:
        mapped = dict(entry.names)
        for name, canonical in entry.names:
            legacy = Target(entry.module, name)
            signatures = signature(legacy), signature(canonical)
            if signatures == (None, None) and same_inherited_constructor(result, legacy, canonical):
                signatures = (INHERITED, INHERITED)
            plans[legacy] = CallPlan(legacy, canonical, *signatures)
        for rule in entry.calls:
            head, _, rest = rule.name.partition(".")
            canonical = rule.canonical or Target(
                mapped[head].module, ".".join(filter(None, (mapped[head].name, rest)))
            )
            legacy = Target(entry.module, rule.name)
            plans[legacy] = CallPlan(
                legacy,
                canonical,
                signature(legacy),
                signature(canonical),
                keywords=rule.keywords,
                rename=rule.rename,
                drop=rule.drop,
                add=rule.add,
                imports=rule.imports,
                await_mode=rule.await_mode,
                has_rule=True,
                same_signature=rule.same_signature,
            )
    own = list(plans.values())
    for (module, local), target in sorted(result.reexports.items()):
        for plan in own:
            if (plan.legacy.module, plan.legacy.head) == (target.module, target.name):
                alias = Target(module, local + plan.legacy.name[len(plan.legacy.head) :])
                plans.setdefault(alias, replace(plan, legacy=alias))
    return tuple(plans.values())


def _signature_reader(
    spec: Spec, result: ScanResult, reader: SignatureReader
) -> Callable[[Target], Signature | None]:
    """Signatures from the repository's sources; for targets outside it, from installed packages.

    The installed packages are asked once, for every target of the spec the sources cannot give
    (``ssot_refactor.scan.installed``: an isolated interpreter that never imports repository code).
    """
    targets = [Target(entry.module, name) for entry in spec.legacy for name, _ in entry.names]
    targets += [canonical for entry in spec.legacy for _, canonical in entry.names]
    targets += [rule.canonical for entry in spec.legacy for rule in entry.calls if rule.canonical is not None]
    outside = [t for t in targets if not _in_repository(result, t.module) and reader.signature(t) is None]
    installed = installed_signatures(outside, result.root) if outside else {}

    def signature(target: Target) -> Signature | None:
        return reader.signature(target) or installed.get(target)

    return signature


def _in_repository(result: ScanResult, module: str) -> bool:
    """True when the module or a package above it is a file of the repository."""
    parts = module.split(".")
    return any(result.path_of(".".join(parts[:end])) is not None for end in range(len(parts), 0, -1))


def plans_for(plans: Sequence[CallPlan], name_map: NameMap) -> tuple[CallPlan, ...]:
    """The plans a file's ``FileContext.calls`` needs: those whose legacy name the name map maps."""
    return tuple(plan for plan in plans if name_map.canonical_for(plan.legacy.module, plan.legacy.head))


def read_signature(result: ScanResult, target: Target) -> Signature | None:
    """The signature of ``module:Name`` or ``module:Class.method`` in the repository, or None."""
    return SignatureReader(result).signature(target)
