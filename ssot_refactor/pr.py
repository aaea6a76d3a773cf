"""PR stage: title and body from the migration branch; push; open the pull request (effects: git, network).

Everything comes from the repository, so ``pr`` works in a later shell: the commits that carry the
``SSOT-Migration`` trailer, the note ``run`` stored on the branch's last commit (plan, base,
verification), and an audit of the base and of the branch tip, each in a temporary detached
worktree. The user's checkout is never touched.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ssot_refactor import gitrepo
from ssot_refactor.audit import AuditReport
from ssot_refactor.errors import PrError, SsotError
from ssot_refactor.github import DEFAULT_API_URL, GitHub, owner_and_repo, token_from_environment
from ssot_refactor.model import TRAILER, CommitKind
from ssot_refactor.note import RunNote
from ssot_refactor.render.pr_body import (
    CommitRow,
    NameCount,
    PullRequestDraft,
    VerifyRow,
    pr_title,
    render_markdown,
    render_pr_json,
    render_pr_markdown,
)
from ssot_refactor.spec import Spec

Report = Callable[[str], None]
#: audits the repository as checked out in a folder (the base's or the branch tip's tree)
AuditTree = Callable[[Path], AuditReport]


@dataclass(frozen=True, slots=True)
class PrOptions:
    """The knobs of ``pr``."""

    fmt: str = "markdown"
    push: str | None = None  #: remote to push the branch(es) to
    open: bool = False
    remote: str = "origin"
    api_url: str = DEFAULT_API_URL
    draft: bool = False
    base: str | None = None
    labels: tuple[str, ...] = ()
    reviewers: tuple[str, ...] = ()
    timeout: float = 30.0
    split_by: str | None = None  #: "package": one pull request per top-level package


@dataclass(slots=True)
class _Source:
    """The migration branch as read back from git, plus a cache of audits per commit."""

    spec: Spec
    repo: Any  #: the gitpython Repo (opaque outside gitrepo)
    prefix: Path  #: the repository folder relative to the git work tree
    base: str
    note: RunNote | None  #: the note of the last run that made commits on the branch
    commits: tuple[tuple[str, str], ...]  #: (sha, title) of the trailer commits, oldest first
    audit_tree: AuditTree
    audits: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)


# --------------------------------------------------------------------------- public API


def render_body(repo: Path, spec: Spec, audit_tree: AuditTree) -> str:
    """The Markdown pull-request body for the migration branch of ``repo`` (what ``demo`` prints)."""
    source = _read_source(repo, spec, audit_tree)
    return render_markdown(_draft(source, source.spec.migration.branch, [sha for sha, _ in source.commits]))


def pull_requests(repo: Path, spec: Spec, options: PrOptions, report: Report, audit_tree: AuditTree) -> str:
    """Build the pull request(s) of the migration branch, push and open them as asked; returns the rendering.

    With ``split_by="package"`` each top-level package's importer commits are cherry-picked from
    the base onto a branch of their own (``<branch>-<package>``) in a temporary worktree.
    """
    token = token_from_environment() if options.open else ""
    source = _read_source(repo, spec, audit_tree)
    drafts = (
        _split_drafts(source)
        if options.split_by == "package"
        else [_draft(source, source.spec.migration.branch, [sha for sha, _ in source.commits])]
    )
    if options.push:
        for draft in drafts:
            gitrepo.push_branch(source.repo, options.push, draft.branch)
            report(f"pushed {draft.branch} to {options.push}")
    if options.open:
        drafts = _open_all(source, drafts, options, token, report)
    return render_pr_json(drafts) if options.fmt == "json" else render_pr_markdown(drafts)


# --------------------------------------------------------------------------- reading the branch


def _read_source(repo_path: Path, spec: Spec, audit_tree: AuditTree) -> _Source:
    repo = gitrepo.open_repository(repo_path)
    prefix = Path(repo_path).resolve().relative_to(Path(str(repo.working_tree_dir)).resolve())
    branch = spec.migration.branch
    hint = "run ssot-refactor run first"
    if not gitrepo.branch_exists(repo, branch):
        raise SsotError(f"migration branch {branch} not found", hint=hint)
    tip = gitrepo.commit_of(repo, branch)
    note = RunNote.from_json(gitrepo.read_note(repo, tip))
    base = note.base if note else gitrepo.merge_base(repo, gitrepo.head_commit(repo), tip)
    commits = _trailer_commits(repo, spec, base, tip)
    if not commits:
        raise SsotError(
            f"branch {branch} has no commit with the trailer {TRAILER}: {spec.migration.name}", hint=hint
        )
    if note is None:  # commits were added on top of the one run left its note on
        note = next(
            (
                found
                for sha, _ in reversed(commits)
                if (found := RunNote.from_json(gitrepo.read_note(repo, sha)))
            ),
            None,
        )
        if note is not None and note.base != base:
            base, commits = note.base, _trailer_commits(repo, spec, note.base, tip)
    return _Source(spec, repo, prefix, base, note, commits, audit_tree)


def _trailer_commits(repo: Any, spec: Spec, base: str, tip: str) -> tuple[tuple[str, str], ...]:
    """(sha, title) of the commits in ``base..tip`` that carry this migration's trailer."""
    return tuple(
        (sha, message.strip().splitlines()[0])
        for sha, message in gitrepo.commits_since(repo, base, tip)
        if _has_trailer(message, spec)
    )


