"""Why a class, an alias or a function looks like a legacy version of a canonical class (pure).

Each test reads one module's stdlib tree and says, in a sentence a reviewer can check, what ties
a definition to the canonical class: it subclasses it, builds it, forwards its methods to it,
has its public methods, binds another name to it, or says it is deprecated. A class with none
of these is never proposed, whatever its name.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from ssot_refactor.model import Target
from ssot_refactor.scan.namespace import dotted_chain
from ssot_refactor.scan.records import resolve_relative

_STATIC = ("classmethod", "staticmethod")


def _decorated_as(function: ast.FunctionDef | ast.AsyncFunctionDef, names: tuple[str, ...]) -> bool:
    return any(isinstance(d, ast.Name) and d.id in names for d in function.decorator_list)


@dataclass(frozen=True, slots=True)
class CanonicalClass:
    """The class every legacy version becomes, as far as drafting needs it."""

    target: Target
    path: str
    methods: frozenset[str]  #: public instance methods and properties
    factories: tuple[str, ...]  #: its class- and static methods (alternative constructors, maybe)
    init: tuple[str, ...] | None = None  #: the constructor's parameter names (``self`` left out)


def canonical_class(target: Target, path: str, tree: ast.Module) -> CanonicalClass | None:
    node = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == target.name), None)
    if node is None:
        return None
    functions = [item for item in node.body if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))]
    factories = tuple(f.name for f in functions if _decorated_as(f, _STATIC))
    return CanonicalClass(target, path, public_methods(node), factories, init_parameters(node))


def init_parameters(node: ast.ClassDef) -> tuple[str, ...] | None:
    """The parameter names of the ``__init__`` a class body defines (``self`` left out), or None."""
    for item in node.body:
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == "__init__":
            args = item.args
            names = [a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]][1:]
            return (*names, *(f"*{a.arg}" for a in (args.vararg, args.kwarg) if a is not None))
    return None


def public_methods(node: ast.ClassDef) -> frozenset[str]:
    """The public instance methods and properties a class body defines."""
    return frozenset(
        item.name
        for item in node.body
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
        and not item.name.startswith("_")
        and not _decorated_as(item, _STATIC)
    )


class Bindings:
    """What a module's imports bind its names to (every scope at once: this is evidence, not a rewrite)."""

    def __init__(
        self, tree: ast.Module, module: str, is_package: bool, known: Collection[str] = frozenset()
    ) -> None:
        self.known = known  #: the repository's modules: ``from pkg import mod`` binds a module when known
        self.objects: dict[str, Target] = {}
        self.modules: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = resolve_relative(module, is_package, node.level, node.module)
                for alias in node.names:
                    local = alias.asname or alias.name
                    self.objects[local] = Target(base, alias.name)
                    self.modules[local] = f"{base}.{alias.name}".strip(".")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    local = alias.asname or alias.name.split(".")[0]
                    self.modules[local] = alias.name if alias.asname else local

    def target(self, node: ast.expr) -> Target | None:
        """The imported object an expression names (``Name``, ``alias.Name``, ``Name.attr``...)."""
        chain = dotted_chain(node)
        if chain is None:
            return None
        head, *rest = chain.split(".")
        if not rest:
            return self.objects.get(head)
        if head in self.objects and self.modules.get(head) not in self.known:
            found = self.objects[head]
            return Target(found.module, ".".join([found.name, *rest]))
        if head in self.modules:
            return Target(".".join([self.modules[head], *rest[:-1]]), rest[-1])
        return None


def names_canonical(found: Target | None, canonical: Target, *, member: bool = False) -> bool:
    """``found`` is the canonical class (through its module or a package re-exporting it), or a
    member of it when ``member``."""
    if found is None:
        return False
    head, _, rest = found.name.partition(".")
    if head != canonical.name or (rest and not member):
        return False
    return found.module == canonical.module or canonical.module.startswith(found.module + ".")


