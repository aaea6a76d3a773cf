"""The fast import move for legacy module bindings read only as ``m.Name`` (pure).

``import app.old as m`` or ``from app import old`` whose every read is a plain ``m.Name`` of a
mapped name can move without LibCST: the decisions of ``module_planner`` then depend on
nothing but the canonical modules of those names, in the order the file first uses them, so
they are made here from the stdlib tree, and ``fast_move`` writes the statements and splices
each use. What the command writes, and so what this writes:

- one canonical module and an ``as m`` binding: the binding names it in the statement's form
  (``import app.engine as m``, ``from app import engine as m``), uses ``m.UserExecutionEngine``;
- otherwise each canonical module is bound by its last part (``from app import engine``, in
  the statement when it imports from the same package, else on a line of its own), and the
  uses read ``engine.UserExecutionEngine``; a binding an earlier statement of the module
  already made is not made again, and a statement left with no name goes, with the blank
  lines above it.

Anything that could make the command decide otherwise is declined (``plan`` returns None) and
the command runs: a statement that is not at module level, ``import app.old`` without ``as``,
a package that holds a legacy module, a from-import that also imports a mapped name, a star
import anywhere; for the binding ``m``: any occurrence of the word other than the import and
its ``m.Name`` uses (another binding, a keyword named ``m``; an attribute ``x.m``, a module
path ``from .m import`` or a comment is no name and does not count), a string holding the
word (a string annotation, ``__all__``), a use before the import, inside an f-string,
assigned or deleted, or spelled with spaces or comments; for a new name ``engine``: any
occurrence of the word counted so, or the binding's own name, or two canonical modules
sharing a last part. The tests compare this with the command on snapshot inputs and generated modules.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from codemods._support import relative_form, resolve_module
from ssot_refactor.model import FileContext, Target, nodes_of

#: where names go: (``from`` or ``import``, the dots, the module as written)
Key = tuple[bool, str, str]
IMPORT: Key = (False, "", "")
Binding = tuple[str, str, str]  #: (module, name, local) a moved import makes


@dataclass
class StatementMove:
    """What one import statement becomes: its own names, the statements it grows, the uses to splice."""

    own: list[str] = field(default_factory=list)  #: alias texts kept in the statement, in order
    groups: dict[Key, list[str]] = field(default_factory=dict)  #: new statements, in order
    edits: list[tuple[int, int, bytes]] = field(default_factory=list)  #: (start, end, bytes) of uses
    moved: bool = False


@dataclass(frozen=True)
class _Use:
    start: int
    end: int
    target: Target


class ModuleMoves:
    """Plans the moves of a file's legacy module bindings, statement by statement in source order."""

    def __init__(self, tree: ast.Module, source: bytes, starts: list[int], ctx: FileContext) -> None:
        self.tree, self.source, self.starts, self.ctx = tree, source, starts, ctx
        self.made: set[Binding] = set()  #: the bindings the moves made so far at module level
        self.lasts: dict[str, str] = {}  #: last part -> the canonical module bound by it

    @cached_property
    def text(self) -> str:
        """The source as the parser reads identifiers (NFKC), for counting words."""
        text = self.source.decode("utf-8")
        return text if text.isascii() else unicodedata.normalize("NFKC", text)

    @cached_property
    def strings(self) -> str:
        """Every string constant of the file, one per line."""
        return "\n".join(
            node.value for node in nodes_of(self.tree, ast.Constant) if isinstance(node.value, str)
        )

    @cached_property
    def fstrings(self) -> list[tuple[int, int]]:
        return [(node.lineno, node.end_lineno or node.lineno) for node in nodes_of(self.tree, ast.JoinedStr)]

    @cached_property
    def attribute_of(self) -> dict[int, ast.Attribute]:
        """id of a Name -> the Attribute it is the value of."""
        return {
            id(node.value): node
            for node in nodes_of(self.tree, ast.Attribute)
            if isinstance(node.value, ast.Name)
        }

    @cached_property
    def names(self) -> dict[str, list[ast.Name]]:
        found: dict[str, list[ast.Name]] = {}
        for node in nodes_of(self.tree, ast.Name):
            found.setdefault(node.id, []).append(node)
        return found

    @cached_property
    def has_star(self) -> bool:
        return any(alias.name == "*" for node in nodes_of(self.tree, ast.ImportFrom) for alias in node.names)

    @cached_property
    def inside_strings(self) -> frozenset[int]:
        """The lines a string continues onto from an earlier line (where ``#`` starts no comment)."""
        spans = [*nodes_of(self.tree, ast.Constant), *nodes_of(self.tree, ast.JoinedStr)]
        return frozenset(
            line for node in spans for line in range(node.lineno + 1, (node.end_lineno or node.lineno) + 1)
        )

    def words(self, word: str) -> int:
        """How often ``word`` occurs in the file as a name could: not right after a dot, where it
        is an attribute or a part of a module path (``x.word``, ``from .word import``), nor in a
        comment. Callers first make sure no string holds the word, so on a line no string
        continues onto, a ``#`` with no quote before it starts a comment."""
        count = 0
        for found in re.finditer(_word(word), self.text):
            start = self.text.rfind("\n", 0, found.start()) + 1
            before = self.text[start : found.start()]
            hash_at = before.find("#")
            code = hash_at == -1 or "'" in before[:hash_at] or '"' in before[:hash_at]
            count += code or self.text.count("\n", 0, start) + 1 in self.inside_strings
        return count

    def plan(self, node: ast.Import | ast.ImportFrom) -> StatementMove | None:
        """The move of one module-level statement that binds a legacy module; None when unsure."""
        if self.has_star or node not in self.tree.body or node.end_lineno != node.lineno:
            return None
        move = StatementMove()
        if isinstance(node, ast.Import):
            if len(node.names) != 1 or node.names[0].asname is None or self._holds_legacy(node.names[0].name):
                return None
            alias = node.names[0]
            return move if self._module(node, alias, alias.name, move) else None
        source = resolve_module(node.module or "", node.level, self.ctx.module, self.ctx.is_package)
        if source is None:
            return None
        for alias in node.names:
            full = f"{source}.{alias.name}"
            if self.ctx.name_map.canonical_for(source, alias.name) is not None or self._holds_legacy(full):
                return None
            if self.ctx.name_map.is_legacy_module(full):
                if not self._module(node, alias, full, move):
                    return None
            else:
                move.own.append(_alias_text(alias.name, alias.asname or alias.name))
        return move

    def _holds_legacy(self, module: str) -> bool:
        """``module`` is a package holding a legacy module (its submodule uses move too)."""
        return any(legacy.startswith(module + ".") for legacy in self.ctx.name_map.legacy_modules)

    def _module(
        self, node: ast.Import | ast.ImportFrom, alias: ast.alias, legacy: str, move: StatementMove
    ) -> bool:
        """Plan one alias binding a legacy module into ``move``; False when unsure."""
        local = alias.asname or alias.name
        uses = self._uses(node, local, legacy)
        if uses is None:
            return False
        modules = list(dict.fromkeys(use.target.module for use in uses))
        if not modules:  # nothing to move: the binding stays as it is
            move.own.append(_written(node, alias))
            return True
        own = _own_key(node)
        if alias.asname is not None and len(modules) == 1:  # the binding names the canonical module
            parent, _, last = modules[0].rpartition(".")
            if isinstance(node, ast.Import) or not parent:
                key, text, binding = IMPORT, _alias_text(modules[0], local), ("", modules[0], local)
            else:
                key, text, binding = self._key(node, parent), _alias_text(last, local), (parent, last, local)
            prefixes = {modules[0]: local}
            self._add(move, own, key, text, binding)
        else:
            prefixes = {}
            for module in modules:
                parent, _, last = module.rpartition(".")
                if last == local or self.lasts.get(last, module) != module:
                    return False
                if re.search(rf"(?<!\w){re.escape(last)}(?!\w)", self.strings) or self.words(last):
                    return False
                self.lasts[last] = module
                key = self._key(node, parent) if parent else IMPORT
                self._add(move, own, key, last, (parent, last, last))
                prefixes[module] = last
        for use in uses:
            move.edits.append(
                (use.start, use.end, f"{prefixes[use.target.module]}.{use.target.name}".encode())
            )
        move.moved = True
        return True

    def _add(self, move: StatementMove, own: Key, key: Key, text: str, binding: Binding) -> None:
        """Write a moved binding where the command writes it, unless an earlier one made it."""
        if binding in self.made:
            return
        self.made.add(binding)
        if key == own:
            move.own.append(text)
        else:
            move.groups.setdefault(key, []).append(text)

    def _key(self, node: ast.Import | ast.ImportFrom, module: str) -> Key:
        level = node.level if isinstance(node, ast.ImportFrom) else 0
        new_level, text = relative_form(module, level, self.ctx.module, self.ctx.is_package)
        return True, "." * new_level, text

    def _uses(self, node: ast.Import | ast.ImportFrom, local: str, legacy: str) -> list[_Use] | None:
        """The ``local.Name`` uses of a legacy module binding, in source order; None when ``local``
        is read, bound or written in any other way."""
        names = self.names.get(local, [])
        if not any(self._mapped(name, legacy) for name in names) and not self._quoted(legacy):
            return []  # no mapped name is read through it: the command leaves it as it is
        if local in self.ctx.reexported or re.search(rf"(?<!\w){re.escape(local)}(?!\w)", self.strings):
            return None
        line = self.starts[node.lineno - 1]
        written = self.source[line + node.col_offset : line + (node.end_col_offset or 0)].decode("utf-8")
        in_statement = len(re.findall(_word(local), written))
        if self.words(local) != in_statement + len(names):
            return None
        uses = []
        for name in names:
            use = self._use(name, local, legacy, node.end_lineno or node.lineno)
            if use is None:
                return None
            uses.append(use)
        return sorted(uses, key=lambda use: use.start)

    def _mapped(self, name: ast.Name, legacy: str) -> bool:
        """``name`` is the object of an attribute that names a mapped name (read or written)."""
        attribute = self.attribute_of.get(id(name))
        return attribute is not None and self.ctx.name_map.canonical_for(legacy, attribute.attr) is not None

    def _quoted(self, legacy: str) -> bool:
        """A string holds a mapped name of ``legacy`` (``getattr(m, "Name")``, ``"m.Name"``)."""
        return any(name in self.strings for name in self.ctx.name_map.names_in(legacy))

    def _use(self, name: ast.Name, local: str, legacy: str, after: int) -> _Use | None:
        attribute = self.attribute_of.get(id(name))
        if attribute is None or not isinstance(name.ctx, ast.Load) or not isinstance(attribute.ctx, ast.Load):
            return None
        target = self.ctx.name_map.canonical_for(legacy, attribute.attr)
        if target is None or name.lineno <= after or attribute.end_lineno != name.lineno:
            return None
        if any(first <= name.lineno <= last for first, last in self.fstrings):
            return None
        start = self.starts[name.lineno - 1] + name.col_offset
        end = self.starts[name.lineno - 1] + (attribute.end_col_offset or 0)
        if self.source[start:end] != f"{local}.{attribute.attr}".encode():
            return None
        return _Use(start, end, target)


def _word(word: str) -> str:
    """``word`` where a name could be: not inside a longer word, not right after a dot."""
    return rf"(?<![\w.]){re.escape(word)}(?!\w)"


def _own_key(node: ast.Import | ast.ImportFrom) -> Key:
    if isinstance(node, ast.Import):
        return IMPORT
    return True, "." * node.level, node.module or ""


def _written(node: ast.Import | ast.ImportFrom, alias: ast.alias) -> str:
    return _alias_text(alias.name, alias.asname or (alias.name if isinstance(node, ast.ImportFrom) else ""))


def _alias_text(name: str, local: str) -> str:
    return name if name == local or not local else f"{name} as {local}"
