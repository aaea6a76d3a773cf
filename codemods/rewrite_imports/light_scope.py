"""LibCST's scope answers for the names a module import asks about, without its scope analysis (pure).

LibCST's ScopeProvider, with the ExpressionContextProvider it needs, visits every node of
the file through the visitor machinery: most of the cost of moving an import of a legacy
module (``module_planner``). The planners ask about few names: the binding of the legacy
module, the head of a dotted import, the names a new import would bind, the local names of
moved bindings. For a name that only imports in the module's own scope bind, and that the
file reads only after them, LibCST's answers are plain: its assignments are those imports,
its accesses are the ``Name`` nodes of it in load positions, each reading every one of them.

``LightScopes`` gives exactly those answers, as LibCST's own objects (``GlobalScope``,
``ImportAssignment``, ``Access``), so the planners run unchanged, and raises ``Unsure`` for
any question outside that reach; the command then plans the file again with LibCST's
analysis. Out of reach: a name bound any other way anywhere (assignment, ``def``, parameter,
``del``, ``global``, an import inside a function or class...), read before one of its
imports, read where ``typing.cast``/``TypeVar``/``NewType`` may make a type hint or in a
subscript whose name is bound by more than module-level imports (a subscript is a type hint
when that name comes from ``typing``, as for LibCST), named in a string LibCST may read as
an annotation, an attribute of it assigned or deleted, a name that clashes with a new binding
(LibCST names the clash), and every name of a file with ``match`` statements, PEP 695 syntax
or non-ASCII text. Which node of a
dotted chain an access is (``a.b`` for ``import a.b``) follows LibCST's rule.

The test suite checks, on every snapshot and on generated modules, that the command writes
the same bytes and findings with these answers as with LibCST's.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Collection, Iterator, MutableMapping

import libcst as cst
from libcst.metadata import Access, Assignments, BaseAssignment, GlobalScope, Scope

from codemods.rewrite_imports.source_facts import SourceFacts, hint_strings
from ssot_refactor.model import nodes_of

#: calls whose arguments LibCST's scope analysis may read as type hints
_TYPING_CALLS = re.compile(r"(?<![\w.])(?:cast|TypeVar|NewType)(?!\w)")
#: where a ``Name`` is no access: LibCST's scope analysis does not visit it there
_NOT_READ = (
    (cst.Attribute, "attr"),
    (cst.Arg, "keyword"),
    (cst.FunctionDef, "name"),
    (cst.ClassDef, "name"),
    (cst.Param, "name"),
    (cst.NameItem, "name"),
)


class Unsure(Exception):
    """A question ``LightScopes`` cannot answer exactly: plan with LibCST's scope analysis."""


class _Scope(GlobalScope):
    """The module's scope, filling in the accesses of a name before anything reads its assignments."""

    def __init__(self, model: LightScopes) -> None:
        super().__init__()
        self._model = model

    @property
    def assignments(self) -> Assignments:
        return _Assignments(self._model, self._assignments)

    @property
    def accesses(self) -> Collection[Access]:  # type: ignore[override]
        raise Unsure("the accesses of a scope")


class _Assignments(Assignments):
    def __init__(self, model: LightScopes, assignments: MutableMapping[str, set[BaseAssignment]]) -> None:
        super().__init__(assignments)
        self._model = model

    def __getitem__(self, node: str | cst.CSTNode) -> Collection[BaseAssignment]:
        if not isinstance(node, str):
            raise Unsure("assignments of a node")
        self._model.ensure(node)
        return super().__getitem__(node)


