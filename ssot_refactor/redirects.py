"""Redirect planning: what each deprecated module must keep providing, and from where (pure).

A redirect must provide every name the repository reaches through the legacy module (imports,
re-exports, ``legacy.attr`` and patch strings ``"legacy.Name[.attr]"``), every name of its
previous ``__all__``, every ``keep`` name and every mapped name. Each comes from the spec's
mapping, or from its true origin when the legacy module only imported it (followed through
other legacy modules, so a redirect never imports from a legacy module). A needed name with no
home, and an import cycle through the legacy module, are planning errors: nothing is written.
Files are only read (the scan's index, or the source of a module the cycle check follows).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ssot_refactor.audit import classify, missing_methods, patch_strings
from ssot_refactor.errors import PlanError
from ssot_refactor.model import (
    Edited,
    Failed,
    FileContext,
    FileEdit,
    Finding,
    FindingCode,
    LegacyKind,
    Severity,
    Skipped,
    Target,
)
from ssot_refactor.scan import ScanResult
from ssot_refactor.scan.index import index_source
from ssot_refactor.scan.records import MODULE_SCOPE, ImportRecord, ModuleInfo, module_name_for
from ssot_refactor.spec import LegacyModule, Spec

Export = tuple[str, Target]  #: (name the redirect provides, where it really lives)
Reader = Callable[[str], bytes]  #: repository path -> bytes (the tree as earlier commits leave it)

#: how many users a "no home" message lists before "and N more"
MAX_USERS = 6
_GUARD_PREFERENCE = {"": 0, "try": 1, "if": 1, "type_checking": 2}


@dataclass(frozen=True, slots=True)
class RedirectPlan:
    """What turning one legacy module into a redirect needs: the codemod's context and the notes."""

    path: str  #: the legacy module's repository path
    context: FileContext  #: for ``codemods.redirect_module.run``; ``exports`` holds the surface
    notes: tuple[Finding, ...] = ()  #: for the reviewer: behaviour that may change, names dropped


@dataclass(slots=True)
class _Needs:
    """The names a redirect must provide, each with who needs it, in first-seen order."""

    users: dict[str, list[str]] = field(default_factory=dict)
    #: names only a star import may rely on: provided when they have a home, reported otherwise
    soft: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, user: str, soft: bool = False) -> None:
        table = self.soft if soft else self.users
        users = table.setdefault(name, [])
        if user and user not in users:
            users.append(user)


# --------------------------------------------------------------------------- the surface


def export_surface(spec: Spec, entry: LegacyModule, result: ScanResult) -> tuple[Export, ...]:
    """Every name the redirect of ``entry`` must provide, with its home, in a stable order.

    Order: mapped names in spec order, then the other names sorted, so that planning again on
    the redirect gives the same surface. Raises PlanError for a needed name with no home.
    """
    path, info = _legacy_info(entry, result)
    exports, _ = _surface(spec, entry, result, path, info)
    return exports


def _surface(
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
        path, 0,
        f"the redirect no longer provides {name}, which the {imports} in {', '.join(users)} may use "
        "(map it or add it to __all__ to keep it)",
        code=FindingCode.REDIRECT_STAR,
    )


def _legacy_info(entry: LegacyModule, result: ScanResult) -> tuple[str, ModuleInfo]:
    path = result.path_of(entry.module)
    if path is None:
        raise PlanError(f"{entry.module}: redirect = true, but the module is not in the repository",
                        hint="set redirect = false")
    info = result.index.get(path)
    if info is None:
        raise PlanError("cannot plan the redirect: the legacy module could not be read or parsed",
                        path=path, hint="fix the file, or set redirect = false")
    return path, info


def needed_names(spec: Spec, entry: LegacyModule, result: ScanResult, info: ModuleInfo, path: str) -> _Needs:
    """The names the redirect must provide, with their users (``path:line`` or where declared)."""
    used = _Needs()
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
    used: _Needs, entry: LegacyModule, result: ScanResult, info: ModuleInfo, path: str
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


