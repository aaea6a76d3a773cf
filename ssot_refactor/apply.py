"""Apply stage: turn a plan into commits on a new branch (effects: files in a worktree, git).

The user's checkout is never touched: the branch is built in a temporary ``git worktree``,
each planned commit is written atomically (temp file + rename, mode bits kept) and committed
only after the static checks pass, then optionally verified by the user's command. On any
error or Ctrl-C the worktree is removed, the original branch is as it was, and the migration
branch keeps its last complete commit (or is deleted when it has none).
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ssot_refactor import gitrepo
from ssot_refactor.errors import DirtyTreeError, PlanError, VerifyError
from ssot_refactor.model import TRAILER, FileEdit, Plan, PlannedCommit
from ssot_refactor.note import NoteCommit, NoteVerification, RunNote, SkippedCommit
from ssot_refactor.render import plan_data, skipped_report
from ssot_refactor.scan import ScanResult
from ssot_refactor.spec import Spec
from ssot_refactor.verify import TreeView, import_problems, importers_of, parse_errors, undefined_names

#: fault injection for interruption tests: SIGKILL this process after this many file writes
FAULT_AFTER_WRITES = "SSOT_REFACTOR_FAULT_AFTER_WRITES"
Report = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """The user's verification command after one commit."""

    title: str
    command: str
    passed: bool
    seconds: float
    output_tail: str


@dataclass(frozen=True, slots=True)
class AppliedCommit:
    """A commit that landed on the migration branch."""

    sha: str
    commit: PlannedCommit  #: what was committed
    files: int
    verify: VerifyResult | None = None

    @property
    def title(self) -> str:
        return self.commit.title


@dataclass(frozen=True, slots=True)
class Applied:
    """What ``run`` did."""

    branch: str
    base: str
    commits: tuple[AppliedCommit, ...]
    skipped_commits: tuple[tuple[str, str], ...]  #: (title, reason) with ``--keep-going``
    plan: Plan
    already_migrated: bool = False
    quit_review: bool = False  #: ``--interactive``: the review was quit, nothing was committed


@dataclass(frozen=True, slots=True)
class RunOptions:
    """The knobs of ``run``."""

    split_by: str | None = None
    verify: str | None = None
    verify_related: bool = False
    keep_going: bool = False
    resume: bool = False
    stay: bool = False
    #: files no commit may change (``--skip``): repository-relative, ``./x`` or absolute inside it
    skip: tuple[str, ...] = ()


def _nothing_to_commit(plan: Plan) -> str:
    """What ``run`` says when the plan has no commit: done, or why the rest cannot be migrated."""
    if plan.internal_errors:
        return "nothing to commit: the files left to migrate were skipped (see above)"
    if plan.blocked:
        return "nothing to commit, but the migration is not complete: the rest is blocked (see BLOCKED below)"
    return "already migrated: nothing to change"


@dataclass(frozen=True, slots=True)
class Worktree:
    """The temporary worktree a migration branch is built in."""

    root: Path  #: the repository folder inside the worktree (where the spec's paths start)
    branch: str
    base: str  #: the commit the branch starts from
    base_branch: str | None  #: the branch the user was on


@contextmanager
def migration_worktree(repo_path: Path, spec: Spec, *, resume: bool) -> Iterator[Worktree]:
    """A temporary worktree on the migration branch: new from HEAD, or the existing one with ``resume``.

    Refuses a dirty tree and an existing branch without ``resume``. However the block ends, the
    worktree is removed, and a new branch that got no commit is deleted again.
    """
    repo = gitrepo.open_repository(repo_path)
    gitrepo.ensure_clean(repo)
    head = gitrepo.head_commit(repo)
    branch = spec.migration.branch
    exists = gitrepo.branch_exists(repo, branch)
    if exists and not resume:
        raise DirtyTreeError(
            f"branch {branch} already exists", hint="continue it with --resume, or delete it"
        )
    base = gitrepo.merge_base(repo, head, branch) if exists else head
    prefix = Path(repo_path).resolve().relative_to(Path(str(repo.working_tree_dir)).resolve())
    try:
        with _worktree(repo, branch, None if exists else base) as folder:
            yield Worktree(folder / prefix, branch, base, gitrepo.current_branch(repo))
    finally:
        if not exists and gitrepo.branch_exists(repo, branch) and gitrepo.commit_of(repo, branch) == base:
            gitrepo.delete_branch(repo, branch)


