"""Decisions of the call codemod on plain values: arguments, callee, ``await`` (pure, no LibCST).

``plan_arguments`` turns the arguments of one legacy call, as written (positional, keyword,
splat), into the arguments of the canonical call, or the reason it must stay unchanged. Every
refusal names the legacy callable; ``rewrite_calls`` appends "; call left unchanged".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ssot_refactor.model import CallPlan, Target
from ssot_refactor.model.notation import bind_shape, format_signature

#: one form per argument as written: None positional, "*" or "**" a splat, else the keyword
ArgForm = str | None


class AlreadyBroken(str):
    """A refusal for a call that binds neither the legacy nor the canonical signature.

    Such a call fails today already; renaming it would hide that. It is blocked like any other
    refusal but reported apart, as something to fix by hand.
    """


def already_broken(plan: CallPlan, legacy_problem: str, canonical_problem: str) -> AlreadyBroken:
    """The refusal of a call that did not bind before the migration and would not bind after."""
    return AlreadyBroken(
        f"call of {plan.legacy} is already broken before the migration: it binds neither the legacy "
        f"signature {format_signature(plan.legacy_signature)} ({legacy_problem}) nor {described(plan)} "
        f"({canonical_problem})"
    )


@dataclass(frozen=True, slots=True)
class ArgEdit:
    """One argument of the rewritten call."""

    keyword: str | None  #: None: passed by position
    source: int | str  #: index of the original argument, or an added expression


@dataclass(frozen=True, slots=True)
class Callee:
    """What the rewritten call calls."""

    suffix: tuple[str, ...] = ()  #: attributes appended to the legacy name (``.create_from_legacy``)
    imported: Target | None = None  #: a canonical callable imported and called instead


def plan_arguments(
    forms: Sequence[ArgForm], plan: CallPlan, *, partial: bool = False
) -> tuple[ArgEdit, ...] | str | None:
    """The rewritten arguments, the reason the call cannot be rewritten, or None: leave it as it is."""
    if plan.same_signature:
        return _as_declared(forms, plan, partial)
    if any(form in ("*", "**") for form in forms):
        if _compatible_as_written(plan):
            return None
        return (
            f"call of {plan.legacy} passes *args or **kwargs, "
            f"which cannot be checked against {described(plan)}"
        )
    if not plan.has_rule:
        return _unruled(forms, plan, partial)
    return _ruled(forms, plan, partial)


def described(plan: CallPlan) -> str:
    """``app.new:UserEngine(context, ...)``, or ``async app.new:create(...)``."""
    signature = format_signature(plan.canonical_signature)
    if signature.startswith("async "):
        return f"async {plan.canonical}{signature.removeprefix('async ')}"
    return f"{plan.canonical}{signature}"


def leaves_every_call(plan: CallPlan) -> bool:
    """True when the plan neither rewrites nor blocks any call, whatever its arguments."""
    return _compatible_as_written(plan)


def _compatible_as_written(plan: CallPlan) -> bool:
    """Without a rule, a legacy and a canonical signature that are the very same need nothing."""
    if plan.has_rule:
        return False
    if plan.legacy_signature is None or plan.canonical_signature is None:
        return _tail(plan.legacy) == _tail(plan.canonical)
    return plan.legacy_signature == plan.canonical_signature


def _tail(target: Target) -> str:
    return target.name.rsplit(".", 1)[-1]


def _shape(forms: Sequence[ArgForm]) -> tuple[int, list[str]]:
    return sum(1 for form in forms if form is None), [form for form in forms if form is not None]


def _unruled(forms: Sequence[ArgForm], plan: CallPlan, partial: bool) -> str | None:
    legacy, canonical = plan.legacy_signature, plan.canonical_signature
    if legacy is None or canonical is None:
        if _tail(plan.legacy) == _tail(plan.canonical):
            return None
        unknown = plan.legacy if legacy is None else plan.canonical
        return (
            f"call of {plan.legacy}: the signature of {unknown} is unknown and no [[legacy.calls]] rule "
            f"says how to call {plan.canonical}"
        )
    positional, keywords = _shape(forms)
    before = bind_shape(positional, keywords, legacy, partial=partial)
    after = bind_shape(positional, keywords, canonical, partial=partial)
    if isinstance(after, str):
        if isinstance(before, str):
            return already_broken(plan, before, after)
        return (
            f"call of {plan.legacy} does not bind to {described(plan)} ({after}) and no [[legacy.calls]] "
            "rule says how to rewrite it"
        )
    if not isinstance(before, str) and before != after:
        moved = next((n for n in after if n not in before or before[n] != after[n]), "?")
        return (
            f"call of {plan.legacy} would pass {moved} differently to {described(plan)}; "
            "add a [[legacy.calls]] "
            "rule"
        )
    if canonical.is_async != legacy.is_async and not partial:
        return (
            f"call of {plan.legacy}: {plan.canonical} is {'async' if canonical.is_async else 'not async'} "
            "unlike the legacy callable; add a [[legacy.calls]] rule"
        )
    return None


def _as_declared(forms: Sequence[ArgForm], plan: CallPlan, partial: bool) -> tuple[ArgEdit, ...] | str:
    """``same_signature``: the arguments stay as written; a signature that is known must accept them."""
    edits = tuple(ArgEdit(None if form in (None, "*", "**") else form, i) for i, form in enumerate(forms))
    canonical = plan.canonical_signature
    if canonical is None or any(form in ("*", "**") for form in forms):
        return edits
    positional, keywords = _shape(forms)
    after = bind_shape(positional, keywords, canonical, partial=partial)
    if not isinstance(after, str):
        return edits
    legacy = plan.legacy_signature
    before = None if legacy is None else bind_shape(positional, keywords, legacy, partial=partial)
    if isinstance(before, str):
        return already_broken(plan, before, after)
    return f"call of {plan.legacy} does not bind to {described(plan)} ({after}) although the rule says same_signature"


def _ruled(forms: Sequence[ArgForm], plan: CallPlan, partial: bool) -> tuple[ArgEdit, ...] | str:
    positional, keywords = _shape(forms)
    names = _legacy_names(positional, keywords, plan, partial)
    if isinstance(names, str):
        return names
    renames, drops = dict(plan.rename), set(plan.drop)
    wanted = [(plan.keywords and not partial) or name in renames or name in drops for name in names]
    first = wanted.index(True) if True in wanted else positional
    if partial and first < positional:
        return (
            f"call of {plan.legacy}: functools.partial with positional arguments the rule renames or drops "
            "would change how calls of the partial bind"
        )
    if any(name is None for name in names):
        if plan.legacy_signature is None:
            return (
                f"call of {plan.legacy}: the legacy signature of {plan.legacy} is unknown, so its positional "
                "arguments cannot be checked"
            )
        return (
            f"call of {plan.legacy} passes positional arguments that the legacy signature collects in *args"
        )
    edits: list[ArgEdit] = []
    index = 0
    for position, form in enumerate(forms):
        name = form if form is not None else str(names[index])
        keyword = None if form is None and index < first else renames.get(name, name)
        if name not in drops:
            edits.append(ArgEdit(keyword, position))
        index += form is None
    passed = {edit.keyword for edit in edits}
    for keyword, expression in plan.add:
        if keyword in passed:
            return f"call of {plan.legacy} already passes {keyword}, which the rule adds"
        edits.append(ArgEdit(keyword, expression))
    problem = _check_binding(edits, [renames.get(str(n), n) for n in names[:first]], plan, partial)
    return problem if problem else tuple(edits)


def _legacy_names(
    positional: int, keywords: list[str], plan: CallPlan, partial: bool
) -> list[str | None] | str:
    """The legacy parameter each positional argument binds to (None: unknown or ``*args``)."""
    names: list[str | None] = [None] * positional
    if plan.legacy_signature is None:
        return names
    bound = bind_shape(positional, keywords, plan.legacy_signature, partial=partial)
    if isinstance(bound, str):
        canonical = plan.canonical_signature
        as_written = (
            None if canonical is None else bind_shape(positional, keywords, canonical, partial=partial)
        )
        if isinstance(as_written, str):
            return already_broken(plan, bound, as_written)
        return (
            f"call of {plan.legacy} does not bind to its legacy signature "
            f"{format_signature(plan.legacy_signature)} "
            f"({bound})"
        )
    for name, value in bound.items():
        if isinstance(value, int) and not isinstance(value, bool):
            names[value] = name
    return names


def _check_binding(
    edits: Sequence[ArgEdit], expected: Sequence[str | None], plan: CallPlan, partial: bool
) -> str | None:
    """The rewritten arguments bind to the canonical signature, positional ones to the same parameters."""
    canonical = plan.canonical_signature
    if canonical is None:
        return (
            f"call of {plan.legacy}: the signature of {plan.canonical} is unknown, so the rewritten call "
            "cannot be checked"
        )
    positional = sum(1 for edit in edits if edit.keyword is None)
    bound = bind_shape(
        positional, [str(e.keyword) for e in edits if e.keyword is not None], canonical, partial=partial
    )
    if isinstance(bound, str):
        return f"call of {plan.legacy} rewritten for {described(plan)} would not bind ({bound})"
    for index, name in enumerate(expected):
        target = next(
            (
                param
                for param, value in bound.items()
                if value == index or (isinstance(value, tuple) and index in value)
            ),
            None,
        )
        if target != name:
            return (
                f"call of {plan.legacy}: argument {index + 1} ({name}) would bind to {target} "
                f"of {plan.canonical}; "
                "set keywords = true"
            )
    return None


def choose_callee(plan: CallPlan, mapped: Target | None) -> Callee:
    """Call through the legacy name when the canonical callable hangs off the mapped canonical target."""
    canonical = plan.canonical
    if mapped is not None and canonical.module == mapped.module:
        if canonical.name == mapped.name:
            return Callee()
        if canonical.name.startswith(mapped.name + "."):
            return Callee(tuple(canonical.name[len(mapped.name) + 1 :].split(".")))
    return Callee(imported=canonical)


def await_decision(plan: CallPlan, *, in_async: bool, awaited: bool, partial: bool) -> bool | str:
    """Whether to add ``await``, or why the call cannot be rewritten."""
    canonical = plan.canonical_signature
    legacy_async = plan.legacy_signature is not None and plan.legacy_signature.is_async
    if canonical is None or not canonical.is_async or plan.await_mode == "never" or awaited:
        return False
    if plan.await_mode == "auto" and legacy_async:
        return False
    if partial:
        return (
            f"call of {plan.legacy}: functools.partial of the async {plan.canonical} would return coroutines"
        )
    if not in_async:
        return (
            f"call of {plan.legacy}: {plan.canonical} is async and the call is not directly inside an async "
            "def, so it cannot be awaited"
        )
    return True