def _has_trailer(message: str, spec: Spec) -> bool:
    for line in message.splitlines():
        key, colon, value = line.partition(":")
        if colon and key.strip() == TRAILER and value.strip() == spec.migration.name:
            return True
    return False


def _draft(
    source: _Source, branch: str, shas: list[str], tip: str | None = None, package: str = ""
) -> PullRequestDraft:
    """The draft for ``shas`` (some of the migration commits) on ``branch``, whose last commit is ``tip``.

    Without ``tip`` the commits are the migration branch's own; with it they are cherry-picks of
    ``shas``, one each, on a branch made from the base.
    """
    titles = dict(source.commits)
    picked = [sha for sha, _ in gitrepo.commits_since(source.repo, source.base, tip)] if tip else shas
    rows = tuple(
        CommitRow(sha, titles[original], *gitrepo.commit_stats(source.repo, sha))
        for sha, original in zip(picked, shas)
    )
    chosen = {row.title for row in rows}
    note = source.note or RunNote(branch, source.base, None, TRAILER)
    plan = note.plan
    verification = tuple(
        VerifyRow(v.title, v.command, v.passed, v.seconds) for v in note.verification if v.title in chosen
    )
    return PullRequestDraft(
        migration=source.spec.migration.name,
        branch=branch,
        base=source.base,
        base_branch=note.base_branch,
        commits=rows,
        mapping=_mapping(source.spec),
        counts=_counts(source, rows[-1].sha),
        verification=verification,
        verified=bool(note.verification),
        skipped_commits=tuple((s.title, s.reason) for s in note.skipped_commits),
        skipped=tuple(_skipped_line(s) for s in plan.get("skipped", [])),
        warnings=tuple(_finding_line(w) for w in plan.get("warnings", []))
        + tuple(
            f"blocked: {b['what']}: {b['reason']} (to unblock: {b['unblock']})"
            for b in plan.get("blocked", [])
        ),
        package=package,
    )


def _mapping(spec: Spec) -> tuple[tuple[str, str, bool], ...]:
    return tuple(
        (f"{entry.module}:{name}", str(target), entry.redirect)
        for entry in spec.legacy
        for name, target in entry.names
    )


def _skipped_line(item: dict[str, Any]) -> str:
    where = f"{item['path']}:{item['line']}" if item.get("line") else item["path"]
    detail = f" ({item['detail']})" if item.get("detail") else ""
    return f"{where}: {item['reason']}{detail}; file left unchanged"


def _finding_line(item: dict[str, Any]) -> str:
    where = f"{item['path']}:{item['line']}" if item.get("line") else item["path"]
    return f"{where}: {item['message']}"


# --------------------------------------------------------------------------- before / after audits


def _counts(source: _Source, tip: str) -> tuple[NameCount, ...]:
    before, after = _audit_at(source, source.base), _audit_at(source, tip)
    return tuple(
        NameCount(
            legacy,
            canonical,
            (before.get(legacy, (0, 0))[0], after.get(legacy, (0, 0))[0]),
            (before.get(legacy, (0, 0))[1], after.get(legacy, (0, 0))[1]),
        )
        for legacy, canonical, _ in _mapping(source.spec)
    )


def _audit_at(source: _Source, commit: str) -> dict[str, tuple[int, int]]:
    """``module:Name`` -> (importing files, references) in a detached worktree of ``commit``."""
    if commit not in source.audits:
        with _detached_worktree(source.repo, commit) as folder:
            report = source.audit_tree(folder / source.prefix)
        source.audits[commit] = {
            f"{module.module}:{name.name}": (len(name.files), name.references)
            for module in report.modules
            for name in module.names
        }
    return source.audits[commit]


