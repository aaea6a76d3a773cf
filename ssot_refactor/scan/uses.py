"""Scan stage: how one file uses its legacy callables and classes, read with the stdlib ``ast`` (pure).

The walker follows the file's imports (scopes respected: a local or a parameter that shadows
a name is not a legacy reference) and records

- every call of a legacy callable, with its shape (``positional-2``, ``keyword``, ``splat``, ...);
- every member read on a legacy class or on one of its instances: ``Legacy.attr``,
  ``Legacy(...).attr``, ``x.attr`` where ``x = Legacy(...)`` (or annotated, or tested with
  ``isinstance``), and ``self.x.attr`` where a method of the class set ``self.x = Legacy(...)``;
- every member the file itself stores or deletes on them (``x.attr = ...``): those exist.

The audit (``callsites``) reads it with the repository's definitions; the planner
(``members``) reads it in each worker with the file's name map only. Both give the walker a
:class:`Resolver`. What a class body defines is read by ``class_body``.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from ssot_refactor.model import Target
from ssot_refactor.scan.class_body import SCOPES, is_name, own_members, walk_scope
from ssot_refactor.scan.namespace import dotted_chain
from ssot_refactor.scan.records import resolve_relative


class Resolver(Protocol):
    """What the walker asks about a dotted path."""

    def legacy_of(self, dotted: str) -> Target | None:
        """The legacy target ``dotted`` names (``module:Name`` or ``module:Name.attr``), or None."""

    def is_class(self, legacy: Target) -> bool:
        """True when the legacy ``module:Name`` is a class whose members matter."""


@dataclass(frozen=True, slots=True)
class MemberUse:
    """A member read on a legacy class (``on_class``) or on an instance of it."""

    legacy: Target  #: ``module:Name`` of the legacy class, as the file reaches it
    attr: str
    line: int
    on_class: bool
    called: bool = False  #: the member is called (``Legacy.attr(...)``)


@dataclass
class _Scope:
    node: ast.AST
    kind: str  #: "module" | "function" | "class"
    #: local name -> absolute dotted origin of an import, None for other bindings
    bound: dict[str, str | None]
    instances: dict[str, Target] = field(default_factory=dict)  #: names holding legacy instances
    #: class scopes: ``self.<attr>`` that a method of the class sets to a legacy instance
    self_instances: dict[str, Target] = field(default_factory=dict)
    #: class scopes: the legacy class this class only derives from, and what it defines itself
    #: (``self.attr`` in its methods reaches the legacy class for any other attr)
    subclass_of: Target | None = None
    own: frozenset[str] = frozenset()


class Walker:
    """Collects one file's legacy calls (with their shape) and the members used on legacy classes."""

    def __init__(self, module: str | None, is_package: bool, resolver: Resolver) -> None:
        self.module, self.is_package, self.resolver = module, is_package, resolver
        self.scopes: list[_Scope] = []
        self.calls: list[tuple[Target, int, str]] = []
        self.members: list[MemberUse] = []
        self.stored: set[tuple[Target, str]] = set()  #: members the file sets or deletes
        self._classes: dict[Target, bool] = {}
        self._called: set[int] = set()  #: ``id`` of the callee expressions seen

    def run(self, tree: ast.Module, visits: Callable[[ast.stmt], bool] | None = None) -> None:
        """Walk the module; ``visits`` may leave out module-level statements that cannot reach a
        legacy name (it sees the module scope as ``scopes[0]``)."""
        self._scope(tree, "module", tree.body, visits)

    def _scope(
        self,
        node: ast.AST,
        kind: str,
        body: list[ast.stmt] | list[ast.expr],
        visits: Callable[[ast.stmt], bool] | None = None,
    ) -> None:
        scope = _Scope(node, kind, dict(self._bindings(node, body)))
        self.scopes.append(scope)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._annotated_parameters(node, scope)
        if isinstance(node, ast.ClassDef):
            self._self_instances(node, scope)
            self._subclass(node, scope)
        for statement in body:
            if visits is None or not isinstance(statement, ast.stmt) or visits(statement):
                self._visit(statement)
        self.scopes.pop()

    def _visit(self, node: ast.AST) -> None:
        if isinstance(node, SCOPES):
            self._visit_scope(node)
            return
        if isinstance(node, ast.Call):
            self._called.add(id(node.func))
            self._call(node)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for child in ast.iter_child_nodes(node):
                self._visit(child)
            self._instance_assignment(node)  # after its targets: their rebinding is this one
            return
        elif isinstance(node, ast.Attribute):
            self._member(node)
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            self.scopes[-1].instances.pop(node.id, None)  # rebound to something else
        for child in ast.iter_child_nodes(node):
            self._visit(child)

    def _visit_scope(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef) -> None:
        """Visit what a definition evaluates in the enclosing scope, then its body in a scope of its own."""
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for outer in [
                *node.decorator_list,
                *node.args.defaults,
                *(d for d in node.args.kw_defaults if d),
            ]:
                self._visit(outer)
            self._scope(node, "function", node.body)
        elif isinstance(node, ast.ClassDef):
            for outer in [*node.decorator_list, *node.bases]:
                self._visit(outer)
            self._scope(node, "class", node.body)
        else:
            self._scope(node, "function", [node.body])

    # names --------------------------------------------------------------------

    def _bindings(
        self, node: ast.AST, body: list[ast.stmt] | list[ast.expr]
    ) -> Iterator[tuple[str, str | None]]:
        imports: dict[str, str] = {}
        others: set[str] = set()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            args = node.args
            others.update(
                a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg] if a
            )
        for item in walk_scope(body):
            if isinstance(item, ast.Import):
                for alias in item.names:
                    local = alias.asname or alias.name.split(".")[0]
                    imports[local] = alias.name if alias.asname else alias.name.split(".")[0]
            elif isinstance(item, ast.ImportFrom):
                base = resolve_relative(self.module, self.is_package, item.level, item.module)
                for alias in item.names:
                    if alias.name != "*" and base:
                        imports[alias.asname or alias.name] = f"{base}.{alias.name}"
            elif isinstance(item, ast.Name) and isinstance(item.ctx, ast.Store):
                others.add(item.id)
            elif isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                others.add(item.name)
        yield from imports.items()
        yield from ((name, None) for name in others - set(imports))

    def resolve(self, node: ast.AST) -> str | None:
        """The absolute dotted path an expression names through this file's imports, or None."""
        dotted = dotted_chain(node)
        if dotted is None:
            return None
        head, dot, rest = dotted.partition(".")
        innermost = self.scopes[-1]
        for scope in reversed(self.scopes):
            if head in scope.bound and (scope.kind != "class" or scope is innermost):
                origin = scope.bound[head]
                return None if origin is None else origin + dot + rest
        return None

    def legacy_class(self, node: ast.AST) -> Target | None:
        """The legacy class (``module:Name``) an expression names, or None."""
        dotted = self.resolve(node)
        legacy = self.resolver.legacy_of(dotted) if dotted else None
        if legacy is None or "." in legacy.name:
            return None
        return legacy if self._is_class(legacy) else None

    # calls --------------------------------------------------------------------

    def _call(self, node: ast.Call) -> None:
        dotted = self.resolve(node.func)
        legacy = self.resolver.legacy_of(dotted) if dotted else None
        shape = None
        if (
            legacy is None
            and dotted == "functools.partial"
            and node.args
            and not isinstance(node.args[0], ast.Starred)
        ):
            inner = self.resolve(node.args[0])
            legacy = self.resolver.legacy_of(inner) if inner else None
            shape = "partial"
        if legacy is None:
            return
        if shape is None:
            shape = call_shape(node, legacy, isinstance(node.func, ast.Attribute) and "." not in legacy.name)
        self.calls.append((legacy, node.lineno, shape))

    def _legacy_class_call(self, value: ast.expr | None) -> Target | None:
        if not isinstance(value, ast.Call):
            return None
        dotted = self.resolve(value.func)
        legacy = self.resolver.legacy_of(dotted) if dotted else None
        if legacy is None or "." in legacy.name:
            return None  # a constructor call only: what ``Legacy.factory()`` returns is not known
        return legacy if self._is_class(legacy) else None

    def _legacy_class_annotation(self, annotation: ast.expr | None) -> Target | None:
        if annotation is None:
            return None
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                annotation = ast.parse(annotation.value.strip(), mode="eval").body
            except SyntaxError:
                return None
        for node in ast.walk(annotation):
            if isinstance(node, (ast.Name, ast.Attribute)):
                legacy = self.legacy_class(node)
                if legacy is not None:
                    return legacy
        return None

    def _is_class(self, legacy: Target) -> bool:
        if legacy not in self._classes:
            self._classes[legacy] = self.resolver.is_class(legacy)
        return self._classes[legacy]

    # members ------------------------------------------------------------------

    def _member(self, node: ast.Attribute) -> None:
        """A member read, stored or deleted on a legacy class or instance."""
        found = self._member_owner(node.value)
        if found is None:
            return
        legacy, on_class = found
        if self._defined_here(node):
            return
        if isinstance(node.ctx, ast.Load):
            self.members.append(MemberUse(legacy, node.attr, node.lineno, on_class, id(node) in self._called))
        else:
            self.stored.add((legacy, node.attr))

    def _defined_here(self, node: ast.Attribute) -> bool:
        """``self.attr`` in a subclass of a legacy class where the subclass itself defines attr."""
        if len(self.scopes) < 2 or self.scopes[-2].kind != "class" or self.scopes[-2].subclass_of is None:
            return False
        through_self = isinstance(node.value, ast.Name)  # super().attr skips the subclass's own attr
        return through_self and node.attr in self.scopes[-2].own and self._inherited(node.value) is not None

    def _member_owner(self, value: ast.expr) -> tuple[Target, bool] | None:
        """The legacy class ``value`` is (True) or holds an instance of (False), or None."""
        if isinstance(value, ast.Name) and value.id in self.scopes[-1].instances:
            return self.scopes[-1].instances[value.id], False
        inherited = self._inherited(value)
        if inherited is not None:
            return inherited, False
        if isinstance(value, ast.Call):
            instance = self._legacy_class_call(value)
            return (instance, False) if instance is not None else None
        if (
            isinstance(value, ast.Attribute)
            and isinstance(value.value, ast.Name)
            and value.value.id == "self"
            and (held := self._self_instance(value.attr)) is not None
        ):
            return held, False
        legacy = self.legacy_class(value)
        return (legacy, True) if legacy is not None else None

    def _inherited(self, value: ast.expr) -> Target | None:
        """``self`` or ``super()`` in a method of a class derived from a legacy class only."""
        if len(self.scopes) < 2 or self.scopes[-1].kind != "function" or self.scopes[-2].kind != "class":
            return None
        method, owner = self.scopes[-1].node, self.scopes[-2]
        if owner.subclass_of is None or not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        first = [*method.args.posonlyargs, *method.args.args][:1]
        is_self = bool(first) and isinstance(value, ast.Name) and value.id == first[0].arg
        is_super = isinstance(value, ast.Call) and is_name(value.func, "super") and not value.args
        if any(is_name(d, "staticmethod") for d in method.decorator_list) or not (is_self or is_super):
            return None
        return owner.subclass_of

    def _subclass(self, node: ast.ClassDef, scope: _Scope) -> None:
        bases = [base for base in node.bases if not is_name(base, "object")]
        legacy = self.legacy_class(bases[0]) if len(bases) == 1 and not node.keywords else None
        own = own_members(node) if legacy is not None else None
        if legacy is not None and own is not None:
            scope.subclass_of, scope.own = legacy, frozenset(own)

    def _self_instance(self, attr: str) -> Target | None:
        """What ``self.<attr>`` holds in a method of the innermost enclosing class."""
        if len(self.scopes) < 2 or self.scopes[-1].kind != "function":
            return None
        for scope in reversed(self.scopes[:-1]):
            if scope.kind == "class":
                return scope.self_instances.get(attr)
        return None

    # instances ----------------------------------------------------------------

    def _instance_assignment(self, node: ast.Assign | ast.AnnAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        legacy = self._legacy_class_call(node.value)
        if legacy is None and isinstance(node, ast.AnnAssign):
            legacy = self._legacy_class_annotation(node.annotation)
        for target in targets:
            if isinstance(target, ast.Name) and legacy is not None:
                self.scopes[-1].instances[target.id] = legacy

    def _self_instances(self, node: ast.ClassDef, scope: _Scope) -> None:
        """``self.x = Legacy(...)`` (or ``self.x: Legacy``) in the class's methods, and nothing else."""
        held: dict[str, set[Target | None]] = defaultdict(set)
        for method in node.body:
            if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for item in walk_scope(method.body):
                value: ast.expr | None
                if isinstance(item, ast.Assign):
                    targets, value, annotation = item.targets, item.value, None
                elif isinstance(item, ast.AnnAssign):
                    targets, value, annotation = [item.target], item.value, item.annotation
                else:
                    continue
                legacy = self._legacy_class_call(value) or self._legacy_class_annotation(annotation)
                for target in targets:
                    if isinstance(target, ast.Attribute) and is_name(target.value, "self"):
                        held[target.attr].add(legacy)
        # an attribute also set to something else may hold anything
        for attr, found in held.items():
            (only,) = found if len(found) == 1 else (None,)
            if only is not None:
                scope.self_instances[attr] = only

    def _annotated_parameters(self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: _Scope) -> None:
        args = node.args
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        for param in params:
            legacy = self._legacy_class_annotation(param.annotation)
            if legacy is not None:
                scope.instances[param.arg] = legacy
        for decorator in node.decorator_list:
            if (
                isinstance(decorator, ast.Call)
                and isinstance(decorator.func, ast.Attribute)
                and decorator.func.attr == "register"
                and decorator.args
                and params
            ):
                legacy = self._legacy_class_annotation(decorator.args[0])
                if legacy is not None:
                    scope.instances[params[0].arg] = legacy
        for test in ast.walk(node):
            if (
                isinstance(test, ast.Call)
                and isinstance(test.func, ast.Name)
                and test.func.id == "isinstance"
                and len(test.args) == 2
            ):
                subject, kind = test.args
                legacy = self._legacy_class_annotation(kind) if isinstance(subject, ast.Name) else None
                if legacy is not None and isinstance(subject, ast.Name):
                    scope.instances[subject.id] = legacy


def call_shape(node: ast.Call, legacy: Target, through_module: bool) -> str:
    """The shape of one legacy call: splat, classmethod, module-attribute, or its arguments."""
    if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
        return "splat"
    if "." in legacy.name:
        return "classmethod"
    if through_module:
        return "module-attribute"
    if not node.args and not node.keywords:
        return "no-args"
    if not node.keywords:
        return f"positional-{len(node.args)}"
    return "keyword" if not node.args else "mixed"