def _in_surface_order(entry: LegacyModule, used: _Needs) -> _Needs:
    """The mapped names in spec order, then the used names sorted, then the soft names nothing else needs."""
    needs = _Needs()
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
        record for record in info.module_level_bindings()
        if record.local == name and record.name != "*"
    ]
    records.sort(key=lambda record: _GUARD_PREFERENCE.get(record.guard, 1))
    return records[0] if records else None


def no_home_error(path: str, names: Sequence[str], users: Mapping[str, Sequence[str]]) -> PlanError:
    """The planning error for needed names that are neither mapped nor imported from elsewhere."""
    described = ", ".join(f"{name} (used by {_users_text(users.get(name, ()))})" for name in names)
    subject, pronoun = ("it is", "it") if len(names) == 1 else ("they are", "them")
    return PlanError(
        f"redirect needs {described} but {subject} neither mapped in [legacy.names] nor imported from another module",
        path=path, hint=f"map {pronoun}, or set redirect = false",
    )


def _users_text(users: Sequence[str]) -> str:
    shown = [user for user in users if user][:MAX_USERS]
    if not shown:
        return "the spec"
    more = len([user for user in users if user]) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


# --------------------------------------------------------------------------- import cycles


def check_cycles(
    entry: LegacyModule, result: ScanResult, exports: Iterable[Export], read: Reader | None = None
) -> None:
    """Raise PlanError when a module the redirect imports imports the legacy module at load time.

    Follows module-level imports (not ``if TYPE_CHECKING:`` ones, not those in functions) across
    the repository. Packages a module lives in are not followed: they are loaded before both.
    """
    graph = _ImportGraph(result, read)
    for module in dict.fromkeys(target.module for _, target in exports):
        chain = graph.path(module, entry.module)
        if chain is not None:
            cycle = " -> ".join([*chain, module])
            raise PlanError(
                f"redirect would create an import cycle: {cycle}",
                path=result.path_of(entry.module),
                hint=f"make {chain[-2]} stop importing {entry.module} at module level, or set redirect = false",
            )


class _ImportGraph:
    """Module-level imports between repository modules, indexed on demand."""

    def __init__(self, result: ScanResult, read: Reader | None) -> None:
        self.result, self.read = result, read
        self.infos: dict[str, ModuleInfo | None] = {}

    def info(self, module: str) -> ModuleInfo | None:
        if module not in self.infos:
            self.infos[module] = self._load(module)
        return self.infos[module]

    def _load(self, module: str) -> ModuleInfo | None:
        path = self.result.path_of(module)
        if path is None:
            return None
        if self.read is None and path in self.result.index:
            return self.result.index[path]
        try:
            source = self.read(path) if self.read is not None else (self.result.root / path).read_bytes()
        except OSError:
            return None
        name, is_package = module_name_for(path, self.result.source_roots)
        info = index_source(path, source, name, is_package)
        return info if isinstance(info, ModuleInfo) else None

    def edges(self, module: str) -> list[str]:
        info = self.info(module)
        if info is None:
            return []
        found = []
        for record in info.imports:
            if record.scope != MODULE_SCOPE or record.guard == "type_checking" or not record.module:
                continue
            target = record.target_module if record.target_module in self.result.modules else record.module
            if target in self.result.modules:
                found.append(target)
        return list(dict.fromkeys(found))

    def path(self, start: str, goal: str) -> list[str] | None:
        """The import chain ``start -> ... -> goal``, or None (depth-first, each module once)."""
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        seen = {start}
        while stack:
            module, chain = stack.pop()
            for imported in reversed(self.edges(module)):
                if imported == goal:
                    return [*chain, goal]
                if imported not in seen:
                    seen.add(imported)
                    stack.append((imported, [*chain, imported]))
        return None


# --------------------------------------------------------------------------- the plan


