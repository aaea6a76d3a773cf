"""``[[legacy.calls]]`` rules a draft spec proposes, or the open question it leaves instead (pure).

Drafted from the two signatures, only where the answer is unambiguous:

- the canonical class has an alternative constructor (a class- or static method) that every
  legacy call binds to as written: calls go to it, by keyword when the parameter names agree;
- both take the same parameters in the same order and only names differ, no new name being
  one of the old ones: a keyword rename.

Anything else is a commented-out rule with the reasons the calls do not bind and where they are:
a person decides what the arguments become.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ssot_refactor.draft.evidence import CanonicalClass
from ssot_refactor.model import Signature, Target
from ssot_refactor.scan.callsites import CalledName
from ssot_refactor.scan.signatures import compatibility, format_signature

#: how many call sites an open question lists
MAX_SITES = 5


@dataclass(frozen=True, slots=True)
class CallDraft:
    """A drafted rule (``canonical``/``keywords``/``rename``), or an open question (``todo``)."""

    name: str  #: the legacy callable as the rule names it
    canonical: Target | None = None
    keywords: bool = False
    rename: tuple[tuple[str, str], ...] = ()
    reason: str = ""  #: why this rule (a comment above it)
    todo: tuple[str, ...] = ()  #: comment lines of an open question; no rule is written


def call_draft(
    called: CalledName, canonical: CanonicalClass | None, signature_of: Callable[[Target], Signature | None]
) -> CallDraft | None:
    """The rule for one called legacy callable whose calls do not bind as written; None when they do
    (or when its own signature cannot be read).

    A legacy classmethod the canonical class lacks (``Legacy._from_factory``) gets the same search
    among the canonical class's alternative constructors.
    """
    legacy, target = called.legacy_signature, called.canonical
    if called.has_rule or called.compatible is True or legacy is None:
        return None
    name = called.legacy.name
    head = target.name.split(".")[0]
    for factory in canonical.factories if canonical is not None and canonical.target.name == head else ():
        found_at = Target(target.module, f"{head}.{factory}")
        found = signature_of(found_at)
        if found is not None and not compatibility(legacy, found):
            same = _names(legacy) == _names(found)
            return CallDraft(
                name, found_at, same, reason=f"every call binds to {found_at.name}{format_signature(found)}"
            )
    renamed = _renames(legacy, called.canonical_signature)
    if renamed:
        pairs = ", ".join(f"{old} -> {new}" for old, new in renamed)
        return CallDraft(name, None, True, renamed, reason=f"the same parameters, renamed: {pairs}")
    return CallDraft(name, todo=_question(called))


def _names(signature: Signature) -> tuple[str, ...]:
    return tuple(param.name for param in signature.params)


def _renames(legacy: Signature, canonical: Signature | None) -> tuple[tuple[str, str], ...]:
    """Name pairs when the two take the same parameters in the same order under other names."""
    if canonical is None or len(legacy.params) != len(canonical.params):
        return ()
    pairs = []
    for old, new in zip(legacy.params, canonical.params):
        if old.kind != new.kind or old.has_default != new.has_default or old.kind.startswith("var_"):
            return ()
        if old.kind == "positional_only":
            continue
        if old.name != new.name:
            pairs.append((old.name, new.name))
    olds = {param.name for param in legacy.params}
    if not pairs or any(new in olds for _, new in pairs):
        return ()
    return tuple(pairs)


def _question(called: CalledName) -> tuple[str, ...]:
    """The comment lines of a rule left to a person."""
    legacy, canonical = called.legacy, called.canonical
    if called.canonical_signature is None:
        head = f"TODO: calls of {legacy.name}{format_signature(called.legacy_signature)}: {canonical} is not found"
    else:
        head = (
            f"TODO: calls of {legacy.name}{format_signature(called.legacy_signature)} do not bind to "
            f"{canonical.name}{format_signature(called.canonical_signature)}:"
        )
    lines = [head, *(f"  {reason}" for reason in called.reasons)]
    sites = [site for shape in called.shapes for site in shape.sites]
    more = f" and {len(sites) - MAX_SITES} more" if len(sites) > MAX_SITES else ""
    lines.append(f"  call sites: {', '.join(sites[:MAX_SITES])}{more}")
    lines += [
        "[[legacy.calls]]",
        f'name = "{legacy.name}"',
        f'canonical = "{canonical}"  # or one of its alternative constructors',
        "keywords = true",
        '# rename = { legacy_keyword = "canonical_keyword" }',
        '# drop = ["legacy_parameter"]',
        '# add = { canonical_keyword = "python expression" }',
    ]
    return tuple(lines)


def drafts(
    names: Sequence[CalledName],
    canonicals: Sequence[CanonicalClass],
    signature_of: Callable[[Target], Signature | None],
) -> dict[str, list[CallDraft]]:
    """The drafted rules of every called legacy callable, by legacy module."""
    by_target = {canonical.target: canonical for canonical in canonicals}
    found: dict[str, list[CallDraft]] = {}
    for called in names:
        head = Target(called.canonical.module, called.canonical.name.split(".")[0])
        draft = call_draft(called, by_target.get(head), signature_of)
        if draft is not None:
            found.setdefault(called.legacy.module, []).append(draft)
    return found
