"""The look of a parenthesized from-import that loses names in a split: comments stay with names (pure).

A parenthesized import reads as a list of items, each a name with the comment lines above it and
the comment after it on its line, between a head (the comment after ``(``) and a footer (the
comment lines before ``)``); head and footer belong to the statement, not to a name. ``resplit``
writes some of the items back in the statement's layout:

- one name per line when a newline follows ``(``, else all on one line, except that a comment
  still ends the line of its name;
- a trailing comma only where ``)`` stands on a line of its own and the statement had one;
- a single name with at most one comment loses its parentheses (the comment ends the line)
  when that line fits in ``ONE_LINE_LIMIT`` columns; otherwise the parentheses stay.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import libcst as cst

from codemods.rewrite_imports.nodes import GroupKey, from_statement, with_names
from codemods.rewrite_imports.plan import StatementPlan

#: PEP 8's line length: a one-line import longer than this keeps its parentheses
ONE_LINE_LIMIT = 79

Whitespace = cst.BaseParenthesizableWhitespace


@dataclass(frozen=True)
class Item:
    """What belongs to one name of a parenthesized import besides the name itself."""

    leading: tuple[cst.EmptyLine, ...] = ()  #: comment lines above it
    trailing: cst.TrailingWhitespace | None = None  #: the comment after it on its line


@dataclass(frozen=True)
class Layout:
    """How a parenthesized import is laid out, and the items of its names."""

    vertical: bool  #: a newline follows ``(``
    head: cst.TrailingWhitespace | None  #: the comment after ``(``
    footer: tuple[cst.EmptyLine, ...]  #: comment lines before ``)``
    margin: tuple[bool, cst.SimpleWhitespace]  #: indentation of a name that starts a line
    closing: tuple[bool, cst.SimpleWhitespace]  #: indentation of a ``)`` that starts a line
    trailing_comma: bool
    items: Mapping[int, Item]  #: by the id of the statement's alias


def after_each(statement: cst.ImportFrom, names: Sequence[cst.ImportAlias]) -> list[Whitespace]:
    """What follows each name: the whitespace after its comma, or before ``)`` for the last one."""
    closing = statement.rpar.whitespace_before if statement.rpar is not None else cst.SimpleWhitespace("")
    return [
        alias.comma.whitespace_after if isinstance(alias.comma, cst.Comma) else closing for alias in names
    ]


def comment_of(whitespace: Whitespace) -> cst.TrailingWhitespace | None:
    """The end-of-line comment a whitespace starts with, if any."""
    if isinstance(whitespace, cst.ParenthesizedWhitespace) and whitespace.first_line.comment is not None:
        return whitespace.first_line
    return None


def lines_of(whitespace: Whitespace) -> tuple[cst.EmptyLine, ...]:
    """The whole lines inside a whitespace when one is a comment (blank lines alone say nothing)."""
    lines = tuple(whitespace.empty_lines) if isinstance(whitespace, cst.ParenthesizedWhitespace) else ()
    return lines if any(line.comment is not None for line in lines) else ()


def indentation_of(whitespace: Whitespace | None, default: str) -> tuple[bool, cst.SimpleWhitespace]:
    """The indentation a whitespace gives the line it ends on (``default`` when it ends none)."""
    if isinstance(whitespace, cst.ParenthesizedWhitespace):
        return whitespace.indent, whitespace.last_line
    return True, cst.SimpleWhitespace(default)


def read_layout(statement: cst.ImportFrom, names: Sequence[cst.ImportAlias]) -> Layout:
    """The layout and the items of a parenthesized import with ``names``."""
    opening = statement.lpar.whitespace_after if statement.lpar is not None else cst.SimpleWhitespace("")
    after = after_each(statement, names)
    before = [opening, *after[:-1]]
    items = {id(alias): Item(lines_of(before[i]), comment_of(after[i])) for i, alias in enumerate(names)}
    vertical = isinstance(opening, cst.ParenthesizedWhitespace)
    inner = [w for w in after[:-1] if isinstance(w, cst.ParenthesizedWhitespace)]
    margin = indentation_of(opening if vertical else next(iter(inner), None), "    ")
    return Layout(
        vertical=vertical,
        head=comment_of(opening),
        footer=lines_of(after[-1]),
        margin=margin,
        closing=indentation_of(after[-1], ""),
        trailing_comma=isinstance(names[-1].comma, cst.Comma),
        items=items,
    )


def line_break(
    comment: cst.TrailingWhitespace | None,
    lines: Sequence[cst.EmptyLine],
    indentation: tuple[bool, cst.SimpleWhitespace],
) -> cst.ParenthesizedWhitespace:
    """A line end inside the parentheses: the comment, whole lines, then the next line's indentation."""
    indent, last_line = indentation
    first = comment or cst.TrailingWhitespace()
    return cst.ParenthesizedWhitespace(
        first_line=first, empty_lines=list(lines), indent=indent, last_line=last_line
    )


