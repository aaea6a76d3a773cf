"""Scan stage: legacy bindings, the imports that bind a legacy name or module, re-exports followed (pure).

A name imported from a module that re-exports a legacy name (``from app import Engine`` where
``app`` imports it from the legacy module) binds that legacy name all the same; so does a
parent package reached as ``llms.gpt4all.GPT4All`` after ``from langchain import llms``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ssot_refactor.model import Target
from ssot_refactor.scan.records import ImportRecord, ModuleInfo
from ssot_refactor.spec import Spec


@dataclass(frozen=True, slots=True)
class LegacyUse:
    """An import in some file that binds a legacy name or a legacy module."""

    path: str
    record: ImportRecord
    legacy_module: str  #: the legacy module this binding leads to
    target: Target | None  #: the legacy name bound; None when the module itself is bound
    via: str = ""  #: the re-exporting module the name was imported from, if any
    #: the attributes from the bound module to the legacy module (``gpt4all`` for ``from langchain
    #: import llms`` used as ``llms.gpt4all.GPT4All``); empty when the legacy module is bound itself
    reach: str = ""

    @property
    def is_star(self) -> bool:
        """True for ``from legacy import *``."""
        return self.record.name == "*"

    @property
    def local(self) -> str:
        """How the file spells the legacy module or name: ``llms.gpt4all`` through a parent package."""
        return f"{self.record.local}.{self.reach}" if self.reach else self.record.local

    @property
    def attrs(self) -> tuple[tuple[str, int], ...]:
        """The ``local.attr`` uses of the legacy module, by attr (for a module binding)."""
        if not self.reach:
            return self.record.attrs
        prefix = self.reach + "."
        found: dict[str, int] = {}
        for chain, count in self.record.chains:
            if chain.startswith(prefix):
                attr = chain[len(prefix) :].split(".")[0]
                found[attr] = found.get(attr, 0) + count
        return tuple(sorted(found.items()))


def resolve_reexports(
    infos: Iterable[ModuleInfo], spec: Spec, modules: Mapping[str, str]
) -> dict[tuple[str, str], Target]:
    """Every (module, local name) through which a legacy name can be imported, chains followed.

    A legacy module's own names are included for the names it imports from elsewhere, so an
    importer of ``legacy.X`` where X merely passed through is recognised too.
    """
    infos = [info for info in infos if info.module]
    found: dict[tuple[str, str], Target] = {}
    changed = True
    while changed:
        changed = False
        for info in infos:
            for record in info.module_level_bindings():
                if record.name in (None, "*") or not record.module:
                    continue
                target = _legacy_target(record.module, record.name, spec, found)
                key = (str(info.module), record.local)
                if target is not None and key not in found and not spec.legacy_module(key[0]):
                    found[key] = target
                    changed = True
    return found


def _legacy_target(
    module: str, name: str, spec: Spec, reexports: Mapping[tuple[str, str], Target]
) -> Target | None:
    if spec.legacy_module(module) is not None:
        return Target(module, name)
    return reexports.get((module, name))


def bindings_of(
    info: ModuleInfo, spec: Spec, modules: Mapping[str, str], reexports: Mapping[tuple[str, str], Target]
) -> list[LegacyUse]:
    """The imports of one file that bind a legacy name or module."""
    found = []
    for record in info.imports:
        use = _binding(info.path, record, spec, reexports)
        if use is not None:
            found.append(use)
        found.extend(_submodule_uses(info.path, record, spec))
    return found


def _submodule_uses(path: str, record: ImportRecord, spec: Spec) -> list[LegacyUse]:
    """Legacy modules reached below a bound module: ``llms.gpt4all.GPT4All`` after ``from langchain import llms``.

    ``import a`` or ``from a import b`` binds a parent package; its ``a.legacy.Name`` uses read the
    legacy module ``a.legacy`` all the same.
    """
    if record.name == "*" or not record.module or not record.chains:
        return []
    bound = record.target_module
    if not any(entry.module.startswith(bound + ".") for entry in spec.legacy):
        return []
    reached: dict[str, str] = {}
    for chain, _ in record.chains:
        parts = chain.split(".")
        for depth in range(1, len(parts)):
            reach = ".".join(parts[:depth])
            if spec.legacy_module(f"{bound}.{reach}") is not None:
                reached.setdefault(f"{bound}.{reach}", reach)
    return [LegacyUse(path, record, module, None, reach=reach) for module, reach in sorted(reached.items())]


def _binding(
    path: str, record: ImportRecord, spec: Spec, reexports: Mapping[tuple[str, str], Target]
) -> LegacyUse | None:
    if not record.module:
        return None
    if record.name is None:
        if spec.legacy_module(record.module):
            return LegacyUse(path, record, record.module, None)
        return None
    legacy = spec.legacy_module(record.module)
    mapped = legacy is not None and any(name == record.name for name, _ in legacy.names)
    if record.name != "*" and not mapped and spec.legacy_module(record.target_module):
        return LegacyUse(path, record, record.target_module, None)  # a legacy submodule, not a name
    if legacy is not None:
        target = None if record.name == "*" else Target(record.module, record.name)
        return LegacyUse(path, record, record.module, target)
    target = reexports.get((record.module, record.name))
    if target is not None:
        return LegacyUse(path, record, target.module, target, via=record.module)
    return None
