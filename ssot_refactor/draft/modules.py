"""The legacy modules a draft spec proposes, their names and the evidence for each (read-only).

A module is proposed when one of its classes or module-level names is tied to a canonical class
by evidence (``evidence``). Its public functions are mapped too when exactly one other module,
one that uses the canonical class, defines a function of the same name (a factory that moved).
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ssot_refactor.draft.evidence import (
    Bindings,
    CanonicalClass,
    aliases,
    class_evidence,
    deprecation,
)
from ssot_refactor.draft.sources import Sources
from ssot_refactor.model import Target

_DEFINITIONS = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
#: what kind of legacy module the evidence shows, as the audit names them
BRIDGE, DUPLICATE, REDIRECT = "delegating bridge", "duplicate implementation", "re-export"


@dataclass(frozen=True, slots=True)
class DraftName:
    """One legacy name and the canonical target the draft maps it to, with why."""

    name: str
    target: Target
    reasons: tuple[str, ...]


@dataclass(slots=True)
class DraftModule:
    """One proposed legacy module."""

    module: str
    path: str
    kind: str
    names: list[DraftName] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  #: what the module says of itself, open questions


def legacy_modules(sources: Sources, canonicals: Sequence[CanonicalClass]) -> list[DraftModule]:
    """Every module with evidence, in path order, its functions mapped where they have one home."""
    own = {canonical.path for canonical in canonicals}
    found = []
    for path in sorted(_candidate_paths(sources, canonicals) - own):
        drafted = _draft_module(sources, path, canonicals)
        if drafted is not None:
            found.append(drafted)
    legacy = {drafted.module for drafted in found}
    for drafted in found:
        _map_functions(sources, drafted, legacy, canonicals)
    return found


def _candidate_paths(sources: Sources, canonicals: Sequence[CanonicalClass]) -> set[str]:
    """Modules that name a canonical class, or define most of one's public methods."""
    paths = set(sources.candidates({canonical.target.name.encode() for canonical in canonicals}))
    for canonical in canonicals:
        if not canonical.methods:
            continue
        counts: Counter[str] = Counter()
        for method in canonical.methods:
            counts.update(sources.candidates({f"def {method}(".encode()}))
        # as ``evidence.class_evidence`` asks: most of several methods, or all of one or two
        many = len(canonical.methods) >= 2
        wanted = max(2, -(-4 * len(canonical.methods) // 5)) if many else len(canonical.methods)
        paths.update(path for path, count in counts.items() if count >= wanted)
    return paths


def _draft_module(sources: Sources, path: str, canonicals: Sequence[CanonicalClass]) -> DraftModule | None:
    tree = sources.tree(path)
    if tree is None:
        return None
    module = sources.module_of[path]
    names = Bindings(tree, module, sources.is_package(path), sources.path_of.keys())
    found: dict[str, DraftName] = {}
    delegates = False
    for canonical in canonicals:
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and node.name not in found:
                reasons = class_evidence(node, names, canonical)
                if reasons:
                    found[node.name] = DraftName(node.name, canonical.target, tuple(reasons))
                    delegates = delegates or any(r.startswith(("subclasses", "builds")) for r in reasons)
        for name, reason in aliases(tree, names, canonical):
            found.setdefault(name, DraftName(name, canonical.target, (reason,)))
    if not found:
        return None
    drafted = DraftModule(module, path, _kind(tree, delegates), list(found.values()))
    top = ast.Module(body=[n for n in tree.body if not isinstance(n, _DEFINITIONS)], type_ignores=[])
    said = deprecation(top)  # the module's docstring and its module-level warnings
    if said is not None:
        drafted.notes.append(f"the module says: {said!r}")
    return drafted


def _kind(tree: ast.Module, delegates: bool) -> str:
    if delegates:
        return BRIDGE
    defines = any(
        isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) for node in tree.body
    )
    return DUPLICATE if defines else REDIRECT


def _map_functions(
    sources: Sources, drafted: DraftModule, legacy: set[str], canonicals: Sequence[CanonicalClass]
) -> None:
    """Map each public function of a legacy module to the one function of its name elsewhere."""
    tree = sources.tree(drafted.path)
    assert tree is not None
    mapped = {name.name for name in drafted.names}
    words = [canonical.target.name.encode() for canonical in canonicals]
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or node.name.startswith("_"):
            continue
        if node.name in mapped:
            continue
        homes = [
            path
            for path in sources.candidates({f"def {node.name}(".encode()})
            if sources.module_of[path] not in legacy
            and _defines_function(sources.tree(path), node.name)
            and any(word in sources.read(path) for word in words)
        ]
        if len(homes) == 1:
            home = sources.module_of[homes[0]]
            reason = f"a function of that name is in {home}, which uses the canonical class"
            drafted.names.append(DraftName(node.name, Target(home, node.name), (reason,)))
        elif homes:
            places = ", ".join(sources.module_of[path] for path in homes)
            drafted.notes.append(
                f"{node.name} is also defined in {places}: map it by hand if one is its home"
            )


def _defines_function(tree: ast.Module | None, name: str) -> bool:
    return tree is not None and any(
        isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name for node in tree.body
    )