class LightScopes:
    """The module's scope as LibCST would give it, for the names it can answer for exactly."""

    def __init__(
        self,
        text: str,
        tree: ast.Module,
        imports: list[cst.Import | cst.ImportFrom],
        parents: dict[cst.CSTNode, cst.CSTNode],
        names: dict[str, list[cst.Name]],
    ) -> None:
        """Raises ``Unsure`` for a file out of reach as a whole."""
        self.facts = SourceFacts.of(tree)
        if not (self.facts.usable and text.isascii()):
            raise Unsure("the file has match statements, PEP 695 syntax or non-ASCII text")
        self.text = text
        self.tree = tree
        self.parents = parents
        self.names = names
        self.typing_calls = _TYPING_CALLS.search(text) is not None
        self.hints: list[str] | None = None  #: computed when a name appears in a string
        self.scope = _Scope(self)
        self.done: set[str] = set()
        self.statements: set[int] = set()  #: ids of the import statements in the module's scope
        for statement in imports:
            if self.in_module_scope(statement):
                self.statements.add(id(statement))
                self.record(statement)
        self.scope._assignment_count += len(imports) + 1  # every access comes after every import

    def in_module_scope(self, node: cst.CSTNode) -> bool:
        parent = self.parents.get(node)
        while parent is not None:
            if isinstance(parent, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
                return False
            parent = self.parents.get(parent)
        return True

    def record(self, statement: cst.Import | cst.ImportFrom) -> None:
        """The assignments LibCST records for one import statement of the module's scope."""
        if isinstance(statement.names, cst.ImportStar):
            return
        for alias in statement.names:
            bound = alias.name if alias.asname is None else cst.ensure_type(alias.asname.name, cst.Name)
            for name, _ in dotted_names(bound):
                self.scope.record_import_assignment(name, statement, bound)
        self.scope._assignment_count += 1

    # -- the questions of the planners ------------------------------------------------------

    def scope_of(self, node: cst.CSTNode) -> Scope | None:
        """The scope of an import statement or alias of the module's scope."""
        statement = self.parents.get(node) if isinstance(node, cst.ImportAlias) else node
        if id(statement) not in self.statements:
            raise Unsure("the scope of a node outside the module's imports")
        return self.scope

    def scopes(self) -> tuple[Scope, ...]:
        raise Unsure("every scope of the file")

    def is_load(self, node: cst.CSTNode) -> bool:
        """Whether a dotted attribute of an answered name is read (not assigned or deleted)."""
        dotted = next(dotted_names(node), ("", node))[0] if isinstance(node, cst.Attribute) else ""
        head = dotted.split(".")[0]
        if head not in self.done or dotted in self.facts.stored or dotted.count(".") != _depth(node):
            raise Unsure("the context of an expression")
        return True

    def first_conflict(
        self, name: str, is_allowed: Callable[[BaseAssignment], bool]
    ) -> BaseAssignment | Access | None:
        """``bindings.first_conflict`` over every scope: None when nothing clashes."""
        if not _names_it(self.text, name):
            return None
        self.ensure(name)
        for assignment in self.scope._assignments.get(name, ()):
            if not is_allowed(assignment):
                raise Unsure(f"{name} clashes")
        for access in self.scope._accesses_by_name.get(name, ()):
            if not access.referents or any(not is_allowed(r) for r in access.referents):
                raise Unsure(f"{name} clashes")
        return None

    # -- the accesses of a name -------------------------------------------------------------

    def ensure(self, name: str) -> None:
        """Record the accesses of ``name`` (and of every dotted name of its head), or raise."""
        head = name.split(".")[0]
        if head in self.done:
            return
        grouped: dict[str, list[Access]] = {}
        for node in self.reads(head):
            access, dotted = self.access(node)
            grouped.setdefault(dotted, []).append(access)
        for dotted, found in grouped.items():
            for access in found:
                access.record_assignments(dotted)
                self.scope.record_access(dotted, access)
            for assignment in self.scope._resolve_scope_for_access(dotted, self.scope):
                assignment.record_accesses(set(found))
        self.done.add(head)

    def reads(self, head: str) -> list[cst.Name]:
        """The ``Name`` nodes that read ``head``, when only imports of the module's scope bind it
        and it is read after all of them; else raise."""
        facts = self.facts
        if head in facts.other:
            raise Unsure(f"{head} is bound by more than imports of the module's scope")
        if self.in_hint_string(head):
            raise Unsure(f"{head} may be read in a string annotation")
        loads = facts.loads.get(head, [])
        count, end = facts.imported.get(head, (0, (0, 0)))
        if loads and (count == 0 or min(loads) <= end):
            raise Unsure(f"{head} is read before one of its imports, or unbound")
        if count != sum(1 for a in self.scope._assignments.get(head, ()) if a.name == head):
            raise Unsure(f"the imports of {head}")
        accesses = [node for node in self.names.get(head, []) if self.is_access(node)]
        if len(accesses) != len(loads):
            raise Unsure(f"the reads of {head}")
        return accesses

    def in_hint_string(self, name: str) -> bool:
        """Whether ``name`` is a word of a string LibCST may read as an annotation."""
        strings = nodes_of(self.tree, ast.Constant)
        if not any(isinstance(s.value, str) and _names_it(s.value, name) for s in strings):
            return False
        if self.hints is None:
            self.hints = hint_strings(self.tree, self.typing_calls)
        return any(_names_it(text, name) for text in self.hints)

    def is_access(self, node: cst.Name) -> bool:
        """Whether LibCST's scope analysis makes ``node`` an access (given no binding names it)."""
        parent = self.parents.get(node)
        if any(isinstance(parent, kind) and getattr(parent, name) is node for kind, name in _NOT_READ):
            return False
        while parent is not None and not isinstance(
            parent, (cst.BaseSmallStatement, cst.BaseCompoundStatement)
        ):
            parent = self.parents.get(parent)
        return not isinstance(parent, (cst.Import, cst.ImportFrom))

    def access(self, node: cst.Name) -> tuple[Access, str]:
        """The access LibCST records for a ``Name`` and the name it reads, or raise when it may be
        a type hint."""
        top: cst.Attribute | None = None
        annotation = False
        child: cst.CSTNode = node
        parent = self.parents.get(node)
        frame_open = True  # below the nearest call: attributes still count as the enclosing chain
        hint: bool | None = None  # decided by the nearest call or subscript around the read
        while parent is not None:
            if isinstance(parent, cst.Subscript) and hint is None:
                hint = self.typing_subscript(parent)
            if isinstance(parent, cst.Call) and hint is None:
                if self.typing_calls and child is not parent.func:
                    raise Unsure("a read in a call that may be typing.cast")
                hint = False
            if isinstance(parent, cst.Call):
                frame_open = False
            if frame_open and isinstance(parent, cst.Attribute):
                top = parent
            annotation = annotation or isinstance(parent, cst.Annotation)
            child, parent = parent, self.parents.get(parent)
        access = Access(node, self.scope, is_annotation=annotation, is_type_hint=bool(hint))
        dotted = node.value
        if top is not None:
            for candidate, candidate_node in dotted_names(top):
                if candidate in self.scope:
                    access.node, dotted = candidate_node, candidate
                    break
        return access, dotted

    def typing_subscript(self, subscript: cst.Subscript) -> bool:
        """Whether LibCST reads ``subscript`` as a type hint: its value is a name that an import
        from ``typing`` (or ``typing_extensions``) binds. Raises when that depends on more than
        imports of the module's scope read after them."""
        value = subscript.value
        if not isinstance(value, cst.Name):
            return False
        name = value.value
        facts = self.facts
        if name not in facts.imported_anywhere:
            return False  # a builtin, a local, or nothing: never a name of typing's
        if name in facts.other:
            raise Unsure(f"{name} may be bound by more than imports")
        count, end = facts.imported.get(name, (0, (0, 0)))
        if count and min(facts.loads.get(name, [(0, 0)])) <= end:
            raise Unsure(f"{name} is read before one of its imports")
        return name in facts.typing_names


def dotted_names(node: cst.BaseExpression) -> Iterator[tuple[str, cst.Attribute | cst.Name]]:
    """The dotted names of an attribute chain, longest first, with their nodes: what LibCST's
    scope analysis tries, in this order, as the name an access reads."""
    if isinstance(node, cst.Name):
        yield node.value, node
        return
    if not isinstance(node, cst.Attribute):
        return
    value = node.value
    if isinstance(value, cst.Call):
        yield from dotted_names(value.func)
        return
    inner = dotted_names(value)
    first = next(inner, None)
    if first is None:
        return
    yield f"{first[0]}.{node.attr.value}", node
    yield first
    yield from inner


def _depth(node: cst.CSTNode) -> int:
    """The number of attributes down a chain (``a.b.c``: 2)."""
    depth = 0
    while isinstance(node, cst.Attribute):
        node, depth = node.value, depth + 1
    return depth


def _names_it(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", text) is not None
