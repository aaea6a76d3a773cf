"""Scan stage: find functions and classes in the repository's sources, read their signatures (pure).

Only the stdlib ``ast`` is used and nothing is imported or executed. A signature is read for a
function, a class (its ``__init__``, else ``__new__``, else its dataclass fields, following
inheritance inside the repository) or a method reached as ``Class.method``. Whatever cannot be
read for sure (a base class outside the repository, an unknown decorator, a name defined in
two different ways) is ``None``: unknown, never guessed. What one node declares (parameters,
dataclass fields, decorators) is read by ``parameters``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ssot_refactor.model import Param, Signature, Target
from ssot_refactor.model.notation import KEYWORD_ONLY, POSITIONAL_OR_KEYWORD
from ssot_refactor.scan.index import index_source
from ssot_refactor.scan.namespace import dotted_chain
from ssot_refactor.scan.parameters import (
    class_is_plain,
    dataclass_fields,
    dataclass_options,
    decorator_name,
    decorators_preserve,
    function_signature,
    is_overload,
)
from ssot_refactor.scan.records import MODULE_SCOPE, ImportRecord, ModuleInfo, decode_source, module_name_for
from ssot_refactor.scan.scanner import ScanResult

#: bases outside the repository known to add no constructor parameters
_PLAIN_BASES = frozenset(
    {
        "object",
        "ABC",
        "abc.ABC",
        "Generic",
        "typing.Generic",
        "Protocol",
        "typing.Protocol",
        "typing_extensions.Protocol",
    }
)
_MAX_DEPTH = 12


@dataclass(frozen=True, slots=True)
class Definition:
    """A function or class definition found in a module of the repository."""

    module: str
    node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


class SignatureReader:
    """Reads signatures from the repository's sources, parsing each module at most once."""

    def __init__(self, result: ScanResult) -> None:
        self.result = result
        self._trees: dict[str, ast.Module | None] = {}
        self._infos: dict[str, ModuleInfo | None] = {}

    # sources ----------------------------------------------------------------

    def tree(self, module: str) -> ast.Module | None:
        """The parsed module, or None when it is not in the repository or does not parse."""
        if module not in self._trees:
            self._trees[module] = self._parse(module)
        return self._trees[module]

    def _parse(self, module: str) -> ast.Module | None:
        path = self.result.path_of(module)
        if path is None:
            return None
        try:
            return ast.parse(decode_source((self.result.root / path).read_bytes()), filename=path)
        except (OSError, SyntaxError, ValueError, UnicodeDecodeError, LookupError):
            return None

    def imports(self, module: str) -> tuple[ImportRecord, ...]:
        """Module-level imports of a module, from the scan index or indexed on demand."""
        if module not in self._infos:
            info = self.result.info_of(module)
            path = self.result.path_of(module)
            if info is None and path is not None:
                _, is_package = module_name_for(path, self.result.source_roots)
                try:
                    found = index_source(path, (self.result.root / path).read_bytes(), module, is_package)
                except OSError:
                    found = None
                info = found if isinstance(found, ModuleInfo) else None
            self._infos[module] = info
        info = self._infos[module]
        return tuple(r for r in info.imports if r.scope == MODULE_SCOPE) if info else ()

    # resolution -------------------------------------------------------------

    def signature(self, target: Target) -> Signature | None:
        """The signature of a target, or None when it cannot be read for sure."""
        head, _, rest = target.name.partition(".")
        found = self.resolve(target.module, head, 0)
        if found is None:
            return None
        if not rest:
            return self.callable_signature(found)
        if "." in rest or not isinstance(found.node, ast.ClassDef):
            return None
        return self.method_signature(found, rest)

    def resolve(self, module: str, name: str, depth: int) -> Definition | None:
        """Follow ``name`` in ``module`` to its definition: a def, a class, an import or an alias."""
        candidates = self._top_level(module, name) if depth <= _MAX_DEPTH else None
        if candidates is None:
            return None
        records = [r for r in self.imports(module) if r.local == name and r.name not in (None, "*")]
        if not candidates and not records and any(r.name == "*" for r in self.imports(module)):
            return None
        found: list[Definition | None] = []
        for node, conditional in candidates:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                found.append(Definition(module, node))
            elif isinstance(node, ast.expr):
                found.append(self.resolve_expression(module, node, depth + 1))
            if not conditional:
                found = found[-1:]
        for record in records:
            found.append(self.resolve(record.module, str(record.name), depth + 1) if record.module else None)
        return _one(found)

    def _top_level(self, module: str, name: str) -> list[tuple[ast.AST, bool]] | None:
        """``_top_level`` of the module's tree; None when it is not in the repository or does not parse.

        A module the scan indexed with the stdlib parser parses, and its index lists every name
        its top level binds (``defined``): when ``name`` is not among them there is no candidate,
        and the module is not parsed. Every re-export of a legacy class names its re-exporter
        (often a large importer) in the spec's name map, and only its imports are read then.
        """
        info = self.result.info_of(module)
        if info is not None and info.parser == "ast" and module not in self._trees and not info.defines(name):
            return []
        tree = self.tree(module)
        return None if tree is None else list(_top_level(tree, name))

    def resolve_expression(self, module: str, node: ast.expr, depth: int) -> Definition | None:
        """A name or dotted chain as seen from ``module``'s top level."""
        chain = dotted_chain(node)
        if chain is None:
            return None
        head, _, rest = chain.partition(".")
        if not rest:
            return self.resolve(module, head, depth)
        for record in self.imports(module):
            if record.name is None and chain.startswith(record.local + "."):
                *inner, last = chain[len(record.local) + 1 :].split(".")
                return self.resolve(".".join([record.module, *inner]), last, depth + 1)
        origin = next(
            (r for r in self.imports(module) if r.local == head and r.name not in (None, "*")), None
        )
        if origin is not None and "." not in rest:
            return self.resolve(origin.target_module, rest, depth + 1)
        return None

    # signatures -------------------------------------------------------------

    def callable_signature(self, found: Definition) -> Signature | None:
        """A function's parameters, or a class's constructor parameters."""
        node = found.node
        if isinstance(node, ast.ClassDef):
            return self.constructor_signature(found)
        if not decorators_preserve(node):
            return None
        return function_signature(node, drop_first=False)

    def method_signature(self, found: Definition, method: str) -> Signature | None:
        """``Class.method`` as called on the class: ``cls`` dropped for classmethods, ``self`` kept."""
        mro = self.mro(found)
        if mro is None:
            return None
        for owner in mro:
            assert isinstance(owner.node, ast.ClassDef)
            node = _last_method(owner.node, method)
            if node is None:
                if any(_assigns(owner.node, method)):
                    return None
                continue
            names = {decorator_name(d) for d in node.decorator_list}
            if (
                "property" in names
                or "cached_property" in names
                or not decorators_preserve(node, {"staticmethod", "classmethod"})
            ):
                return None
            return function_signature(node, drop_first="classmethod" in names)
        return None

    def constructor_signature(self, found: Definition) -> Signature | None:
        """``__init__`` along the class's bases, else a dataclass's fields, else ``__new__``."""
        mro = self.mro(found)
        if mro is None:
            return None
        for owner in mro:
            assert isinstance(owner.node, ast.ClassDef)
            init = _last_method(owner.node, "__init__")
            if init is not None:
                return (
                    function_signature(init, drop_first=True, is_async=False)
                    if decorators_preserve(init)
                    else None
                )
            options = dataclass_options(owner.node)
            if options is not None and options.get("init", True):
                return self.dataclass_signature(mro[mro.index(owner) :])
        for owner in mro:
            assert isinstance(owner.node, ast.ClassDef)
            new = _last_method(owner.node, "__new__")
            if new is not None:
                return (
                    function_signature(new, drop_first=True, is_async=False)
                    if decorators_preserve(new, {"staticmethod"})
                    else None
                )
        return Signature(())

    def dataclass_signature(self, mro: Sequence[Definition]) -> Signature:
        """The generated ``__init__`` of a dataclass: fields of its dataclass bases first."""
        fields: dict[str, Param] = {}
        for owner in reversed(mro):
            assert isinstance(owner.node, ast.ClassDef)
            options = dataclass_options(owner.node)
            if options is None:
                continue
            for param in dataclass_fields(owner.node, bool(options.get("kw_only", False))):
                if param.kind == "":
                    fields.pop(param.name, None)
                else:
                    fields[param.name] = param
        positional = [p for p in fields.values() if p.kind == POSITIONAL_OR_KEYWORD]
        keyword = [p for p in fields.values() if p.kind == KEYWORD_ONLY]
        return Signature(tuple(positional + keyword))

    def mro(self, found: Definition) -> list[Definition] | None:
        """The class's method resolution order inside the repository (C3); None if a base is unknown."""
        return self._mro(found, 0)

    def _mro(self, found: Definition, depth: int) -> list[Definition] | None:
        node = found.node
        if not isinstance(node, ast.ClassDef) or depth > _MAX_DEPTH or not class_is_plain(node):
            return None
        chains: list[list[Definition]] = []
        for base in node.bases:
            expression = base.value if isinstance(base, ast.Subscript) else base
            if dotted_chain(expression) in _PLAIN_BASES:
                continue
            resolved = self.resolve_expression(found.module, expression, depth + 1)
            if resolved is None or not isinstance(resolved.node, ast.ClassDef):
                return None
            chain = self._mro(resolved, depth + 1)
            if chain is None:
                return None
            chains.append(chain)
        merged = _c3_merge([*chains, [c[0] for c in chains]])
        return None if merged is None else [found, *merged]


