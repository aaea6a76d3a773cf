"""Pure naming decisions shared by the codemods: local names, dotted names, annotation strings.

Nothing here reads metadata or builds statements; every function takes plain values and is
unit-tested on its own (``tests/codemods/test_codemods_names.py``). Relative imports resolve in
``relative``.
"""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst


def choose_local_name(
    local: str,
    canonical_name: str,
    *,
    has_alias: bool,
    keep_local_names: bool,
    is_public: bool,
) -> str:
    """The name a moved import binds: the canonical name, or the current local name.

    The current local name wins when the file chose it explicitly (``as Y``), when the spec
    asks for the smallest diff, or when other code reads it under that name (``__all__``,
    importers of this module). A dotted canonical name (``Class.attr``) cannot be bound by an
    import; its head is returned and the caller rewrites references to ``Class.attr``.
    """
    if has_alias or keep_local_names or is_public:
        return local
    return canonical_name.split(".", 1)[0]


def dotted_name(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` for a chain of names and attributes, None for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted_name(node.value)
        return None if head is None else f"{head}.{node.attr.value}"
    return None


def replace_prefix(dotted: str, renames: Mapping[str, str]) -> str | None:
    """Rewrite the longest key of ``renames`` that prefixes ``dotted`` at a dot; None if none."""
    for old in sorted(renames, key=len, reverse=True):
        if dotted == old or dotted.startswith(old + "."):
            return renames[old] + dotted[len(old) :]
    return None


class _ChainRenamer(cst.CSTTransformer):
    """Rewrites maximal name chains inside one parsed annotation expression."""

    def __init__(self, renames: Mapping[str, str]) -> None:
        super().__init__()
        self.renames = renames
        self.chains: list[str] = []
        self.skipped: set[int] = set()  #: ids of names that are attributes or keywords, not chains

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, (cst.Name, cst.Attribute)) and dotted_name(node) is not None:
            return False
        if isinstance(node, cst.Attribute):
            self.skipped.add(id(node.attr))
        if isinstance(node, cst.Arg) and node.keyword is not None:
            self.skipped.add(id(node.keyword))
        return super().on_visit(node)

    def _rewrite(self, node: cst.Name | cst.Attribute) -> cst.BaseExpression:
        dotted = dotted_name(node)
        if dotted is None or id(node) in self.skipped:
            return node
        self.chains.append(dotted)
        new = replace_prefix(dotted, self.renames)
        return node if new is None else cst.parse_expression(new)

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self._rewrite(original_node)

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        return self._rewrite(original_node) if dotted_name(original_node) else updated_node


def annotation_chains(literal: str) -> tuple[str, ...] | None:
    """The name chains (``a.b.C``) inside a string annotation literal; None when not plain."""
    inner = _plain_inner(literal)
    if inner is None:
        return None
    try:
        expression = cst.parse_expression(inner)
    except cst.ParserSyntaxError:
        return None
    renamer = _ChainRenamer({})
    expression.visit(renamer)
    return tuple(renamer.chains)


def renamed_string(
    node: cst.SimpleString, updated: cst.SimpleString, renames: Mapping[str, str] | None
) -> cst.SimpleString:
    """``updated`` with the name chains of its string annotation renamed (``rewrite_annotation``),
    or as it is when there are no ``renames`` for it or it is no plain annotation."""
    new = None if renames is None else rewrite_annotation(node.value, renames)
    return updated if new is None else updated.with_changes(value=new)


def rewrite_annotation(literal: str, renames: Mapping[str, str]) -> str | None:
    """Rewrite name chains inside a string annotation literal such as ``"Optional[Engine]"``.

    ``renames`` maps dotted prefixes (``Engine``, ``mod.Engine``) to their replacements.
    Returns the new literal with the same prefix and quotes, or None when the literal is not a
    plain string whose text is an expression (escapes, bytes, f-strings, syntax errors).
    """
    inner = _plain_inner(literal)
    if inner is None:
        return None
    try:
        expression = cst.parse_expression(inner)
    except cst.ParserSyntaxError:
        return None
    rewritten = expression.visit(_ChainRenamer(renames))
    if not isinstance(rewritten, cst.BaseExpression):
        return None
    text = cst.Module(body=()).code_for_node(rewritten)
    head = literal[: len(literal) - len(inner) - _quote_length(literal)]
    return f"{head}{text}{literal[len(head) + len(inner) :]}"


def _quote_length(literal: str) -> int:
    return 3 if literal.endswith(('"""', "'''")) and len(literal) >= 6 else 1


def _plain_inner(literal: str) -> str | None:
    """The text between the quotes when it means exactly itself (no escapes, no b/f prefix)."""
    quote = _quote_length(literal)
    prefix_length = len(literal) - len(literal.lstrip("rRuUbBfF"))
    prefix = literal[:prefix_length].lower()
    if any(flag in prefix for flag in "bf"):
        return None
    inner = literal[prefix_length + quote : len(literal) - quote]
    if "\\" in inner or not inner.strip():
        return None
    return inner
