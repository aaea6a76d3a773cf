"""Check stage: find references to mapped legacy names outside the redirect modules (read-only).

The CI / pre-commit guard. It runs the scan (byte prefilter, then the stdlib ``ast``), so this
path imports neither LibCST nor gitpython. Matching is on whole identifiers and whole dotted
paths: ``UserExecutionEngine`` is not ``ExecutionEngine``, ``"app.old.EngineFactory"`` is not
``"app.old.Engine"``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ssot_refactor.model import Finding, Plan, Remaining, Target
from ssot_refactor.scan import ScanResult, bindings_of, resolve_reexports, select_files
from ssot_refactor.scan.index import index_source
from ssot_refactor.scan.records import ModuleInfo, module_name_for
from ssot_refactor.spec import Spec

#: why a reference outlives a plan that neither rewrites nor reports it
UNEXPLAINED = "the plan neither rewrites nor reports it (a gap in ssot-refactor; please report it)"


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Legacy references found, in path and line order."""

    findings: tuple[Finding, ...]
    files_checked: int

    @property
    def clean(self) -> bool:
        """True when no mapped legacy name is referenced."""
        return not self.findings


def spec_for_paths(spec: Spec, repo: Path, paths: Iterable[str]) -> Spec:
    """The spec narrowed to ``paths`` (repository-relative, or absolute below ``repo``, as pre-commit passes them)."""
    wanted = {relative_path(repo, path) for path in paths}
    if not wanted:
        return spec
    return replace(spec, migration=replace(spec.migration, include=tuple(sorted(wanted))))


def check(spec: Spec, result: ScanResult) -> CheckReport:
    """The references to mapped legacy names outside redirects, in the scanned files."""
    return CheckReport(tuple(sorted(legacy_references(spec, result), key=_order)), len(result.files))


def legacy_references(spec: Spec, result: ScanResult) -> list[Finding]:
    """Imports, module-attribute uses and dotted strings naming a mapped legacy name."""
    exempt = {result.path_of(entry.module) for entry in spec.legacy if entry.redirect}
    name_map = spec.name_map
    findings = []
    for use in result.uses:
        if use.path in exempt:
            continue
        record = use.record
        if use.target is not None and name_map.canonical_for(use.target.module, use.target.name):
            canonical = name_map.canonical_for(use.target.module, use.target.name)
            findings.append(Finding(use.path, record.line, f"imports legacy {use.target} (use {canonical})"))
        elif use.is_star:
            findings.append(
                Finding(use.path, record.line, f"star import from legacy module {use.legacy_module}")
            )
        elif use.target is None:
            for attr, _ in use.attrs:
                canonical = name_map.canonical_for(use.legacy_module, attr)
                if canonical:
                    legacy = Target(use.legacy_module, attr)
                    findings.append(
                        Finding(
                            use.path,
                            record.line,
                            f"uses legacy {legacy} as {use.local}.{attr} (use {canonical})",
                        )
                    )
    findings += _string_references(spec, result, exempt)
    return findings


def _string_references(spec: Spec, result: ScanResult, exempt: set[str | None]) -> list[Finding]:
    paths = {legacy.dotted: canonical for legacy, canonical in spec.name_map}
    findings = []
    for path, info in result.index.items():
        if path in exempt:
            continue
        for line, value in info.strings:
            for dotted, canonical in paths.items():
                if value == dotted or value.startswith(dotted + "."):
                    findings.append(
                        Finding(
                            path, line, f'string "{value}" names legacy {dotted} (use {canonical.dotted})'
                        )
                    )
    return findings


def remaining_references(
    spec: Spec, result: ScanResult, plan: Plan, known: Mapping[str, tuple[bytes, ModuleInfo]] | None = None
) -> tuple[Remaining, ...]:
    """The references ``check`` finds once the plan is applied, each with why the plan leaves it.

    ``known``: indexes already read of rewritten files (``plan.plan_and_index``).
    """
    found = sorted(legacy_references(spec, applied_scan(spec, result, plan, known)), key=_order)
    return tuple(Remaining(finding, why_left(plan, finding)) for finding in found)


def applied_scan(
    spec: Spec, result: ScanResult, plan: Plan, known: Mapping[str, tuple[bytes, ModuleInfo]] | None = None
) -> ScanResult:
    """The scan as it reads after the plan's commits: edited files indexed again (stdlib ``ast``),
    or taken from ``known`` where it holds an index of a file's final bytes."""
    final = {str(edit.path): edit.after for commit in plan.commits for edit in commit.edits}
    if not final:
        return result
    index = dict(result.index)
    selected = set(select_files(final, spec.migration.include, spec.migration.exclude))
    for path, data in final.items():
        if path in index or path in selected:
            module, is_package = module_name_for(path, result.source_roots)
            info = _known(known, path, data, module, is_package) or index_source(
                path, data, module, is_package
            )
            if isinstance(info, ModuleInfo):
                index[path] = info
            else:
                index.pop(path, None)
    reexports = resolve_reexports(index.values(), spec, result.modules)
    uses = tuple(
        use for path in sorted(index) for use in bindings_of(index[path], spec, result.modules, reexports)
    )
    return replace(result, index=index, reexports=reexports, uses=uses)


def _known(
    known: Mapping[str, tuple[bytes, ModuleInfo]] | None,
    path: str,
    data: bytes,
    module: str | None,
    is_package: bool,
) -> ModuleInfo | None:
    """The index ``known`` holds of exactly these bytes, read with the same module name."""
    entry = (known or {}).get(path)
    if entry is None or entry[0] != data:
        return None
    info = entry[1]
    return info if (info.path, info.module, info.is_package) == (path, module, is_package) else None


def why_left(plan: Plan, finding: Finding) -> str:
    """What in the plan explains a legacy reference it leaves: a blocked entry, a warning, a skipped file."""
    for blocked in plan.blocked:
        if any(site.path == finding.path for site in blocked.sites):
            return f"blocked: {blocked.what}: {blocked.reason}"
    warnings = [warning for warning in plan.warnings if warning.path == finding.path]
    same_line = [warning for warning in warnings if warning.line == finding.line]
    if same_line or warnings:
        return f"warning: {(same_line or warnings)[0].message}"
    for skipped in plan.skipped:
        if skipped.path == finding.path:
            return f"file skipped: {skipped.reason.value}" + (
                f" ({skipped.detail})" if skipped.detail else ""
            )
    return UNEXPLAINED


def relative_path(repo: Path, path: str) -> str:
    """A path from the command line as a repository path: relative, ``./x``, or absolute inside ``repo``."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.resolve().relative_to(repo.resolve())
        except ValueError:
            return candidate.as_posix()
    return candidate.as_posix().removeprefix("./")


def _order(finding: Finding) -> tuple[str, int, str]:
    return finding.path, finding.line, finding.message