# --------------------------------------------------------------------------- ast helpers


def _top_level(tree: ast.Module, name: str) -> Iterator[tuple[ast.AST, bool]]:
    """Module-level definitions of ``name`` (defs, classes, ``name = expression``) and whether conditional."""
    stack: list[tuple[ast.stmt, bool]] = [(statement, False) for statement in tree.body]
    stack.reverse()
    while stack:
        statement, conditional = stack.pop()
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if statement.name == name and not is_overload(statement):
                yield statement, conditional
        elif isinstance(statement, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in statement.targets
        ):
            yield statement.value, conditional
        elif (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and statement.target.id == name
        ):
            if statement.value is not None:
                yield statement.value, conditional
        elif isinstance(statement, (ast.If, ast.Try, ast.With)) or type(statement).__name__ == "TryStar":
            nested = [
                child for field in ("body", "orelse", "finalbody") for child in getattr(statement, field, [])
            ] + [child for handler in getattr(statement, "handlers", []) for child in handler.body]
            stack.extend((child, True) for child in reversed(nested))


def _one(found: Sequence[Definition | None]) -> Definition | None:
    """The single definition all candidates agree on, or None."""
    if not found or any(item is None for item in found):
        return None
    first = found[0]
    assert first is not None
    same = all(
        item is not None
        and item.module == first.module
        and item.node.name == first.node.name
        and item.node.lineno == first.node.lineno
        for item in found
    )
    return first if same else None


def _last_method(node: ast.ClassDef, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    methods = [
        item
        for item in node.body
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
        and item.name == name
        and not is_overload(item)
    ]
    return methods[-1] if methods else None


def _assigns(node: ast.ClassDef, name: str) -> Iterator[ast.stmt]:
    for item in node.body:
        if (
            isinstance(item, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in item.targets)
            or isinstance(item, ast.AnnAssign)
            and isinstance(item.target, ast.Name)
            and item.target.id == name
        ):
            yield item


def _c3_merge(sequences: list[list[Definition]]) -> list[Definition] | None:
    """C3 linearisation of the bases' orders; None when inconsistent."""

    def key(item: Definition) -> tuple[str, int]:
        return item.module, item.node.lineno

    result: list[Definition] = []
    pending = [list(seq) for seq in sequences if seq]
    while pending:
        for seq in pending:
            head = seq[0]
            if not any(key(head) in {key(item) for item in other[1:]} for other in pending):
                break
        else:
            return None
        result.append(head)
        pending = [[item for item in seq if key(item) != key(head)] for seq in pending]
        pending = [seq for seq in pending if seq]
    return result
