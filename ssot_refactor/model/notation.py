"""Signatures as text and as ``inspect.Signature``, and call plans from TOML tables (pure).

No LibCST here: the signature reader (``ssot_refactor.scan.signatures``), the call codemod and
the snapshot loader share the notation ``(registry, websocket_bridge, user_context=None)`` with
``*args``, ``**kw``, ``*`` (keyword-only marker) and ``/``, and the binding check.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence

from ssot_refactor.model import CallPlan, Param, Signature, Target

POSITIONAL_ONLY = "positional_only"
POSITIONAL_OR_KEYWORD = "positional_or_keyword"
VAR_POSITIONAL = "var_positional"
KEYWORD_ONLY = "keyword_only"
VAR_KEYWORD = "var_keyword"

_INSPECT_KINDS = {
    POSITIONAL_ONLY: inspect.Parameter.POSITIONAL_ONLY,
    POSITIONAL_OR_KEYWORD: inspect.Parameter.POSITIONAL_OR_KEYWORD,
    VAR_POSITIONAL: inspect.Parameter.VAR_POSITIONAL,
    KEYWORD_ONLY: inspect.Parameter.KEYWORD_ONLY,
    VAR_KEYWORD: inspect.Parameter.VAR_KEYWORD,
}
_PLAN_KEYS = frozenset(
    {
        "legacy",
        "canonical",
        "legacy_signature",
        "canonical_signature",
        "keywords",
        "rename",
        "drop",
        "add",
        "imports",
        "await_mode",
        "has_rule",
        "same_signature",
    }
)


class NotationError(ValueError):
    """A signature or call-plan table that cannot be read."""


# --------------------------------------------------------------------------- text


def parse_signature(params: Sequence[str], is_async: bool = False) -> Signature:
    """``["registry", "user_context=None", "*", "flag=False", "**kw"]`` -> Signature."""
    found: list[Param] = []
    keyword_only = False
    for text in (item.strip() for item in params):
        if text == "/":
            found = [Param(p.name, POSITIONAL_ONLY, p.has_default) for p in found]
        elif text == "*":
            keyword_only = True
        elif text.startswith("**"):
            found.append(Param(_identifier(text[2:]), VAR_KEYWORD))
        elif text.startswith("*"):
            found.append(Param(_identifier(text[1:]), VAR_POSITIONAL))
            keyword_only = True
        else:
            name, sep, _ = text.partition("=")
            kind = KEYWORD_ONLY if keyword_only else POSITIONAL_OR_KEYWORD
            found.append(Param(_identifier(name.strip()), kind, bool(sep)))
    return Signature(tuple(found), is_async)


def _identifier(text: str) -> str:
    if not text.isidentifier():
        raise NotationError(f'"{text}" is not a parameter name')
    return text


def format_signature(signature: Signature | None) -> str:
    """``(registry, websocket_bridge, user_context=...)``, ``async`` in front; ``(?)`` when unknown."""
    if signature is None:
        return "(?)"
    parts: list[str] = []
    previous = ""
    for param in signature.params:
        if previous == POSITIONAL_ONLY and param.kind != POSITIONAL_ONLY:
            parts.append("/")
        if param.kind == KEYWORD_ONLY and previous not in (KEYWORD_ONLY, VAR_POSITIONAL):
            parts.append("*")
        if param.kind == VAR_POSITIONAL:
            parts.append(f"*{param.name}")
        elif param.kind == VAR_KEYWORD:
            parts.append(f"**{param.name}")
        else:
            parts.append(f"{param.name}=..." if param.has_default else param.name)
        previous = param.kind
    if previous == POSITIONAL_ONLY:
        parts.append("/")
    text = f"({', '.join(parts)})"
    return f"async {text}" if signature.is_async else text


# --------------------------------------------------------------------------- binding


def inspect_signature(signature: Signature) -> inspect.Signature:
    """The ``inspect.Signature`` of a parsed signature; ValueError when it is not a valid one."""
    return inspect.Signature(
        [
            inspect.Parameter(
                param.name,
                _INSPECT_KINDS[param.kind],
                default=... if param.has_default else inspect.Parameter.empty,
            )
            for param in signature.params
        ]
    )


def bind_shape(
    positional: int, keywords: Sequence[str], signature: Signature, *, partial: bool = False
) -> dict[str, object] | str:
    """Bind placeholders: argument ``i`` is the int ``i``, keyword ``k`` is the string ``k``.

    Returns parameter name -> placeholder (a tuple for ``*args``, a dict for ``**kw``), or the
    reason the arguments do not bind. ``partial`` allows required parameters to stay unbound.
    """
    accepted = {p.name for p in signature.params if p.kind in (POSITIONAL_OR_KEYWORD, KEYWORD_ONLY)}
    if not any(p.kind == VAR_KEYWORD for p in signature.params):
        unknown = next((k for k in keywords if k not in accepted), None)
        if unknown is not None:
            return f"got an unexpected keyword argument '{unknown}'"
    try:
        built = inspect_signature(signature)
    except ValueError as error:
        return f"the signature cannot be built ({error})"
    try:
        bound = (built.bind_partial if partial else built.bind)(
            *range(positional), **{k: k for k in keywords}
        )
    except TypeError as error:
        return str(error)
    return dict(bound.arguments)


# --------------------------------------------------------------------------- tables


def call_plan_from_table(table: Mapping[str, object]) -> CallPlan:
    """One ``[[calls]]`` table (CallPlan's fields; signatures as ``{ params = [...], is_async = false }``)."""
    unknown = sorted(set(table) - _PLAN_KEYS)
    if unknown:
        raise NotationError(f"unknown call-plan keys: {', '.join(unknown)}")
    return CallPlan(
        legacy=Target.parse(_text(table, "legacy")),
        canonical=Target.parse(_text(table, "canonical")),
        legacy_signature=_signature(table.get("legacy_signature")),
        canonical_signature=_signature(table.get("canonical_signature")),
        keywords=bool(table.get("keywords", False)),
        rename=tuple((str(k), str(v)) for k, v in _table(table, "rename").items()),
        drop=tuple(str(item) for item in _list(table, "drop")),
        add=tuple((str(k), str(v)) for k, v in _table(table, "add").items()),
        imports=tuple(Target.parse(str(item)) for item in _list(table, "imports")),
        await_mode=str(table.get("await_mode", "auto")),
        has_rule=bool(table.get("has_rule", False)),
        same_signature=bool(table.get("same_signature", False)),
    )


def _text(table: Mapping[str, object], key: str) -> str:
    value = table.get(key)
    if not isinstance(value, str):
        raise NotationError(f"call plan needs {key} as a string")
    return value


def _table(table: Mapping[str, object], key: str) -> Mapping[str, object]:
    value = table.get(key, {})
    if not isinstance(value, Mapping):
        raise NotationError(f"call plan {key} must be a table")
    return value


def _list(table: Mapping[str, object], key: str) -> list[object]:
    value = table.get(key, [])
    if not isinstance(value, list):
        raise NotationError(f"call plan {key} must be an array")
    return value


def _signature(value: object) -> Signature | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or not isinstance(value.get("params", []), list):
        raise NotationError("a signature is written { params = [...], is_async = false }")
    return parse_signature(
        [str(item) for item in value.get("params", [])], bool(value.get("is_async", False))
    )
