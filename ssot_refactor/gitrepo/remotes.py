"""Effects: what pull requests need from git: stats, cherry-picks, branches on remotes, pushes; and checkouts to look at."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ssot_refactor.errors import DirtyTreeError, SourceError
from ssot_refactor.gitrepo.branches import WORKTREE_PREFIX, open_repository, remove_worktree, worktrees

_USERINFO = re.compile(r"(?<=://)[^/@\s]+@")


def redact_url(text: str) -> str:
    """``text`` with any ``user:password@`` of a URL replaced by ``***@``."""
    return _USERINFO.sub("***@", text)


def commit_stats(repo, sha: str) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """(files changed, lines added, lines removed) of one commit against its first parent."""
    total = repo.commit(sha).stats.total
    return int(total["files"]), int(total["insertions"]), int(total["deletions"])


def add_detached_worktree(repo, folder: Path, commit: str) -> None:  # type: ignore[no-untyped-def]
    """Check ``commit`` out, detached, in a new worktree at ``folder`` (no branch is made or moved)."""
    repo.git.worktree("add", "--quiet", "--detach", str(folder), commit)


def cherry_pick(worktree: Path, shas: list[str]) -> str:
    """Cherry-pick ``shas`` in order onto the worktree's HEAD; returns the new HEAD.

    A commit that does not apply is aborted (the worktree is left at its HEAD before the pick)
    and reported as a ``SourceError`` naming it.
    """
    import git

    repo = git.Repo(worktree)
    for sha in shas:
        try:
            repo.git.cherry_pick("--allow-empty", "--keep-redundant-commits", sha)
        except git.GitCommandError:
            repo.git.cherry_pick("--abort")
            raise SourceError(
                f"commit {sha[:10]} does not apply on its own to the base",
                path=str(worktree),
                hint="its files are also edited by commits of another package",
            ) from None
    return str(repo.head.commit.hexsha)


def tree_of(repo, revision: str) -> str:  # type: ignore[no-untyped-def]
    """The tree id of a commit."""
    return str(repo.git.rev_parse(f"{revision}^{{tree}}"))


def set_branch(repo, branch: str, commit: str) -> None:  # type: ignore[no-untyped-def]
    """Create ``branch`` at ``commit``, or move it there; refuses a branch checked out in a worktree."""
    for path, checked_out in worktrees(repo):
        if checked_out == f"refs/heads/{branch}":
            raise DirtyTreeError(f"branch {branch} is checked out; switch away from it first", path=str(path))
    repo.git.branch("--force", branch, commit)


def remote_url(repo, remote: str) -> str | None:  # type: ignore[no-untyped-def]
    """The fetch URL of a remote, or None when there is no such remote."""
    if remote not in [r.name for r in repo.remotes]:
        return None
    return str(repo.remote(remote).url)


def remote_default_branch(repo, remote: str) -> str | None:  # type: ignore[no-untyped-def]
    """The branch ``refs/remotes/<remote>/HEAD`` points at (set by clone), or None."""
    import git

    try:
        ref = str(repo.git.symbolic_ref("--quiet", f"refs/remotes/{remote}/HEAD"))
    except git.GitCommandError:
        return None
    return ref.removeprefix(f"refs/remotes/{remote}/") or None


def push_branch(repo, remote: str, branch: str) -> None:  # type: ignore[no-untyped-def]
    """Push ``branch`` to ``remote`` and make it the branch's upstream.

    A rejected or failing push raises ``PrError`` whose message holds no credentials; git only
    records the upstream after a successful push, so nothing local changes then.
    """
    import git

    from ssot_refactor.errors import PrError

    if remote_url(repo, remote) is None:
        raise PrError(f"no git remote named {remote}", hint="add it with git remote add, or name another")
    try:
        repo.git.push(
            "--porcelain",
            "--set-upstream",
            remote,
            f"refs/heads/{branch}:refs/heads/{branch}",
            env={"GIT_TERMINAL_PROMPT": "0"},
        )
    except git.GitCommandError as exc:
        raise PrError(
            f"push of {branch} to {remote} failed: {_push_failure(exc)}", hint="nothing local changed"
        ) from None


def _push_failure(exc) -> str:  # type: ignore[no-untyped-def]
    # gitpython wraps each stream as "\n  stdout: '<text>'"
    text = "\n".join(
        re.sub(r"^\s*std(?:out|err): '(.*)'\s*$", r"\1", str(part or ""), flags=re.DOTALL)
        for part in (exc.stdout, exc.stderr)
    )
    lines = [redact_url(line.strip()) for line in text.splitlines()]
    for line in lines:
        found = re.search(r"\[(?:remote )?rejected\].*?\((.+)\)\s*$", line) or re.search(
            r"^!\s.*\((.+)\)\s*$", line
        )
        if found:
            return f"rejected ({found.group(1)})"
    errors = [line.split(":", 1)[1].strip() for line in lines if line.startswith(("fatal:", "error:"))]
    return errors[0] if errors else f"git exited with status {exc.status}"


@contextmanager
def temporary_checkout(path: Path, revision: str) -> Iterator[Path]:
    """A detached worktree of ``revision`` in a temporary folder, removed afterwards."""
    import shutil

    repo = open_repository(path)
    folder = Path(tempfile.mkdtemp(prefix=WORKTREE_PREFIX + "view-")) / "tree"
    repo.git.worktree("add", "--quiet", "--detach", str(folder), revision)
    try:
        yield folder
    finally:
        remove_worktree(repo, folder)
        shutil.rmtree(folder.parent, ignore_errors=True)


def status_lines(path: Path) -> list[str]:
    """``git status --porcelain`` of the work tree at ``path`` (untracked files included)."""
    return str(open_repository(path).git.status("--porcelain")).splitlines()
