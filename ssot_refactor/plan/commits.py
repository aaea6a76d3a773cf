"""The planned commits: importers, redirects, the validation test, their bodies and blocks (pure)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import PurePosixPath

from ssot_refactor.model import (
    TRAILER,
    Blocked,
    CommitKind,
    FileEdit,
    Finding,
    FindingCode,
    PlannedCommit,
    SkipReason,
    Target,
)
from ssot_refactor.plan.importers import ModuleWork
from ssot_refactor.plan.pipeline import blocked_targets
from ssot_refactor.plan.tree import Tree
from ssot_refactor.scan import ScanResult
from ssot_refactor.scan.records import module_name_for
from ssot_refactor.spec import LegacyModule, Spec

# --------------------------------------------------------------------------- commits


def importer_commits(
    spec: Spec, entry: LegacyModule, edits: list[FileEdit], result: ScanResult, split: str
) -> Iterator[PlannedCommit]:
    if not edits:
        return
    groups = _split(edits, result, split)
    canonical = sorted({target.module for _, target in entry.names})
    destination = canonical[0] if len(canonical) == 1 else "the canonical names"
    for package, group in groups:
        scope = f" in {package}" if package else ""
        title = f"refactor(ssot): point importers of {entry.module}{scope} at {destination}"
        yield PlannedCommit(
            title=title,
            body=commit_body(spec, entry, group),
            edits=tuple(group),
            kind=CommitKind.IMPORTERS,
            module=entry.module,
            package=package,
        )


def _split(edits: list[FileEdit], result: ScanResult, split: str) -> list[tuple[str, list[FileEdit]]]:
    if split != "package":
        return [("", edits)]
    groups: dict[str, list[FileEdit]] = defaultdict(list)
    for edit in edits:
        module, _ = module_name_for(str(edit.path), result.source_roots)
        groups[(module or str(edit.path)).split(".")[0].split("/")[0]].append(edit)
    return sorted(groups.items())


def blocked_calls(spec: Spec, entry: LegacyModule, sites: Sequence[Finding]) -> Iterator[Blocked]:
    """One Blocked per legacy name whose calls could not be rewritten, with the rule that would help,
    and one per member of a legacy class that the canonical class lacks.

    Calls that bind neither signature, and members neither class has (broken before the
    migration), are listed apart: no rule makes them work, they need fixing by hand.
    """
    by_name: dict[tuple[Target, str, bool], list[Finding]] = defaultdict(list)
    for site in sites:
        for target in blocked_targets([site]):
            by_name[(target, site.member, site.code.is_already_broken)].append(site)
    index = spec.legacy.index(entry)
    for (target, member, broken), found in sorted(by_name.items()):
        files = sorted({f.path for f in found})
        if member:
            yield _blocked_member(target, member, broken, found, index)
        elif broken:
            yield Blocked(
                what=f"calls of {target} in {len(files)} file(s) that are already broken",
                reason="they bind neither the legacy nor the canonical signature, so they fail before the "
                "migration too; those files keep importing the legacy name",
                unblock="fix the calls by hand (see each site); no [[legacy.calls]] rule can make them bind",
                sites=tuple(found),
            )
        else:
            yield Blocked(
                what=f"calls of {target} in {len(files)} file(s)",
                reason="they would not bind to the canonical signature; those files keep importing the legacy name",
                unblock=f'add a [[legacy.calls]] rule with name = "{target.name}" to legacy[{index}] '
                "(canonical callable, keywords, rename, drop, add; same_signature = true when the calls "
                "bind as written), or change the calls by hand",
                sites=tuple(found),
            )


def _blocked_member(
    target: Target, member: str, broken: bool, found: Sequence[Finding], index: int
) -> Blocked:
    files = len({f.path for f in found})
    if broken:
        return Blocked(
            what=f"uses of {target}.{member} in {files} file(s) that are already broken",
            reason=f"neither the legacy nor the canonical class defines {member!r}, so they fail before the "
            "migration too; those files keep importing the legacy name",
            unblock="fix the uses by hand (see each site)",
            sites=tuple(found),
        )
    rule = ""
    if any(f.code is FindingCode.MISSING_METHOD for f in found):
        rule = (
            f'add a [[legacy.calls]] rule with name = "{target.name}.{member}" and canonical = '
            f'"module:Callable" (what to call instead) to legacy[{index}], or '
        )
    return Blocked(
        what=f"uses of {target}.{member} in {files} file(s)",
        reason=f"the canonical class (its body and its bases in the repository) defines no {member!r}, so the "
        "renamed access would raise AttributeError; those files keep importing the legacy name",
        unblock=f"{rule}define {member} on the canonical class, or change the uses by hand",
        sites=tuple(found),
    )


def redirect_holds(entry: LegacyModule, work: ModuleWork, link: str | None) -> list[Blocked]:
    """Why the redirect of ``entry`` must wait: a link, blocked calls, files skipped for an internal
    error or with ``--skip``.

    Those files keep using the legacy module as it is, so it stays as it is until they move.
    """
    if link is not None:
        return [linked_redirect(entry, link)]
    held = [blocked_redirect(entry, work.blocked)] if work.blocked else []
    failed = [skip for skip in work.skips if skip.reason is SkipReason.INTERNAL_ERROR]
    if failed:
        held.append(skipped_redirect(entry, [skip.path for skip in failed]))
    if work.kept:
        held.append(kept_redirect(entry, work.kept))
    return held


def linked_redirect(entry: LegacyModule, link: str) -> Blocked:
    """The redirect left out because the legacy module is a symbolic link (links are never rewritten)."""
    return Blocked(
        what=f"redirect of {entry.module}",
        reason=f"{link} is a symbolic link; links are never rewritten",
        unblock=f"replace {link} by a regular file, or set redirect = false",
    )


def skipped_redirect(entry: LegacyModule, paths: Sequence[str]) -> Blocked:
    """The redirect left out because files skipped for an internal error still use the legacy module."""
    return Blocked(
        what=f"redirect of {entry.module}",
        reason=f"{len(paths)} file(s) skipped for an internal error keep using the legacy module: {', '.join(paths[:5])}",
        unblock="migrate them by hand (and report the bug); the redirect commit is planned once none is skipped",
    )


def kept_redirect(entry: LegacyModule, paths: Sequence[str]) -> Blocked:
    """The redirect left out because files skipped with ``--skip`` keep the legacy module in use.

    Its own file among them keeps its legacy implementation: a redirect would rewrite it.
    """
    return Blocked(
        what=f"redirect of {entry.module}",
        reason=f"{len(paths)} file(s) skipped with --skip keep using the legacy module as it is: "
        f"{', '.join(paths)}",
        unblock="run again without --skip for them; the redirect commit is planned once none of them "
        "is skipped",
    )


def blocked_redirect(entry: LegacyModule, sites: Sequence[Finding]) -> Blocked:
    """The redirect left out because blocked files still need the legacy implementation."""
    files = sorted({site.path for site in sites})
    return Blocked(
        what=f"redirect of {entry.module}",
        reason=f"{len(files)} file(s) keep using the legacy implementation: {', '.join(files[:5])}",
        unblock="unblock their calls and member uses (see above); the redirect commit is planned once "
        "nothing is blocked",
    )


def redirect_commit(
    spec: Spec,
    entry: LegacyModule,
    result: ScanResult,
    tree: Tree,
    redirected: dict[str, tuple[tuple[str, Target], ...]],
) -> PlannedCommit | None:
    """The commit that turns one legacy module into a pure redirect (after its importers moved)."""
    from ssot_refactor.redirects import plan_redirect, redirect_edit

    path = result.path_of(entry.module)
    if path is None:
        return None
    source = tree.read(path)
    redirect = plan_redirect(spec, entry, result, source, read=tree.read)
    redirected[entry.module] = redirect.context.exports
    edit = redirect_edit(redirect, source)
    if edit is None:
        return None
    tree.contents[path] = edit.after
    canonical = sorted({target.module for _, target in entry.names})
    mode = " with deprecation warnings" if entry.warn else ""
    lines = [f"{entry.module} now only hands out the canonical objects{mode}:", ""]
    lines += [f"- {name} -> {target}" for name, target in redirect.context.exports]
    notes = [str(note) for note in edit.notes]
    if notes:
        lines += ["", "Review:"] + [f"- {note}" for note in notes]
    lines += ["", f"{TRAILER}: {spec.migration.name}"]
    destination = canonical[0] if len(canonical) == 1 else "the canonical names"
    title = f"refactor(ssot): turn {entry.module} into a redirect to {destination}"
    return PlannedCommit(
        title=title, body="\n".join(lines), edits=(edit,), kind=CommitKind.REDIRECT, module=entry.module
    )


def add_validation_test(
    spec: Spec,
    result: ScanResult,
    tree: Tree,
    commits: list[PlannedCommit],
    redirected: Mapping[str, tuple[tuple[str, Target], ...]],
    skip: Collection[str] = (),
) -> list[Blocked]:
    """Put the generated import-validation test (``[migration] tests``) into the last redirect commit.

    Returns what held it back: a test path that is, or lies below, a symbolic link. A test path
    skipped with ``--skip`` is left out silently: the skipped file's own entry reports it.
    """
    path = spec.migration.tests
    if not path or not redirected or path in skip:
        return []
    link = result.link_on(path)
    if link is not None:
        return [
            Blocked(
                what=f"import-validation test {path}",
                reason=f"{link} is a symbolic link; links are never rewritten",
                unblock="set [migration] tests to a path that is not a link",
            )
        ]
    from ssot_refactor.redirects import import_validation_test

    text = import_validation_test(spec, redirected).encode()
    before = tree.read_optional(path)
    if before == text:
        return []
    position = max((i for i, c in enumerate(commits) if c.kind is CommitKind.REDIRECT), default=None)
    edit = FileEdit(PurePosixPath(path), before, text)
    tree.contents[path] = text
    if position is None:
        title = f"test(ssot): guard the {spec.migration.name} redirects"
        body = f"Import validation test.\n\n{TRAILER}: {spec.migration.name}"
        commits.append(PlannedCommit(title, body, (edit,), kind=CommitKind.VALIDATION_TEST))
        return []
    commit = commits[position]
    commits[position] = replace(commit, edits=commit.edits + (edit,))
    return []


def single_commit(spec: Spec, commits: Sequence[PlannedCommit]) -> PlannedCommit:
    """All planned commits as one (``--split-by none``): each file from its first before to its last after."""
    merged: dict[PurePosixPath, FileEdit] = {}
    for commit in commits:
        for edit in commit.edits:
            earlier = merged.get(edit.path)
            merged[edit.path] = (
                edit
                if earlier is None
                else FileEdit(edit.path, earlier.before, edit.after, earlier.notes + edit.notes)
            )
    edits = tuple(sorted(merged.values(), key=lambda e: str(e.path)))
    lines = ["Mapping:"] + [
        f"- {entry.module}:{name} -> {target}" for entry in spec.legacy for name, target in entry.names
    ]
    lines += ["", f"Files: {len(edits)}", "", f"{TRAILER}: {spec.migration.name}"]
    title = f"refactor(ssot): consolidate {spec.migration.name} onto the canonical names"
    return PlannedCommit(title=title, body="\n".join(lines), edits=edits, kind=CommitKind.CONSOLIDATED)


def commit_body(spec: Spec, entry: LegacyModule, edits: Sequence[FileEdit]) -> str:
    """The mapping, the number of files, notes left for the reviewer, and the trailer."""
    lines = ["Mapping:"]
    lines += [f"- {entry.module}:{name} -> {target}" for name, target in entry.names]
    lines += ["", f"Files: {len(edits)}"]
    notes = [str(note) for edit in edits for note in edit.notes]
    if notes:
        lines += ["", "Left unchanged (review):"] + [f"- {note}" for note in notes]
    lines += ["", f"{TRAILER}: {spec.migration.name}"]
    return "\n".join(lines)
