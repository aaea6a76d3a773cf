"""Redirect planning: the names a redirect must provide, and where each really lives (pure)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ssot_refactor.audit import patch_strings
from ssot_refactor.errors import PlanError
from ssot_refactor.model import (
    Finding,
    FindingCode,
    Target,
)
from ssot_refactor.scan import ScanResult
from ssot_refactor.scan.records import ImportRecord, ModuleInfo
from ssot_refactor.spec import LegacyModule, Spec

Export = tuple[str, Target]  #: (name the redirect provides, where it really lives)
Reader = Callable[[str], bytes]  #: repository path -> bytes (the tree as earlier commits leave it)

#: how many users a "no home" message lists before "and N more"
MAX_USERS = 6
_GUARD_PREFERENCE = {"": 0, "try": 1, "if": 1, "type_checking": 2}


@dataclass(slots=True)
class Needs:
    """The names a redirect must provide, each with who needs it, in first-seen order."""

    users: dict[str, list[str]] = field(default_factory=dict)
    #: names only a star import may rely on: provided when they have a home, reported otherwise
    soft: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, user: str, soft: bool = False) -> None:
        table = self.soft if soft else self.users
        users = table.setdefault(name, [])
        if user and user not in users:
            users.append(user)


def export_surface(spec: Spec, entry: LegacyModule, result: ScanResult) -> tuple[Export, ...]:
    """Every name the redirect of ``entry`` must provide, with its home, in a stable order.

    Order: mapped names in spec order, then the other names sorted, so that planning again on
    the redirect gives the same surface. Raises PlanError for a needed name with no home.
    """
    path, info = legacy_info(entry, result)
    exports, _ = surface(spec, entry, result, path, info)
    return exports


def surface(
    spec: Spec, entry: LegacyModule, result: ScanResult, path: str, info: ModuleInfo
) -> tuple[tuple[Export, ...], list[Finding]]:
    def info_of(module: str) -> ModuleInfo | None:
        return info if module == entry.module else result.info_of(module)

    needs = needed_names(spec, entry, result, info, path)
    exports: list[Export] = []
    homeless: list[str] = []
    notes: list[Finding] = []
    for name in needs.users:
        target = home_of(spec, info_of, entry.module, name)
        if target is not None:
            exports.append((name, target))
        elif not _is_submodule(result, entry.module, name):
            homeless.append(name)
    if homeless:
        raise no_home_error(path, homeless, needs.users)
    for name, users in needs.soft.items():
        target = home_of(spec, info_of, entry.module, name)
        if target is not None:
            exports.append((name, target))
        elif not _is_submodule(result, entry.module, name):
            notes.append(star_note(path, name, users))
    return tuple(exports), notes


def star_note(path: str, name: str, users: Sequence[str]) -> Finding:
    """The note for a name only star imports may rely on, which the redirect cannot provide."""
    imports = "star import" if len(users) == 1 else "star imports"
    return Finding(
        path,
        0,
        f"the redirect no longer provides {name}, which the {imports} in {', '.join(users)} may use "
        "(map it or add it to __all__ to keep it)",
        code=FindingCode.REDIRECT_STAR,
    )


def legacy_info(entry: LegacyModule, result: ScanResult) -> tuple[str, ModuleInfo]:
    path = result.path_of(entry.module)
    if path is None:
        raise PlanError(
            f"{entry.module}: redirect = true, but the module is not in the repository",
            hint="set redirect = false",
        )
    info = result.index.get(path)
    if info is None:
        raise PlanError(
            "cannot plan the redirect: the legacy module could not be read or parsed",
            path=path,
            hint="fix the file, or set redirect = false",
        )
    return path, info


def needed_names(spec: Spec, entry: LegacyModule, result: ScanResult, info: ModuleInfo, path: str) -> Needs:
    """The names the redirect must provide, with their users (``path:line`` or where declared)."""
    used = Needs()
    for name in info.all_names or ():
        used.add(name, f"__all__ of {path}")
    for name in entry.keep:
        used.add(name, f"keep in {PurePosixPath(spec.source).name}")
    _add_importer_uses(used, entry, result, info, path)
    for string_path, line, _, name in patch_strings(entry.module, result):
        if string_path != path:
            used.add(name, f"{string_path}:{line}")
    return _in_surface_order(entry, used)


def _add_importer_uses(
    used: Needs, entry: LegacyModule, result: ScanResult, info: ModuleInfo, path: str
) -> None:
    """Add the names other files import from the legacy module, star-import, or read as its attributes."""
    for use in result.uses_of(entry.module):
        where = f"{use.path}:{use.record.line}"
        if use.path == path:
            continue
        if use.is_star:
            for name in _star_names(entry, info):
                used.add(name, where, soft=info.all_names is None)
        elif use.target is not None:
            used.add(use.target.name, where)
        else:
            for attr, _ in use.attrs:
                used.add(attr, where)


def _in_surface_order(entry: LegacyModule, used: Needs) -> Needs:
    """The mapped names in spec order, then the used names sorted, then the soft names nothing else needs."""
    needs = Needs()
    for name, _ in entry.names:
        needs.add(name, "")
    for name in sorted(used.users):
        for user in used.users[name]:
            needs.add(name, user)
    for name in sorted(used.soft):
        if name not in needs.users:
            for user in used.soft[name]:
                needs.add(name, user, soft=True)
    return needs


def _star_names(entry: LegacyModule, info: ModuleInfo) -> tuple[str, ...]:
    """What ``from legacy import *`` may bind: ``__all__``, else the mapped and defined public names."""
    if info.all_names is not None:
        return info.all_names
    defined = [name for name, _ in info.defined if not name.startswith("_")]
    return tuple(dict.fromkeys([name for name, _ in entry.names] + defined))


def _is_submodule(result: ScanResult, module: str, name: str) -> bool:
    """``legacy.name`` is a module of its own (the import system provides it, not the redirect)."""
    return f"{module}.{name}" in result.modules


def home_of(spec: Spec, info_of: Callable[[str], ModuleInfo | None], module: str, name: str) -> Target | None:
    """Where ``module.name`` really lives: the spec's mapping, or the origin of the module's import.

    Imports are followed through legacy modules, so the target is never in a legacy module; a
    name that ``module`` defines itself has no home (None).
    """
    seen: set[tuple[str, str]] = set()
    while (module, name) not in seen:
        seen.add((module, name))
        entry = spec.legacy_module(module)
        if entry is None:
            return Target(module, name)
        mapped = dict(entry.names).get(name)
        if mapped is not None:
            return mapped
        info = info_of(module)
        record = binding_of(info, name) if info is not None else None
        if record is None or record.module == "":
            return None
        if record.name is None:
            parent, _, last = record.module.rpartition(".")
            return Target(parent, last) if parent and record.aliased else None
        module, name = record.module, record.name
    return None


def binding_of(info: ModuleInfo, name: str) -> ImportRecord | None:
    """The module-level import that binds ``name`` (an unguarded one first); None when defined here."""
    if info.defines(name):
        return None
    records = [
        record for record in info.module_level_bindings() if record.local == name and record.name != "*"
    ]
    records.sort(key=lambda record: _GUARD_PREFERENCE.get(record.guard, 1))
    return records[0] if records else None


def no_home_error(path: str, names: Sequence[str], users: Mapping[str, Sequence[str]]) -> PlanError:
    """The planning error for needed names that are neither mapped nor imported from elsewhere."""
    described = ", ".join(f"{name} (used by {users_text(users.get(name, ()))})" for name in names)
    subject, pronoun = ("it is", "it") if len(names) == 1 else ("they are", "them")
    return PlanError(
        f"redirect needs {described} but {subject} neither mapped in [legacy.names] nor imported from another module",
        path=path,
        hint=f"map {pronoun}, or set redirect = false",
    )


def users_text(users: Sequence[str]) -> str:
    shown = [user for user in users if user][:MAX_USERS]
    if not shown:
        return "the spec"
    more = len([user for user in users if user]) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")
