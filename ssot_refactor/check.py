"""Check stage: find references to mapped legacy names outside the redirect modules (read-only).

The CI / pre-commit guard. It runs the scan (byte prefilter, then the stdlib ``ast``), so this
path imports neither LibCST nor gitpython. Matching is on whole identifiers and whole dotted
paths: ``UserExecutionEngine`` is not ``ExecutionEngine``, ``"app.old.EngineFactory"`` is not
``"app.old.Engine"``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ssot_refactor.model import Finding, Target
from ssot_refactor.scan import Progress, ScanResult, scan
from ssot_refactor.spec import Spec, load_spec


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Legacy references found, in path and line order."""

    findings: tuple[Finding, ...]
    files_checked: int

    @property
    def clean(self) -> bool:
        """True when no mapped legacy name is referenced."""
        return not self.findings


def check_repository(
    repo: Path, spec_path: Path | None = None, paths: Iterable[str] = (), progress: Progress | None = None
) -> CheckReport:
    """Check the repository, or only ``paths`` (repository-relative, as pre-commit passes them)."""
    spec = load_spec(repo, spec_path)
    wanted = {_relative(repo, path) for path in paths}
    if wanted:
        include = tuple(sorted(wanted))
        spec = replace(spec, migration=replace(spec.migration, include=include))
    result = scan(repo, spec, progress)
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
            findings.append(Finding(use.path, record.line, f"star import from legacy module {use.legacy_module}"))
        elif use.target is None:
            for attr, _ in record.attrs:
                canonical = name_map.canonical_for(use.legacy_module, attr)
                if canonical:
                    legacy = Target(use.legacy_module, attr)
                    findings.append(Finding(use.path, record.line, f"uses legacy {legacy} as {record.local}.{attr} (use {canonical})"))
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
                    findings.append(Finding(path, line, f'string "{value}" names legacy {dotted} (use {canonical.dotted})'))
    return findings


def _relative(repo: Path, path: str) -> str:
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.resolve().relative_to(repo.resolve())
        except ValueError:
            return candidate.as_posix()
    return candidate.as_posix().removeprefix("./")


def _order(finding: Finding) -> tuple[str, int, str]:
    return finding.path, finding.line, finding.message
