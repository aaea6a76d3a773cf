"""The nodes ``patch_targets`` reads and writes: string literals and ``patch.object`` calls (pure)."""

from __future__ import annotations

import libcst as cst


def is_patch_object(func: cst.BaseExpression) -> bool:
    """True for ``patch.object``, ``mock.patch.object`` and ``mocker.patch.object`` callees."""
    if not (isinstance(func, cst.Attribute) and func.attr.value == "object"):
        return False
    inner = func.value
    return (isinstance(inner, cst.Name) and inner.value == "patch") or (
        isinstance(inner, cst.Attribute) and inner.attr.value == "patch"
    )


def with_text(node: cst.SimpleString, text: str) -> cst.SimpleString:
    """The same literal (prefix as spelled, quotes) holding ``text``."""
    prefix = node.value[: node.value.index(node.quote)]
    return node.with_changes(value=f"{prefix}{node.quote}{text}{node.quote}")


def literal_text(node: cst.BaseExpression) -> str | None:
    """The value of a plain str literal whose source spells it out verbatim (no escapes)."""
    if not isinstance(node, cst.SimpleString) or "b" in node.prefix.lower():
        return None
    value = node.evaluated_value
    if not isinstance(value, str) or value != node.raw_value:
        return None
    return value


def positional_attribute(call: cst.Call) -> str | None:
    """The attribute of ``patch.object(owner, "attribute", ...)`` given positionally as a plain literal."""
    args = call.args
    if len(args) < 2 or any(arg.keyword or arg.star for arg in args[:2]):
        return None
    return literal_text(args[1].value)


def keyword_attribute(call: cst.Call) -> str | None:
    """The attribute of ``patch.object(..., attribute="name")`` given as a plain literal."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "attribute":
            return literal_text(arg.value)
    return None


def with_attribute(call: cst.Call, name: str) -> cst.Call:
    """``patch.object(owner, "name", ...)``: the same call patching another attribute."""
    string = call.args[1].value
    assert isinstance(string, cst.SimpleString)
    second = call.args[1].with_changes(value=with_text(string, name))
    return call.with_changes(args=[call.args[0], second, *call.args[2:]])


def as_string_patch(call: cst.Call, target: str) -> cst.Call:
    """``patch.object(owner, "X", rest)`` as ``patch("target", rest)``, same quotes and spacing."""
    string, func = call.args[1].value, call.func
    assert isinstance(string, cst.SimpleString) and isinstance(func, cst.Attribute)
    first = call.args[0].with_changes(value=with_text(string, target), comma=call.args[1].comma)
    return call.with_changes(func=func.value, args=[first, *call.args[2:]])
