"""Builders for import statements that keep the look of the statement they replace (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from codemods.rewrite_imports.directives import is_directive_comment


@dataclass(frozen=True)
class GroupKey:
    """Where moved aliases go: ``from <level dots><module> import ...`` or ``import ...``."""

    is_from: bool
    level: int
    module: str


def dotted_expression(dotted: str) -> cst.Attribute | cst.Name:
    """``a.b.c`` as a Name/Attribute chain."""
    head, _, rest = dotted.rpartition(".")
    if not head:
        return cst.Name(rest)
    return cst.Attribute(value=dotted_expression(head), attr=cst.Name(rest))


def name_alias(name: str, local: str, template: cst.ImportAlias | None = None) -> cst.ImportAlias:
    """``name as local`` (``name`` when equal), keeping the template's comma and spacing."""
    if local == name:
        asname = None
    elif template is not None and template.asname is not None:
        asname = template.asname.with_changes(name=cst.Name(local))
    else:
        asname = cst.AsName(name=cst.Name(local))
    if template is None:
        return cst.ImportAlias(name=dotted_expression(name), asname=asname)
    return template.with_changes(name=dotted_expression(name), asname=asname)


def module_binding(canonical_module: str) -> tuple[str, str]:
    """The ``(from_part, name)`` of ``from from_part import name`` binding a module to one name.

    ``from_part`` is empty for a top-level module, which is imported with ``import name``.
    """
    parent, _, last = canonical_module.rpartition(".")
    return parent, last


def _first_comma(aliases: Sequence[cst.ImportAlias]) -> cst.Comma:
    """A comma styled like the statement's first one, without its comment."""
    for alias in aliases:
        comma = alias.comma
        if isinstance(comma, cst.Comma):
            after = comma.whitespace_after
            if isinstance(after, cst.ParenthesizedWhitespace):
                return comma.with_changes(
                    whitespace_after=after.with_changes(first_line=cst.TrailingWhitespace())
                )
            return comma
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def close_parens(statement: cst.ImportFrom, template: cst.ImportFrom) -> cst.ImportFrom:
    """Put the closing parenthesis where the template had it after a moved trailing comma."""
    names, rpar = statement.names, statement.rpar
    if isinstance(names, cst.ImportStar) or isinstance(template.names, cst.ImportStar) or rpar is None:
        return statement
    last = names[-1]
    if not isinstance(last.comma, cst.Comma) or not isinstance(
        last.comma.whitespace_after, cst.ParenthesizedWhitespace
    ):
        return statement
    template_comma = template.names[-1].comma
    if isinstance(template_comma, cst.Comma) and isinstance(
        template_comma.whitespace_after, cst.ParenthesizedWhitespace
    ):
        shape = template_comma.whitespace_after
    elif template.rpar is not None and isinstance(
        template.rpar.whitespace_before, cst.ParenthesizedWhitespace
    ):
        shape = template.rpar.whitespace_before
        rpar = rpar.with_changes(whitespace_before=cst.SimpleWhitespace(""))
    else:
        return statement
    after = last.comma.whitespace_after.with_changes(indent=shape.indent, last_line=shape.last_line)
    last = last.with_changes(comma=last.comma.with_changes(whitespace_after=after))
    return statement.with_changes(names=[*names[:-1], last], rpar=rpar)


def fix_commas(
    aliases: Sequence[cst.ImportAlias], parenthesized: bool, style: Sequence[cst.ImportAlias]
) -> list[cst.ImportAlias]:
    """Give every alias but the last a comma; the last keeps a trailing comma only in parentheses."""
    fixed: list[cst.ImportAlias] = []
    for index, alias in enumerate(aliases):
        is_last = index == len(aliases) - 1
        if is_last and not parenthesized:
            alias = alias.with_changes(comma=cst.MaybeSentinel.DEFAULT)
        elif not is_last and not isinstance(alias.comma, cst.Comma):
            alias = alias.with_changes(comma=_first_comma(style))
        fixed.append(alias)
    return fixed


def module_parts(level: int, module: str) -> tuple[list[cst.Dot], cst.Attribute | cst.Name | None]:
    """The ``relative`` and ``module`` fields of an ImportFrom for ``level`` dots and ``module``."""
    return [cst.Dot() for _ in range(level)], dotted_expression(module) if module else None


def from_statement(
    key: GroupKey, aliases: Sequence[cst.ImportAlias], template: cst.BaseSmallStatement
) -> cst.BaseSmallStatement:
    """An import of ``aliases`` under ``key``, styled after ``template`` when it is an ImportFrom."""
    if not key.is_from:
        return cst.Import(names=fix_commas(aliases, False, aliases))
    relative, module = module_parts(key.level, key.module)
    if isinstance(template, cst.ImportFrom) and not isinstance(template.names, cst.ImportStar):
        parenthesized = template.lpar is not None
        names = fix_commas(aliases, parenthesized, template.names)
        return close_parens(template.with_changes(relative=relative, module=module, names=names), template)
    return cst.ImportFrom(module=module, relative=relative, names=fix_commas(aliases, False, aliases))


def with_names(
    statement: cst.Import | cst.ImportFrom, aliases: Sequence[cst.ImportAlias]
) -> cst.Import | cst.ImportFrom:
    """The statement importing only ``aliases`` (commas fixed)."""
    if isinstance(statement, cst.Import):
        return statement.with_changes(names=fix_commas(aliases, False, statement.names))
    style = () if isinstance(statement.names, cst.ImportStar) else statement.names
    names = fix_commas(aliases, statement.lpar is not None, style)
    return close_parens(statement.with_changes(names=names), statement)


def with_comment(
    trailing: cst.TrailingWhitespace, comment: cst.TrailingWhitespace | None
) -> cst.TrailingWhitespace:
    """A line end that carries ``comment`` (its spacing too), or ``trailing`` as it is."""
    if comment is None:
        return trailing
    return trailing.with_changes(whitespace=comment.whitespace, comment=comment.comment)


def follow_line(
    line: cst.SimpleStatementLine,
    statement: cst.BaseSmallStatement,
    comment: cst.TrailingWhitespace | None = None,
) -> cst.SimpleStatementLine:
    """A new line after ``line`` holding ``statement`` and ``comment``; a directive comment of
    ``line`` (noqa...) is copied instead when there is no comment of its own."""
    original = line.trailing_whitespace.comment
    trailing = cst.TrailingWhitespace()
    if original is not None and is_directive_comment(original.value):
        trailing = line.trailing_whitespace
    return cst.SimpleStatementLine(body=[statement], trailing_whitespace=with_comment(trailing, comment))
