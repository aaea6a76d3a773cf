"""Effects: branches, worktrees, commits and notes of the migration, through gitpython (imported where used)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ssot_refactor.errors import DirtyTreeError

NOTES_REF = "refs/notes/ssot-refactor"
_IN_PROGRESS = ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "rebase-merge", "rebase-apply", "BISECT_LOG")


def open_repository(path: Path):  # type: ignore[no-untyped-def]
    """The gitpython Repo at ``path``; a clear error outside a git work tree."""
    import git

    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise DirtyTreeError(
            "not a git repository (run needs git history to commit on)", path=str(path)
        ) from None


def ensure_clean(repo) -> None:  # type: ignore[no-untyped-def]
    """Refuse uncommitted changes to tracked files and any merge, rebase, cherry-pick or bisect in progress."""
    git_dir = Path(repo.git_dir)
    for marker in _IN_PROGRESS:
        if (git_dir / marker).exists():
            operation = marker.split("_")[0].split("-")[0].lower()
            raise DirtyTreeError(
                f"a {operation} is in progress; finish or abort it first", path=str(repo.working_tree_dir)
            )
    changed = repo.git.status("--porcelain", "--untracked-files=no").splitlines()
    if changed:
        raise DirtyTreeError(
            f"working tree has uncommitted changes in {len(changed)} file(s); commit or stash them first",
            path=str(repo.working_tree_dir),
        )


def head_commit(repo) -> str:  # type: ignore[no-untyped-def]
    """The commit the user's checkout is on."""
    try:
        return str(repo.head.commit.hexsha)
    except ValueError:
        raise DirtyTreeError("the repository has no commit yet", path=str(repo.working_tree_dir)) from None


def current_branch(repo) -> str | None:  # type: ignore[no-untyped-def]
    """The checked-out branch name, or None on a detached HEAD."""
    return None if repo.head.is_detached else str(repo.active_branch.name)


def commit_of(repo, revision: str) -> str:  # type: ignore[no-untyped-def]
    """The commit id a revision names."""
    return str(repo.git.rev_parse("--verify", "--quiet", f"{revision}^{{commit}}"))


def branch_exists(repo, branch: str) -> bool:  # type: ignore[no-untyped-def]
    """True when ``refs/heads/<branch>`` exists."""
    return bool(repo.git.for_each_ref(f"refs/heads/{branch}"))


WORKTREE_PREFIX = "ssot-run-"


def add_worktree(repo, folder: Path, branch: str, base: str | None) -> None:  # type: ignore[no-untyped-def]
    """Check ``branch`` out in a new worktree at ``folder``; created from ``base`` when given.

    A worktree of ours left behind by a killed run is removed first; the branch in it keeps
    its commits (git commits are atomic).
    """
    repo.git.worktree("prune")
    for path, checked_out in worktrees(repo):
        if checked_out == f"refs/heads/{branch}":
            if path.parent.name.startswith(WORKTREE_PREFIX):
                remove_worktree(repo, path)
            else:
                raise DirtyTreeError(f"branch {branch} is checked out in another worktree", path=str(path))
    if base is None:
        repo.git.worktree("add", "--quiet", str(folder), branch)
    else:
        repo.git.worktree("add", "--quiet", "-b", branch, str(folder), base)


def worktrees(repo) -> list[tuple[Path, str]]:  # type: ignore[no-untyped-def]
    """(path, checked-out ref) of every worktree git knows of."""
    found: list[tuple[Path, str]] = []
    path: Path | None = None
    for line in repo.git.worktree("list", "--porcelain").splitlines():
        if line.startswith("worktree "):
            path = Path(line.split(" ", 1)[1])
        elif line.startswith("branch ") and path is not None:
            found.append((path, line.split(" ", 1)[1]))
    return found


def remove_worktree(repo, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """Remove a worktree made by ``add_worktree`` (its files and git's record of it)."""
    import git

    try:
        repo.git.worktree("remove", "--force", str(folder))
    except git.GitCommandError:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        repo.git.worktree("prune")


def commit_paths(worktree: Path, paths: list[str], message: str) -> str:
    """Stage exactly ``paths`` in the worktree and commit them; returns the new commit id."""
    import git

    repo = git.Repo(worktree)
    # paths and message through stdin: a large migration outgrows a command line
    with _stdin("\0".join(paths)) as listed:
        repo.git.add("--pathspec-from-file=-", "--pathspec-file-nul", istream=listed)
    try:
        with _stdin(message) as text:
            repo.git.commit("--quiet", "--no-verify", "-F", "-", istream=text)
    except git.GitCommandError as exc:
        detail = (exc.stderr or "").strip().splitlines()
        hint = (
            "set git config user.name and user.email"
            if any("identity" in line or "user.email" in line for line in detail)
            else None
        )
        raise DirtyTreeError(
            f"git commit failed: {detail[-1] if detail else exc}", path=str(worktree), hint=hint
        ) from None
    return str(repo.head.commit.hexsha)


def reset_last_commit(worktree: Path) -> None:
    """Drop the worktree's last commit and restore a clean tree (a failed verification)."""
    import git

    repo = git.Repo(worktree)
    repo.git.reset("--hard", "--quiet", "HEAD~1")
    repo.git.clean("-fdq")


def restore_clean(worktree: Path) -> None:
    """Throw away uncommitted changes in the worktree."""
    import git

    repo = git.Repo(worktree)
    repo.git.reset("--hard", "--quiet", "HEAD")
    repo.git.clean("-fdq")


def delete_branch(repo, branch: str) -> None:  # type: ignore[no-untyped-def]
    """Delete a branch (one the tool made and left without commits)."""
    repo.git.branch("-D", branch)


def commits_since(repo, base: str, tip: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(sha, full message) of the commits in ``base..tip``, oldest first."""
    return [(c.hexsha, str(c.message)) for c in reversed(list(repo.iter_commits(f"{base}..{tip}")))]


def merge_base(repo, first: str, second: str) -> str:  # type: ignore[no-untyped-def]
    """The best common ancestor of two commits."""
    return str(repo.git.merge_base(first, second))


def write_note(repo, commit: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Attach ``text`` to ``commit`` under the tool's own notes ref (replacing an older note).

    The text goes through stdin (``-F -``): the note of a large migration holds its whole plan,
    far beyond what a command line can carry.
    """
    with _stdin(text) as stream:
        repo.git.notes("--ref", NOTES_REF, "add", "-f", "-F", "-", commit, istream=stream)


@contextmanager
def _stdin(text: str) -> Iterator[IO[bytes]]:
    """An anonymous temporary file holding ``text``, to pass to git as its standard input."""
    with tempfile.TemporaryFile() as stream:  # no name on disk, gone when closed
        stream.write(text.encode("utf-8", "surrogateescape"))
        stream.seek(0)
        yield stream


def read_note(repo, commit: str) -> str | None:  # type: ignore[no-untyped-def]
    """The tool's note on ``commit``, or None."""
    import git

    try:
        return str(repo.git.notes("--ref", NOTES_REF, "show", commit))
    except git.GitCommandError:
        return None


def checkout(repo, branch: str) -> None:  # type: ignore[no-untyped-def]
    """Switch the user's checkout to ``branch`` (``run --stay``)."""
    repo.git.checkout("--quiet", branch)


def untracked_files(repo, paths: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """The given paths that git does not track at HEAD."""
    tracked = set(repo.git.ls_files("--", *paths).splitlines()) if paths else set()
    return [path for path in paths if path not in tracked]
