"""Audit stage: what each legacy module is and who depends on it (read-only).

Built from the scan: each legacy module's status (duplicate / bridge / redirect / external), the
names it defines and re-exports, for each name its importers and references, the tests that
touch legacy or canonical names, and the files that could not be read.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ssot_refactor.errors import SpecError

if TYPE_CHECKING:
    from ssot_refactor.scan.callsites import CallReport
    from ssot_refactor.scan.definitions import SignatureReader
from ssot_refactor.model import LegacyKind, Skipped, Target
from ssot_refactor.scan import LegacyUse, ScanResult, mentions
from ssot_refactor.scan.index import index_source
from ssot_refactor.scan.records import MODULE_SCOPE, ModuleInfo, module_name_for
from ssot_refactor.spec import LegacyModule, Spec

#: module-level functions a pure redirect may define (PEP 562)
REDIRECT_FUNCTIONS = frozenset({"__getattr__", "__dir__"})


@dataclass(frozen=True, slots=True)
class Importer:
    """One place that reaches a legacy name."""

    path: str
    line: int
    local: str  #: the name (or ``module.attr``) the file uses
    form: str  #: "import" | "alias" | "module" | "star" | "string"
    references: int
    scope: str = "module"
    guard: str = ""
    via: str = ""  #: the re-exporting module, when not imported from the legacy module itself


@dataclass(frozen=True, slots=True)
class NameReport:
    """One name of a legacy module and everything that reaches it."""

    name: str
    canonical: Target | None  #: the spec's mapping; None for an unmapped name
    origin: Target | None  #: where an unmapped name really lives when the legacy module imports it
    importers: tuple[Importer, ...]

    @property
    def files(self) -> tuple[str, ...]:
        """Distinct files reaching the name."""
        return tuple(dict.fromkeys(importer.path for importer in self.importers))

    @property
    def references(self) -> int:
        """Uses of the name across the repository (import lines not counted)."""
        return sum(importer.references for importer in self.importers)


@dataclass(frozen=True, slots=True)
class ModuleReport:
    """One legacy module as it is today."""

    module: str
    path: str | None
    kind: LegacyKind
    redirect: bool
    warn: bool
    defines: tuple[str, ...]
    reexports: tuple[tuple[str, Target], ...]  #: names it imports from elsewhere, with their origin
    names: tuple[NameReport, ...]
    module_importers: tuple[Importer, ...]  #: files binding the module itself
    star_importers: tuple[Importer, ...]
    #: per mapped class: public methods the legacy class defines that the canonical class lacks
    missing_in_canonical: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def files(self) -> tuple[str, ...]:
        """Every file that depends on the module: through a name, the module itself or a star import."""
        paths = [path for name in self.names for path in name.files]
        paths += [importer.path for importer in (*self.module_importers, *self.star_importers)]
        return tuple(sorted(set(paths)))


@dataclass(frozen=True, slots=True)
class AuditReport:
    """The whole audit, the data behind every output format."""

    name: str
    modules: tuple[ModuleReport, ...]
    related_tests: tuple[str, ...]
    skipped: tuple[Skipped, ...]
    python_files: int
    parsed_files: int
    #: call sites of the mapped callables: shapes, signature compatibility, members that differ
    calls: CallReport | None = None


def refuse_external_redirects(spec: Spec, result: ScanResult) -> None:
    """``redirect = true`` on a module outside the repository is a spec error (exit 2).

    A legacy module that is a symbolic link is in the repository: the plan blocks its redirect.
    """
    for index, entry in enumerate(spec.legacy):
        if entry.redirect and result.path_of(entry.module) is None and result.link_of(entry.module) is None:
            raise SpecError(
                f"[legacy] {entry.module}: redirect = true, but the module is not in the repository "
                "(external modules cannot become redirects)",
                path=spec.source,
                hint=f"set redirect = false in legacy[{index}]",
            )


def audit(spec: Spec, result: ScanResult) -> AuditReport:
    """Build the audit of a scanned repository; refuses ``redirect = true`` on an external module."""
    refuse_external_redirects(spec, result)
    from ssot_refactor.scan.definitions import SignatureReader

    reader = SignatureReader(result)  # one cache of parsed definitions for every section
    modules = tuple(_module_report(entry, spec, result, reader) for entry in spec.legacy)
    tests, extra_parsed = related_tests(spec, result)
    from ssot_refactor.scan.callsites import call_report

    return AuditReport(
        name=spec.migration.name,
        modules=modules,
        related_tests=tests,
        skipped=result.skipped,
        python_files=len(result.files),
        parsed_files=len(result.parsed) + extra_parsed,
        calls=call_report(spec, result, reader),
    )


def _module_report(
    entry: LegacyModule, spec: Spec, result: ScanResult, reader: SignatureReader
) -> ModuleReport:
    info = result.info_of(entry.module)
    path = result.path_of(entry.module)
    uses = result.uses_of(entry.module)
    imported = dict(_imported_names(info, spec)) if info else {}
    names = _name_reports(entry, uses, result, imported)
    used = {name.name for name in names if name.importers}
    used |= set(info.all_names or ()) if info else set()
    return ModuleReport(
        module=entry.module,
        path=path,
        kind=classify(entry, info, path),
        redirect=entry.redirect,
        warn=entry.warn,
        defines=_public_definitions(info) if info else (),
        reexports=tuple((name, origin) for name, origin in imported.items() if name in used),
        names=names,
        module_importers=tuple(_importer(use) for use in uses if use.target is None and not use.is_star),
        star_importers=tuple(_importer(use) for use in uses if use.is_star),
        missing_in_canonical=missing_methods(entry, info, result, reader) if info else (),
    )


def classify(entry: LegacyModule, info: ModuleInfo | None, path: str | None) -> LegacyKind:
    """Duplicate, bridge, redirect or external, from what the module defines and imports."""
    if path is None:
        return LegacyKind.EXTERNAL
    if info is None or is_pure_redirect(info):
        return LegacyKind.REDIRECT
    canonical = {target for _, target in entry.names}
    canonical_modules = {target.module for target in canonical}
    for record in info.imports:
        binds_canonical = (record.module, record.name) in {(t.module, t.head) for t in canonical}
        binds_module = record.name is None and record.module in canonical_modules
        if (binds_canonical or binds_module) and record.uses > 0:
            return LegacyKind.BRIDGE
    return LegacyKind.DUPLICATE


def is_pure_redirect(info: ModuleInfo) -> bool:
    """True when the module only imports: no classes, no functions but ``__getattr__``/``__dir__``."""
    if info.classes:
        return False
    imported = {record.local for record in info.module_level_bindings()}
    for name, _ in info.defined:
        if name in imported or name in REDIRECT_FUNCTIONS or name.startswith("_"):
            continue
        return False
    return True


def _public_definitions(info: ModuleInfo) -> tuple[str, ...]:
    imported = {record.local for record in info.module_level_bindings()}
    return tuple(name for name, _ in info.defined if name not in imported and not name.startswith("__"))


def _imported_names(info: ModuleInfo, spec: Spec) -> tuple[tuple[str, Target], ...]:
    """Names the legacy module imports at module level from a non-legacy module (their true origin)."""
    found = []
    for record in info.module_level_bindings():
        if record.name in (None, "*") or not record.module or info.defines(record.local):
            continue
        if spec.legacy_module(record.module) is None:
            found.append((record.local, Target(record.module, record.name)))
    return tuple(found)


def _name_reports(
    entry: LegacyModule,
    uses: Iterable[LegacyUse],
    result: ScanResult,
    reexports: dict[str, Target],
) -> tuple[NameReport, ...]:
    by_name: dict[str, list[Importer]] = defaultdict(list)
    for use in uses:
        if use.target is not None:
            by_name[use.target.name].append(_importer(use))
        elif not use.is_star:
            for attr, count in use.attrs:
                by_name[attr].append(_importer(use, attr=attr, count=count))
    for path, line, value, name in patch_strings(entry.module, result):
        by_name[name].append(Importer(path, line, value, "string", 1))
    mapped = dict(entry.names)
    ordered = list(mapped) + sorted(set(by_name) - set(mapped))
    return tuple(
        NameReport(
            name, mapped.get(name), reexports.get(name), tuple(sorted(by_name.get(name, []), key=_order))
        )
        for name in ordered
    )


def _order(importer: Importer) -> tuple[str, int]:
    return importer.path, importer.line


def _importer(use: LegacyUse, attr: str | None = None, count: int = 0) -> Importer:
    record = use.record
    if attr is not None:
        form, local, references = "module", f"{use.local}.{attr}", count
    elif use.is_star:
        form, local, references = "star", "*", 0
    elif use.target is None:
        form, local = "module", use.local
        references = sum(count for _, count in use.attrs) if use.reach else record.uses
    else:
        form, local, references = ("alias" if record.aliased else "import"), record.local, record.uses
    return Importer(use.path, record.line, local, form, references, record.scope_kind, record.guard, use.via)


def patch_strings(module: str, result: ScanResult) -> list[tuple[str, int, str, str]]:
    """Dotted strings naming ``module.Name[...]`` (``mock.patch`` targets, configs)."""
    prefix = module + "."
    found = []
    for path in sorted(result.index):
        for line, value in result.index[path].strings:
            if value.startswith(prefix):
                found.append((path, line, value, value[len(prefix) :].split(".")[0]))
    return found


def missing_methods(
    entry: LegacyModule, info: ModuleInfo, result: ScanResult, reader: SignatureReader | None = None
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """For each mapped legacy class, the members its body defines that its canonical class lacks.

    Private members count (``_init_from_factory`` called on the class breaks as surely as a
    public one); what every object has (dunders) does not. The canonical class's members
    include its bases in the repository; when they cannot be known for sure (a base outside
    the repository, ``__getattr__``), its own methods are compared.
    """
    from ssot_refactor.scan.class_body import defined_members
    from ssot_refactor.scan.definitions import SignatureReader
    from ssot_refactor.scan.members import class_members, missing

    reader = reader or SignatureReader(result)
    missing_found = []
    classes = {klass.name: klass for klass in info.classes}
    for name, target in entry.names:
        legacy_class = classes.get(name)
        canonical_info = result.info_of(target.module)
        if legacy_class is None or canonical_info is None:
            continue
        canonical_class = next((k for k in canonical_info.classes if k.name == target.name), None)
        if canonical_class is None:
            continue
        members = class_members(reader, target) or frozenset(canonical_class.methods)
        legacy_node = reader.resolve(entry.module, name, 0)
        defined = (
            sorted(defined_members(legacy_node.node))
            if legacy_node and isinstance(legacy_node.node, ast.ClassDef)
            else list(legacy_class.methods)
        )
        lacking = tuple(member for member in defined if missing(members, member))
        if lacking:
            missing_found.append((name, lacking))
    return tuple(missing_found)


# --------------------------------------------------------------------------- related tests


def is_test_path(path: str) -> bool:
    """Test modules by the usual conventions: test_*.py, *_test.py, conftest.py, tests/ folders."""
    parts = path.split("/")
    name = parts[-1]
    return (
        name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
        or any(part in ("tests", "test", "testing") for part in parts[:-1])
    )


def related_tests(spec: Spec, result: ScanResult) -> tuple[tuple[str, ...], int]:
    """Test files that touch a legacy name (import, module attribute or patch string) or a canonical one.

    Returns them with the number of extra files parsed to find the canonical ones.
    """
    touching = {use.path for use in result.uses if is_test_path(use.path)}
    prefixes = tuple(entry.module + "." for entry in spec.legacy) + tuple(
        f"{path}." for path in legacy_binding_paths(result)
    )
    for path, info in result.index.items():
        if is_test_path(path) and any(f"{value}.".startswith(prefixes) for _, value in info.strings):
            touching.add(path)
    canonical_tests, parsed = _tests_touching_canonical(spec, result)
    return tuple(sorted(touching | canonical_tests)), parsed


def legacy_binding_paths(result: ScanResult) -> set[str]:
    """Dotted paths such as ``app.consumer.Engine`` where a module binds a legacy name at module level.

    Patching such a path (``mock.patch("app.consumer.Engine")``) reaches the legacy name where the
    consumer looks it up.
    """
    paths = set()
    for use in result.uses:
        info = result.index.get(use.path)
        if info is not None and info.module and use.record.scope == MODULE_SCOPE and not use.is_star:
            paths.add(f"{info.module}.{use.record.local}")
    return paths


def _tests_touching_canonical(spec: Spec, result: ScanResult) -> tuple[set[str], int]:
    canonical = {target for _, target in spec.name_map}
    needles = {t.module.encode() for t in canonical} | {
        t.module.rsplit(".", 1)[-1].encode() for t in canonical
    }
    found, parsed = set(), 0
    for path in result.files:
        if not is_test_path(path):
            continue
        info: ModuleInfo | Skipped | None = result.index.get(path)
        if info is None:
            info = _index_test(result.root, path, needles, result.source_roots)
            parsed += info is not None
        if isinstance(info, ModuleInfo) and any(
            _imports_target(record.module, record.name, target)
            for record in info.imports
            for target in canonical
        ):
            found.add(path)
    return found, parsed


def _imports_target(module: str, name: str | None, target: Target) -> bool:
    if name is None:
        return module == target.module
    return (module, name) == (target.module, target.head) or f"{module}.{name}" == target.module


def _index_test(
    root: Path, path: str, needles: set[bytes], roots: tuple[str, ...]
) -> ModuleInfo | Skipped | None:
    """Index a test file that mentions a canonical module; None when it does not (not parsed)."""
    try:
        data = (root / path).read_bytes()
    except OSError:
        return None
    if not mentions(data, needles):
        return None
    module, is_package = module_name_for(path, roots)
    return index_source(path, data, module, is_package)
