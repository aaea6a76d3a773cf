"""Files skipped with ``--skip``: checked, kept out of every commit, reported as blocked (pure).

A skipped file keeps its bytes and its legacy imports and names: no importers' commit (alone or
cut from a combined rewrite), no dotted-path string rerun, no redirect and no validation test
writes it (``importers.module_setup`` and ``plan_importers`` leave it out). What it still uses
waits for it: the redirect of every legacy module it keeps in use (``commits.redirect_holds``).
The planner does all of this, so ``diff --skip`` shows exactly what ``run --skip`` commits.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import PurePosixPath

from ssot_refactor.errors import PlanError
from ssot_refactor.model import Blocked, Finding, FindingCode
from ssot_refactor.plan.combined import ModuleSetup
from ssot_refactor.plan.importers import keeps_using
from ssot_refactor.scan import ScanResult
from ssot_refactor.spec import Spec

#: the reason of a skipped file's Blocked entry
SKIPPED_WITH_OPTION = "skipped with --skip"
_PATH_HINT = "give a file path relative to the repository root, ./path, or an absolute path inside it"


def skip_set(paths: Iterable[str], spec: Spec, result: ScanResult) -> frozenset[str]:
    """The repository paths to skip; a PlanError (nothing planned, nothing written) for one that is
    not a file of the repository.

    An error, not a warning: a mistyped path would otherwise let the file the user meant to
    keep be migrated. The generated import-validation test counts as a file before it exists.
    """
    found = set()
    for given in paths:
        path = PurePosixPath(posixpath.normpath(given))
        local = result.root / path
        if path.is_absolute() or path.parts[:1] == ("..",):
            raise PlanError("--skip names a path outside the repository", path=given, hint=_PATH_HINT)
        if local.is_dir():
            raise PlanError("--skip names a folder; it takes one file per --skip", path=given)
        if not local.is_file() and str(path) != spec.migration.tests:
            raise PlanError("--skip names no file of the repository", path=given, hint=_PATH_HINT)
        found.add(str(path))
    return frozenset(found)


def skip_report(
    skip: Collection[str],
    spec: Spec,
    result: ScanResult,
    setups: Sequence[ModuleSetup],
    withheld: Mapping[str, Sequence[Finding]],
    redirected: Mapping[str, object],
) -> tuple[list[Blocked], list[Finding]]:
    """A Blocked entry for each skipped file the plan would have changed, a warning for each other one.

    ``withheld``: the skipped files the dotted-path string reruns left out, with the strings that
    will name nothing (each becomes a site of the file's entry); ``redirected``: the modules that
    got a redirect (the validation test is only written when one did).
    """
    blocked: list[Blocked] = []
    unused: list[Finding] = []
    for path in sorted(skip):
        kept = _what_it_keeps(path, spec, result, setups, path in withheld)
        if path == spec.migration.tests and redirected:
            kept.append("the import-validation test is not written")
        if kept:
            stale = tuple(dict.fromkeys([*withheld.get(path, ()), *legacy_strings(path, spec, result)]))
            blocked.append(skipped_file(path, "; ".join(kept), stale))
        else:
            message = "--skip names a file the plan does not change; nothing to skip"
            unused.append(Finding(path, 0, message, code=FindingCode.UNUSED_SKIP))
    return blocked, unused


def legacy_strings(path: str, spec: Spec, result: ScanResult) -> list[Finding]:
    """The dotted strings of a skipped file that name a mapped legacy path
    (``mock.patch("app.old.Engine")``): they stay, and the redirect of that module waits for the
    file, so they still resolve, but to the legacy object the migrated files no longer use."""
    info = result.index.get(path)
    if info is None:
        return []
    pairs = [(legacy.dotted, canonical.dotted) for legacy, canonical in spec.name_map]
    return [
        Finding(
            path,
            line,
            f'"{value}" names legacy {old}; the files that migrate use {new} instead '
            f'(write "{new}{value[len(old) :]}")',
        )
        for line, value in info.strings
        for old, new in pairs
        if value == old or value.startswith(old + ".")
    ]


def _what_it_keeps(
    path: str, spec: Spec, result: ScanResult, setups: Sequence[ModuleSetup], rerun: bool
) -> list[str]:
    """What a skipped file keeps, for each legacy module whose commits would have edited it.

    ``rerun``: the dotted-path string reruns would have rewritten it.
    """
    modules = [entry.module for entry, setup in zip(spec.legacy, setups) if path in setup.skipped]
    own = [module for module in modules if result.path_of(module) == path]
    used = [module for module in modules if module not in own and keeps_using(path, module, result)]
    kept = [f"stays the legacy module {module} (no redirect)" for module in own]
    kept += [f"keeps using {', '.join(used)}"] if used else []
    if rerun or len(own) + len(used) < len(modules):
        kept.append("its dotted-path strings stay as written")
    return kept


def skipped_file(path: str, kept: str, stale: Sequence[Finding] = ()) -> Blocked:
    """The Blocked entry of one file skipped with ``--skip``; its first site ties the file's
    remaining legacy references to it (``check.why_left``), the others are its ``stale`` strings."""
    return Blocked(
        what=path,
        reason=SKIPPED_WITH_OPTION,
        unblock=f"run again without --skip {path} to migrate it (on the migration branch: "
        "ssot-refactor run --resume)",
        sites=(Finding(path, 0, kept), *sorted(stale, key=lambda f: (f.line, f.message))),
    )
