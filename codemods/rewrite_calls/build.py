"""Building the rewritten call a decision describes, in the call's own layout (pure).

``decisions`` decides each legacy call as a ``CallEdit``; ``build_call`` writes it, both for
the final binding check there and in ``RewriteCallsCommand.leave_Call``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from codemods.rewrite_calls.arguments import ArgEdit, Callee
from ssot_refactor.model import CallPlan

_NO_SPACE = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)


@dataclass
class CallEdit:
    """A decided rewrite of one call, keyed by the original node."""

    plan: CallPlan
    args: tuple[ArgEdit, ...]
    callee: Callee
    add_await: bool
    parens: bool
    partial: bool


def build_call(node: cst.Call, edit: CallEdit) -> cst.BaseExpression:
    """The rewritten call (built from ``node``, whose arguments may already be rewritten)."""
    target_args = list(node.args[1:] if edit.partial else node.args)
    callable_node = node.args[0].value if edit.partial else node.func
    head = (
        callable_node.value
        if "." in edit.plan.legacy.name and isinstance(callable_node, cst.Attribute)
        else callable_node
    )
    new_callee = _callee_node(head, edit.callee)
    items = [_arg(target_args, item) for item in edit.args]
    offset = 1 if edit.partial else 0
    sources = [item.source + offset if isinstance(item.source, int) else None for item in edit.args]
    if edit.partial:
        first = node.args[0].with_changes(value=new_callee)
        call = node.with_changes(args=with_commas(node.args, [first, *items], [0, *sources]))
    else:
        call = node.with_changes(func=new_callee, args=with_commas(node.args, items, sources))
    if not edit.add_await:
        return call
    awaited = cst.Await(expression=call.with_changes(lpar=[], rpar=[]), lpar=call.lpar, rpar=call.rpar)
    if edit.parens and not awaited.lpar:
        awaited = awaited.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return awaited


def _callee_node(head: cst.BaseExpression, callee: Callee) -> cst.BaseExpression:
    if callee.imported is not None:
        return cst.parse_expression(callee.imported.name)
    result = head
    for part in callee.suffix:
        result = cst.Attribute(value=result, attr=cst.Name(part))
    return result


def _arg(originals: Sequence[cst.Arg], edit: ArgEdit) -> cst.Arg:
    if isinstance(edit.source, str):
        return cst.Arg(
            value=cst.parse_expression(edit.source), keyword=cst.Name(str(edit.keyword)), equal=_NO_SPACE
        )
    arg = originals[edit.source]
    if edit.keyword is None:
        return arg
    if arg.keyword is None:
        return arg.with_changes(keyword=cst.Name(edit.keyword), equal=_NO_SPACE)
    return arg if arg.keyword.value == edit.keyword else arg.with_changes(keyword=cst.Name(edit.keyword))


def with_commas(
    originals: Sequence[cst.Arg], items: list[cst.Arg], sources: Sequence[int | None] | None = None
) -> list[cst.Arg]:
    """Arguments with the call's own layout: each kept argument keeps its comma (and comment),
    new ones and a former last argument take the last separator, the last one the trailing comma.
    """
    separators = [arg.comma for arg in originals[:-1]]
    trailing: cst.Comma | cst.MaybeSentinel = originals[-1].comma if originals else cst.MaybeSentinel.DEFAULT
    fallback = separators[-1] if separators else cst.MaybeSentinel.DEFAULT
    result = []
    for index, item in enumerate(items):
        source = sources[index] if sources is not None else index
        if index == len(items) - 1:
            comma = trailing
        elif source is not None and source < len(separators):
            comma = separators[source]
        else:
            comma = fallback
        result.append(item.with_changes(comma=comma))
    return result