def write_items(
    layout: Layout, entries: Sequence[tuple[cst.ImportAlias, Item]], *, fresh: bool
) -> tuple[Whitespace, list[cst.ImportAlias], Whitespace]:
    """The whitespace after ``(``, the names with their commas and the whitespace before ``)``."""
    head, footer = (None, ()) if fresh else (layout.head, layout.footer)
    items = [item for _, item in entries]
    opening: Whitespace = cst.SimpleWhitespace("")
    if layout.vertical or head is not None or items[0].leading:
        opening = line_break(head, items[0].leading, layout.margin)
    names: list[cst.ImportAlias] = []
    for (alias, item), following in zip(entries, items[1:]):
        after: Whitespace = cst.SimpleWhitespace(" ")
        if layout.vertical or item.trailing is not None or following.leading:
            after = line_break(item.trailing, following.leading, layout.margin)
        names.append(alias.with_changes(comma=cst.Comma(whitespace_after=after)))
    last, item = entries[-1]
    closing: Whitespace = cst.SimpleWhitespace("")
    if layout.vertical or item.trailing is not None or footer:
        closing = line_break(item.trailing, footer, layout.closing)
    if layout.trailing_comma and isinstance(closing, cst.ParenthesizedWhitespace):
        names.append(last.with_changes(comma=cst.Comma(whitespace_after=closing)))
        return opening, names, cst.SimpleWhitespace("")
    names.append(last.with_changes(comma=cst.MaybeSentinel.DEFAULT))
    return opening, names, closing


def one_line(
    statement: cst.ImportFrom, comments: Sequence[cst.TrailingWhitespace], room: int, comment_fits: bool
) -> tuple[cst.ImportFrom, cst.TrailingWhitespace | None] | None:
    """The statement without parentheses, its comment ending the line; None when that cannot be."""
    if len(comments) > 1 or (comments and not comment_fits):
        return None
    bare = statement.with_changes(lpar=None, rpar=None)
    comment = comments[0] if comments else None
    width = len(cst.Module(body=()).code_for_node(bare))
    if comment is not None and comment.comment is not None:
        width += len(comment.whitespace.value) + len(comment.comment.value)
    return (bare, comment) if width <= room else None


def resplit(
    template: cst.ImportFrom,
    statement: cst.ImportFrom,
    entries: Sequence[tuple[cst.ImportAlias, int]],
    *,
    fresh: bool,
    room: int,
    comment_fits: bool,
) -> tuple[cst.ImportFrom, cst.TrailingWhitespace | None]:
    """``statement`` importing ``entries`` (aliases, with the id of the template alias each comes
    from) in the layout of the parenthesized ``template``, and a comment for the end of its line.

    ``fresh`` is for a new statement split off the template: the head and the footer stay with
    the template. ``room`` is the width a one-line statement may take, ``comment_fits`` tells
    whether its line may take a comment.
    """
    if isinstance(template.names, cst.ImportStar):
        return statement, None
    layout = read_layout(template, template.names)
    pairs = [(alias, layout.items.get(origin, Item())) for alias, origin in entries]
    if len(pairs) == 1 and not pairs[0][1].leading and (fresh or not layout.footer):
        head = () if fresh or layout.head is None else (layout.head,)
        trailing = () if pairs[0][1].trailing is None else (pairs[0][1].trailing,)
        alone = statement.with_changes(names=[pairs[0][0].with_changes(comma=cst.MaybeSentinel.DEFAULT)])
        found = one_line(alone, (*head, *trailing), room, comment_fits)
        if found is not None:
            return found
    opening, names, closing = write_items(layout, pairs, fresh=fresh)
    lpar = cst.LeftParen(whitespace_after=opening)
    return statement.with_changes(
        lpar=lpar, names=names, rpar=cst.RightParen(whitespace_before=closing)
    ), None


Part = tuple[cst.BaseSmallStatement, cst.TrailingWhitespace | None]  #: a statement, its line's comment


def is_split(statement: cst.BaseSmallStatement, aliases: Sequence[cst.ImportAlias]) -> bool:
    """True for a parenthesized from-import of which ``aliases`` are only some names."""
    return (
        isinstance(statement, cst.ImportFrom)
        and statement.lpar is not None
        and not isinstance(statement.names, cst.ImportStar)
        and len(aliases) < len(statement.names)
    )


def split_statement(
    statement: cst.Import | cst.ImportFrom, plan: StatementPlan, *, room: int, comment_fits: bool
) -> list[Part]:
    """The statements one planned import becomes (first the one on its line), with line comments.

    Only the first part may keep the statement's head and footer comments; see ``resplit`` for
    ``room`` and ``comment_fits``.
    """
    groups: list[tuple[GroupKey | None, list[cst.ImportAlias]]] = (
        [(None, plan.aliases)] if plan.aliases else []
    )
    groups += [(key, aliases) for key, aliases in plan.groups.items() if aliases]
    parts: list[Part] = []
    for key, aliases in groups:
        plain = with_names(statement, aliases) if key is None else from_statement(key, aliases, statement)
        # ``plain`` is an ``import a.b`` statement for a group of module imports
        if (
            not is_split(statement, aliases)
            or not isinstance(statement, cst.ImportFrom)
            or (not isinstance(plain, cst.ImportFrom))
        ):
            parts.append((plain, None))
            continue
        entries = [(alias, plan.origins.get(id(alias), id(alias))) for alias in aliases]
        parts.append(
            resplit(statement, plain, entries, fresh=bool(parts), room=room, comment_fits=comment_fits)
        )
    return parts