def stay_on_branch(repo_path: Path, applied: Applied) -> None:
    """Check out the migration branch in the user's checkout (``--stay``), when it got commits."""
    if applied.commits:
        gitrepo.checkout(gitrepo.open_repository(repo_path), applied.branch)


@contextmanager
def _worktree(repo, branch: str, base: str | None) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    folder = Path(tempfile.mkdtemp(prefix=gitrepo.WORKTREE_PREFIX)) / "worktree"
    gitrepo.add_worktree(repo, folder, branch, base)
    previous = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield folder
    finally:
        signal.signal(signal.SIGTERM, previous)
        gitrepo.remove_worktree(repo, folder)
        shutil.rmtree(folder.parent, ignore_errors=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def apply_plan(
    plan: Plan, spec: Spec, result: ScanResult, worktree: Worktree, options: RunOptions, report: Report
) -> Applied:
    """Commit each planned commit in the worktree, checked and optionally verified; store the run note.

    ``result`` is the scan of the worktree the plan was made from.
    """
    from ssot_refactor.audit import related_tests

    root, branch, base = worktree.root, worktree.branch, worktree.base
    for line in skipped_report(plan):
        report(line)
    if plan.is_empty:
        report(_nothing_to_commit(plan))
        return Applied(branch, base, (), (), plan, already_migrated=True)
    command = options.verify
    if options.verify_related:
        tests = related_tests(spec, result)[0]
        command = related_command(tests) if tests else command
    writer = _Writer(root, result)
    applied: list[AppliedCommit] = []
    skipped: list[tuple[str, str]] = []
    for commit in plan.commits:
        outcome = writer.commit(commit, spec, command, report)
        if isinstance(outcome, AppliedCommit):
            applied.append(outcome)
        elif options.keep_going:
            skipped.append(
                (commit.title, outcome.output_tail if isinstance(outcome, VerifyResult) else outcome)
            )
        else:
            assert isinstance(outcome, VerifyResult)
            raise VerifyError(
                f'verification failed after "{commit.title}" ({outcome.command}); the commit was rolled back',
                hint=f"{len(applied)} earlier commit(s) kept on {branch}; fix and run again with --resume",
            )
    _store_note(root, branch, base, worktree.base_branch, plan, applied, skipped)
    return Applied(branch, base, tuple(applied), tuple(skipped), plan)


class _Writer:
    """Writes planned commits into the worktree, checks them, commits, verifies."""

    def __init__(self, root: Path, result: ScanResult) -> None:
        self.root = root
        self.tree = TreeView(root, result.modules, result.source_roots)
        self.index = result.index
        self.writes = 0
        self.fault_after = int(os.environ.get(FAULT_AFTER_WRITES, "0") or 0)

    def commit(
        self, commit: PlannedCommit, spec: Spec, command: str | None, report: Report
    ) -> AppliedCommit | VerifyResult | str:
        stale = [str(e.path) for e in commit.edits if self._current(e) != e.before]
        if stale:
            return f"depends on a skipped commit ({', '.join(stale[:3])})"
        touched = [str(e.path) for e in commit.edits]
        for path in touched:
            refuse_links(self.root, path)
        modules = [m for m, p in self.tree.modules.items() if p in touched]
        checked = sorted(set(touched) | importers_of(self.index, modules))
        before_problems = import_problems(self.tree, checked)
        for edit in commit.edits:
            self._write(edit)
        try:
            self._check(commit, checked, before_problems)
            sha = gitrepo.commit_paths(self.root, touched, f"{commit.title}\n\n{commit.body}\n")
        except BaseException:
            gitrepo.restore_clean(self.root)
            raise
        report(f"committed {sha[:10]} {commit.title} ({len(touched)} files)")
        if not command:
            return AppliedCommit(sha, commit, len(touched))
        verified = run_verify(self.root, command, commit.title)
        report(f"  verify {'passed' if verified.passed else 'FAILED'} in {verified.seconds:.1f}s: {command}")
        if not verified.passed:
            report(verified.output_tail)
            gitrepo.reset_last_commit(self.root)
            return verified
        return AppliedCommit(sha, commit, len(touched), verified)

    def _current(self, edit: FileEdit) -> bytes:
        path = self.root / edit.path
        return path.read_bytes() if path.exists() else b""

    def _write(self, edit: FileEdit) -> None:
        (self.root / edit.path).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.root / edit.path, edit.after)
        self.writes += 1
        if self.fault_after and self.writes >= self.fault_after:
            os.kill(os.getpid(), signal.SIGKILL)

    def _check(self, commit: PlannedCommit, checked: list[str], before: set[tuple[str, str]]) -> None:
        problems = [str(f) for f in parse_errors(commit)]
        problems += [
            f"{path}: import of {name} which does not exist"
            for path, name in sorted(import_problems(self.tree, checked) - before)
        ]
        for edit in commit.edits:
            gained = undefined_names(self.tree, str(edit.path), edit.after) - undefined_names(
                self.tree, str(edit.path), edit.before
            )
            problems += [f"{edit.path}: the rewrite leaves {name} undefined" for name in sorted(gained)]
        if problems:
            raise PlanError(
                f"static check failed, commit not made: {problems[0]}",
                hint="a bug in ssot-refactor; nothing was committed for this step",
            )