@contextmanager
def _detached_worktree(repo: Any, commit: str) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="ssot-pr-")) / "worktree"
    try:
        gitrepo.add_detached_worktree(repo, folder, commit)
        yield folder
    finally:
        if folder.exists():
            gitrepo.remove_worktree(repo, folder)
        shutil.rmtree(folder.parent, ignore_errors=True)


# --------------------------------------------------------------------------- split by package


def _split_drafts(source: _Source) -> list[PullRequestDraft]:
    """One draft per package chunk (a new branch from the base), then one for the commits that remain.

    The last pull request is the migration branch itself: it also carries the chunks' commits,
    which git merges as no-ops once the chunk pull requests are in, so its table, checks and
    rollback cover only the remaining commits.
    """
    chunks: dict[str, list[str]] = {}
    rest: list[str] = []
    packages = _packages(source)
    for sha, _ in source.commits:
        package = packages.get(sha, "")
        (chunks.setdefault(package, []) if package else rest).append(sha)
    branch = source.spec.migration.branch
    if not chunks:
        raise SsotError(
            f"branch {branch} has no per-package commits to split",
            hint="make it with ssot-refactor run --split-by package",
        )
    drafts = []
    for package, shas in chunks.items():
        name, tip = _chunk_branch(source, f"{branch}-{package}", shas)
        drafts.append(_draft(source, name, shas, tip, package))
    if rest:
        drafts.append(replace(_draft(source, branch, rest), depends_on=tuple(d.branch for d in drafts)))
    return drafts


def _packages(source: _Source) -> dict[str, str]:
    """The package of each per-package commit, from the notes of every run on the branch.

    Each run leaves its note on its last commit (``--resume`` runs add commits of their own).
    """
    found: dict[str, str] = {}
    for sha, _ in source.commits:
        note = RunNote.from_json(gitrepo.read_note(source.repo, sha))
        for commit in note.commits if note else ():
            if commit.kind is CommitKind.IMPORTERS and commit.package:
                found[commit.sha] = commit.package
    return found


def _chunk_branch(source: _Source, name: str, shas: list[str]) -> tuple[str, str]:
    """Cherry-pick ``shas`` onto the base in a temporary worktree and point branch ``name`` at the result.

    An existing branch with the same tree and number of commits is kept as it is, so running
    ``pr`` again does not rewrite a branch that was already pushed.
    """
    with _detached_worktree(source.repo, source.base) as folder:
        tip = gitrepo.cherry_pick(folder, shas)
    if gitrepo.branch_exists(source.repo, name):
        current = gitrepo.commit_of(source.repo, name)
        same = gitrepo.tree_of(source.repo, current) == gitrepo.tree_of(source.repo, tip)
        if same and len(gitrepo.commits_since(source.repo, source.base, current)) == len(shas):
            return name, current
    gitrepo.set_branch(source.repo, name, tip)
    return name, tip


# --------------------------------------------------------------------------- the API


def _open_all(
    source: _Source, drafts: list[PullRequestDraft], options: PrOptions, token: str, report: Report
) -> list[PullRequestDraft]:
    remote = options.push or options.remote
    url = gitrepo.remote_url(source.repo, remote)
    if url is None:
        raise PrError(f"no git remote named {remote}", hint="name one with --remote or --push")
    owner, name = owner_and_repo(url)
    opened: list[PullRequestDraft] = []
    with closing(GitHub(options.api_url, owner, name, token, options.timeout)) as api:
        base = (
            options.base
            or drafts[0].base_branch
            or gitrepo.remote_default_branch(source.repo, remote)
            or api.default_branch()
            or "main"
        )
        numbers: list[str] = []
        for draft in drafts:
            if draft.depends_on:
                draft = replace(draft, depends_on=tuple(numbers))
            pull = api.open_pull_request(
                draft.branch, base, pr_title(draft), render_markdown(draft), options.draft
            )
            api.add_labels(pull.number, options.labels)
            api.request_reviewers(pull.number, options.reviewers)
            report(
                f"{'opened' if pull.created else 'updated'} pull request #{pull.number} for {draft.branch}: {pull.url}"
            )
            numbers.append(f"#{pull.number}")
            opened.append(draft)
    return opened