def plan_redirect(
    spec: Spec, entry: LegacyModule, result: ScanResult, source: bytes, *, read: Reader | None = None
) -> RedirectPlan:
    """The codemod context and the reviewer's notes for turning ``entry``'s module into a redirect.

    ``source`` is the legacy module's bytes as the earlier commits leave it; ``read`` gives the
    other files the same way for the cycle check (default: the scanned index and the disk).
    Raises PlanError for a needed name with no home or an import cycle.
    """
    path, _ = _legacy_info(entry, result)
    module, is_package = module_name_for(path, result.source_roots)
    info = index_source(path, source, module, is_package)
    if isinstance(info, Skipped):
        raise PlanError(f"cannot parse ({info.detail}); file left unchanged", path=path, line=info.line or None)
    exports, notes = _surface(spec, entry, result, path, info)
    check_cycles(entry, result, exports, read)
    context = FileContext(
        path=path, module=module or entry.module, is_package=is_package,
        name_map=spec.name_map.restricted_to([entry.module]), exports=exports, warn=entry.warn,
    )
    notes += behaviour_notes(entry, info, result, path)
    if not any(use.is_star for use in result.uses_of(entry.module)):  # else the star notes say it
        notes += dropped_names_note(info, exports, path)
    return RedirectPlan(path=path, context=context, notes=tuple(notes))


def behaviour_notes(entry: LegacyModule, info: ModuleInfo, result: ScanResult, path: str) -> list[Finding]:
    """For a bridge or duplicate: public methods of legacy classes that their canonical class lacks."""
    if classify(entry, info, path) not in (LegacyKind.BRIDGE, LegacyKind.DUPLICATE):
        return []
    lines = {klass.name: klass.line for klass in info.classes}
    mapped = dict(entry.names)
    return [
        Finding(
            path, lines.get(name, 0),
            f"{name} defines {', '.join(methods)}, which {mapped[name]} lacks; behaviour may change "
            "for code that still reaches the legacy name",
            code=FindingCode.REDIRECT_MISSING_METHODS,
        )
        for name, methods in missing_methods(entry, info, result)
    ]


def dropped_names_note(info: ModuleInfo, exports: Sequence[Export], path: str) -> list[Finding]:
    """Public names the legacy module defined that the redirect no longer provides (unused anywhere)."""
    provided = {name for name, _ in exports}
    imported = {record.local for record in info.module_level_bindings()}
    dropped = [
        name for name, _ in info.defined
        if not name.startswith("_") and name not in provided and name not in imported
    ]
    if not dropped:
        return []
    return [Finding(path, 0, f"the redirect drops {', '.join(dropped)} (used nowhere in the repository; "
                             "list a name in keep to make it a planning error instead)",
                    severity=Severity.INFO, code=FindingCode.REDIRECT_DROPPED)]


def redirect_edit(plan: RedirectPlan, source: bytes) -> FileEdit | None:
    """Run the redirect codemod on ``source``: the edit, or None when it already is the redirect."""
    from codemods.redirect_module import run

    outcome = run(source, plan.context)
    if isinstance(outcome, Skipped):
        raise PlanError(f"cannot parse ({outcome.detail}); file left unchanged", path=plan.path,
                        line=outcome.line or None)
    if isinstance(outcome, Failed):
        raise PlanError(f"internal error while writing the redirect: {outcome.error}", path=plan.path,
                        hint="nothing was written; please report this with the file")
    if not isinstance(outcome, Edited):
        return None
    return FileEdit(PurePosixPath(plan.path), source, outcome.after, plan.notes + outcome.findings)


# --------------------------------------------------------------------------- the validation test