def refuse_links(root: Path, path: str) -> None:
    """Raise PlanError unless ``path`` is inside ``root`` with no symbolic link on the way.

    The last line of defence: the scan never plans an edit of a link, but a write through one
    would replace the link git tracks by a file, or write outside the worktree.
    """
    parts = Path(path).parts
    if Path(path).is_absolute() or ".." in parts:
        raise PlanError(
            "refusing to write outside the worktree; commit not made",
            path=path,
            hint="a bug in ssot-refactor, please report it; nothing was committed for this step",
        )
    for depth in range(1, len(parts) + 1):
        if root.joinpath(*parts[:depth]).is_symlink():
            link = "/".join(parts[:depth])
            raise PlanError(
                f"refusing to write through the symbolic link {link}; commit not made",
                path=path,
                hint=BUG_HINT,
            )


BUG_HINT = (
    "links are never rewritten: a bug in ssot-refactor, please report it; nothing was committed for this step"
)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically: temp file in the same folder, fsync, rename; mode kept.

    A symbolic link is refused (PlanError): the rename would replace the link itself by a file.
    """
    if path.is_symlink():
        raise PlanError("refusing to replace a symbolic link by a file", path=str(path), hint=BUG_HINT)
    mode = path.stat().st_mode if path.exists() else None
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".ssot-tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temp, mode & 0o7777)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def related_command(tests: Sequence[str]) -> str:
    """pytest on the related test files: the project's own pytest when on PATH, else this Python's."""
    runner = [found] if (found := shutil.which("pytest")) else [sys.executable, "-m", "pytest"]
    return shlex.join([*runner, "-x", "-q", *tests])


#: pytest's exit code when the files hold no test (a related file may only define fixtures)
NO_TESTS_COLLECTED = 5


def run_verify(root: Path, command: str, title: str) -> VerifyResult:
    """Run the user's command in the worktree; keep the last 40 lines of its output."""
    started = time.monotonic()
    done = subprocess.run(command, shell=True, cwd=root, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-40:])
    passed = done.returncode == 0 or (done.returncode == NO_TESTS_COLLECTED and "pytest" in command)
    return VerifyResult(title, command, passed, seconds, tail)


def _store_note(
    root: Path,
    branch: str,
    base: str,
    base_branch: str | None,
    plan: Plan,
    applied: Sequence[AppliedCommit],
    skipped: Sequence[tuple[str, str]],
) -> None:
    if not applied:
        return
    note = RunNote(
        branch=branch,
        base=base,
        base_branch=base_branch,
        trailer=TRAILER,
        commits=tuple(
            NoteCommit(c.sha, c.title, c.files, c.commit.kind, c.commit.module, c.commit.package)
            for c in applied
        ),
        verification=tuple(
            NoteVerification(c.verify.title, c.verify.command, c.verify.passed, c.verify.seconds)
            for c in applied
            if c.verify
        ),
        skipped_commits=tuple(SkippedCommit(title, reason) for title, reason in skipped),
        plan=plan_data(plan),
    )
    gitrepo.write_note(gitrepo.open_repository(root), applied[-1].sha, note.to_json())