def class_evidence(node: ast.ClassDef, names: Bindings, canonical: CanonicalClass) -> list[str]:
    """Why a class looks like a legacy version of the canonical class (empty: it does not)."""
    target = canonical.target
    reasons = []
    if any(names_canonical(names.target(base), target) for base in node.bases):
        reasons.append(f"subclasses {target.name}")
    builders = sorted(
        {
            where
            for where, call in _calls(node)
            if names_canonical(names.target(call.func), target, member=True)
        }
    )
    if builders:
        reasons.append(f"builds {target.name} in {', '.join(builders)}")
    forwarded = sorted(_forwarded(node))
    if forwarded and (builders or reasons):
        reasons.append(f"forwards {', '.join(forwarded)} to it")
    mine = public_methods(node)
    common = mine & canonical.methods
    wanted = max(2, math.ceil(0.8 * len(canonical.methods)))
    if (
        len(canonical.methods) >= 2
        and len(common) >= wanted
        and len(mine - canonical.methods) <= len(common) // 2
    ):
        reasons.append(f"has the public methods of {target.name} ({', '.join(sorted(common))})")
    elif mine and mine == canonical.methods and canonical.init and init_parameters(node) == canonical.init:
        # a small class: its few methods are evidence only with the same constructor parameters
        reasons.append(
            f"has the public methods of {target.name} ({', '.join(sorted(common))}) "
            f"and its constructor's parameters ({', '.join(canonical.init)})"
        )
    said = deprecation(node)
    if said is not None and (reasons or target.name in said):
        reasons.append(f"says: {said!r}")
    return reasons


def _calls(node: ast.ClassDef) -> Iterator[tuple[str, ast.Call]]:
    """Every call in the class body, with the method it is in."""
    for item in node.body:
        where = item.name if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) else "the class body"
        for inner in ast.walk(item):
            if isinstance(inner, ast.Call):
                yield where, inner


def _forwarded(node: ast.ClassDef) -> Iterator[str]:
    """Methods whose whole body hands the call to an attribute's method of the same name."""
    for item in node.body:
        if not isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) or item.name == "__init__":
            continue
        body = [s for s in item.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
        if len(body) != 1 or not isinstance(body[0], (ast.Return, ast.Expr)) or body[0].value is None:
            continue
        value = body[0].value
        value = value.value if isinstance(value, ast.Await) else value
        called = value.func if isinstance(value, ast.Call) else value
        if (
            item.name == "__getattr__"
            and isinstance(value, ast.Call)
            and dotted_chain(value.func) == "getattr"
        ):
            yield "attribute access"
        elif isinstance(called, ast.Attribute) and called.attr == item.name:
            inner = called.value
            if (
                isinstance(inner, ast.Attribute)
                and isinstance(inner.value, ast.Name)
                and inner.value.id == "self"
            ):
                yield item.name


def aliases(tree: ast.Module, names: Bindings, canonical: CanonicalClass) -> list[tuple[str, str]]:
    """Module-level names bound to the canonical class under another name, with the reason."""
    target = canonical.target
    found = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                local = alias.asname or alias.name
                if local != target.name and names_canonical(names.objects.get(local), target):
                    found.append((local, f"imports {target.name} as {local}"))
        elif isinstance(node, ast.Assign) and names_canonical(names.target(node.value), target):
            for name in (t.id for t in node.targets if isinstance(t, ast.Name)):
                if name != target.name:
                    found.append((name, f"binds {name} = {target.name}"))
    return found


def deprecation(node: ast.AST) -> str | None:
    """The first docstring or warning text of a definition or module that says "deprecated"."""
    texts = []
    if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        texts.append(ast.get_docstring(node) or "")
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call) and (dotted_chain(inner.func) or "").endswith("warn"):
            texts += [
                arg.value
                for arg in inner.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ]
    for text in texts:
        if "deprecat" in text.lower():
            sentence = " ".join(text.split())
            return sentence if len(sentence) <= 100 else sentence[:97] + "..."
    return None