_TEST_HEADER = '''"""Import validation for the {name} migration, written by ssot-refactor.

Every legacy name must still import and be the canonical object itself, and every legacy
module must stay a pure redirect: imports, ``__all__``, ``__getattr__``/``__dir__`` and
private names, nothing else. Plain ``unittest``, so pytest and ``python -m unittest`` both
run it.
"""

import ast
import importlib
import importlib.util
import re
import unittest
from pathlib import Path

#: legacy module -> legacy name -> the canonical target (``module:Name``) it must be
REDIRECTS = {{
{table}}}
#: legacy modules that serve their names through a warning ``__getattr__``
WARNING_MODULES = {warning_modules}
REDIRECT_FUNCTIONS = {{"__getattr__", "__dir__"}}


def canonical_object(target: str) -> object:
    module_name, _, qualified_name = target.partition(":")
    value: object = importlib.import_module(module_name)
    for part in qualified_name.split("."):
        value = getattr(value, part)
    return value


class LegacyNamesTest(unittest.TestCase):
    def test_legacy_names_are_the_canonical_objects(self) -> None:
        for legacy_module, names in REDIRECTS.items():
            module = importlib.import_module(legacy_module)
            for name, target in names.items():
                with self.subTest(legacy=f"{{legacy_module}}:{{name}}"):
                    if legacy_module in WARNING_MODULES:
                        replacement = re.escape(target.replace(":", "."))
                        with self.assertWarnsRegex(DeprecationWarning, replacement):
                            legacy = getattr(module, name)
                    else:
                        legacy = getattr(module, name)
{identity}                    self.assertIn(name, dir(module))

    def test_legacy_modules_provide_exactly_their_names(self) -> None:
        for legacy_module, names in REDIRECTS.items():
            with self.subTest(legacy_module=legacy_module):
                module = importlib.import_module(legacy_module)
                self.assertEqual(sorted(module.__all__), sorted(names))

    def test_legacy_modules_are_pure_redirects(self) -> None:
        for legacy_module in REDIRECTS:
            with self.subTest(legacy_module=legacy_module):
                spec = importlib.util.find_spec(legacy_module)
                assert spec is not None and spec.origin is not None
                tree = ast.parse(Path(spec.origin).read_bytes())
                body = tree.body[1:] if ast.get_docstring(tree, clean=False) is not None else tree.body
                for statement in body:
                    self.assertTrue(
                        is_redirect_statement(statement),
                        f"{{legacy_module}}:{{statement.lineno}} is more than a redirect",
                    )


def is_redirect_statement(statement: ast.stmt) -> bool:
    """Imports, ``__all__``, private names, ``name = Class.attr``, the PEP 562 functions."""
    if isinstance(statement, (ast.Import, ast.ImportFrom)):
        return True
    if isinstance(statement, ast.FunctionDef):
        return statement.name in REDIRECT_FUNCTIONS
    if isinstance(statement, ast.If):
        return is_type_checking(statement.test) and all(map(is_redirect_statement, statement.body))
    if isinstance(statement, (ast.Assign, ast.AnnAssign)):
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        names = [target.id for target in targets if isinstance(target, ast.Name)]
        aliases_an_attribute = isinstance(statement.value, ast.Attribute)
        return len(names) == len(targets) and all(
            name == "__all__" or name.startswith("_") or aliases_an_attribute for name in names
        )
    return False


def is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Attribute):
        return test.attr == "TYPE_CHECKING"
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"


if __name__ == "__main__":
    unittest.main()
'''

_IDENTITY = "                    self.assertIs(legacy, canonical_object(target))\n"
_IDENTITY_OR_METHOD = """\
                    canonical = canonical_object(target)
                    if "." in target.partition(":")[2]:  # Class.attr: a bound method is new on every access
                        self.assertEqual(legacy, canonical)
                    else:
                        self.assertIs(legacy, canonical)
"""


def import_validation_test(spec: Spec, exports_by_module: Mapping[str, Sequence[Export]]) -> str:
    """The test module written to ``[migration] tests`` (unittest, which pytest runs too): every
    legacy name still imports as the canonical object, and every legacy module is a pure redirect."""
    table = "".join(
        f'    "{module}": {{\n'
        + "".join(f'        "{name}": "{target}",\n' for name, target in exports)
        + "    },\n"
        for module, exports in exports_by_module.items()
    )
    warning = [module for module in exports_by_module if (entry := spec.legacy_module(module)) and entry.warn]
    dotted = any("." in target.name for exports in exports_by_module.values() for _, target in exports)
    return _TEST_HEADER.format(
        name=spec.migration.name,
        table=table,
        warning_modules="{" + ", ".join(f'"{module}"' for module in warning) + "}" if warning else "set()",
        identity=_IDENTITY_OR_METHOD if dotted else _IDENTITY,
    )
