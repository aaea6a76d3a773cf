"""Effects: the few git operations the tool needs.

``tracked_files``, ``grep_files`` and ``grep_blind_spots`` are read-only and run plain git
processes (not gitpython), so the scan, the audit and the ``check`` path never import gitpython;
everything that writes goes through gitpython, imported where it is used.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ssot_refactor.errors import DirtyTreeError, SourceError

_SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "node_modules", "__pycache__",
                        ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist", ".eggs"})


def repository_root(path: Path) -> Path | None:
    """The top of the git work tree containing ``path``, or None outside git."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=path, capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    if out.returncode != 0:
        return None
    return Path(out.stdout.strip())


def tracked_files(root: Path) -> list[str]:
    """Repository paths git knows of: tracked plus untracked-but-not-ignored, POSIX, sorted.

    Symbolic links are listed whatever they point to (a file, a folder, nothing), so the scan
    can report them; they are never followed. Outside a git work tree every file and link
    below ``root`` is listed instead, skipping VCS, virtualenv and cache folders.
    """
    if not root.is_dir():
        raise SourceError("not a directory", path=str(root))
    try:
        out = subprocess.run(
            ["git", "-c", "core.quotepath=off", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root, capture_output=True, check=False,
        )
    except OSError:
        return _walk(root)
    if out.returncode != 0:
        return _walk(root)
    names = {name for name in out.stdout.decode("utf-8", "surrogateescape").split("\0") if name}
    return sorted(name for name in names if (root / name).is_file() or (root / name).is_symlink())


_UNSAFE_NEEDLE_BYTES = (b"\n", b"\r", b"\0", b"\\")


def grep_files(root: Path, needles: Iterable[bytes]) -> set[str] | None:
    """Paths below ``root`` whose work-tree bytes contain any needle, by one ``git grep``.

    It searches what ``tracked_files`` lists, as bytes: fixed strings, binary files as text, no
    textconv, the C locale (no UTF-8 pattern semantics), paths relative to ``root``. None when
    git cannot answer exactly: outside a work tree, git missing or failing, anything written to
    stderr, or a needle that is empty or holds a newline, carriage return, NUL or backslash
    (the pattern file is line-based; git may quote a fixed string as ``\\Q...\\E``). Files git
    grep does not read from the work tree are listed by ``grep_blind_spots``.
    """
    patterns = sorted(set(needles), key=len)
    if any(not p or any(b in p for b in _UNSAFE_NEEDLE_BYTES) for p in patterns):
        return None
    # git grep scans a file once per pattern; one containing a shorter one adds no file.
    patterns = [p for i, p in enumerate(patterns) if not any(q in p for q in patterns[:i])]
    if not patterns:
        return set()
    # Patterns come on stdin (-f -): a needle starting with "-" is never taken for an option.
    command = [
        "git", "-c", "core.quotepath=off", "-c", "grep.fullName=false", "-c", "grep.fallbackToNoIndex=false",
        "grep", "--untracked", "--fixed-strings", "--files-with-matches", "-z", "--text", "--no-textconv",
        "--no-color", "--no-recurse-submodules", "-f", "-",
    ]
    try:
        out = subprocess.run(
            command, cwd=root, input=b"\n".join(patterns) + b"\n", capture_output=True, check=False,
            env={**os.environ, "LC_ALL": "C"},
        )
    except OSError:
        return None
    if out.returncode not in (0, 1) or out.stderr:
        return None
    return {name for name in out.stdout.decode("utf-8", "surrogateescape").split("\0") if name}


def grep_blind_spots(root: Path) -> set[str] | None:
    """Paths below ``root`` whose work-tree bytes ``git grep`` does not search; None outside git.

    git grep skips symlinks (tracked, untracked, or a tracked file turned into one) and index
    entries that are not regular files, and reads the index copy, not the work tree, of
    assume-unchanged and skip-worktree entries.
    """
    listing = _git_names(root, "ls-files", "-s", "-v", "--cached", "--others", "--exclude-standard")
    retyped = _git_names(root, "diff-files", "--relative", "--name-only", "--diff-filter=T")
    if listing is None or retyped is None:
        return None
    blind = set(retyped)
    for entry in listing:
        tag, _, rest = entry.partition(" ")
        if tag == "?":
            if (root / rest).is_symlink():
                blind.add(rest)
            continue
        mode, _, path = rest.partition("\t")  # "100644 <object id> <stage>\t<path>"
        if tag.islower() or tag == "S" or not mode.startswith("100"):
            blind.add(path)
    return blind


def _git_names(root: Path, *args: str) -> list[str] | None:
    """The NUL-separated output of a read-only git command run in ``root``, or None on failure."""
    try:
        command = ["git", "-c", "core.quotepath=off", *args, "-z"]
        out = subprocess.run(command, cwd=root, capture_output=True, check=False)
    except OSError:
        return None
    if out.returncode != 0:
        return None
    return [name for name in out.stdout.decode("utf-8", "surrogateescape").split("\0") if name]


def _walk(root: Path) -> list[str]:
    found: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS and not d.endswith(".egg-info")]
        rel = Path(folder).relative_to(root).as_posix()
        prefix = "" if rel == "." else rel + "/"
        found.extend(prefix + name for name in files)
        found.extend(prefix + name for name in dirs if os.path.islink(os.path.join(folder, name)))
    return sorted(found)


def init_repository(path: Path, message: str, name: str = "ssot-refactor", email: str = "ssot-refactor@localhost") -> str:
    """Make ``path`` a git repository on ``main`` with one commit of everything in it.

    The identity is written to the repository's own config: a fresh machine has no global one.
    Returns the commit id.
    """
    import git

    repo = git.Repo.init(path, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", name)
        config.set_value("user", "email", email)
        config.set_value("commit", "gpgsign", "false")
    repo.git.add("--all")
    repo.git.commit("--quiet", "--no-verify", "-m", message)
    return repo.head.commit.hexsha


# --------------------------------------------------------------------------- writes (gitpython)

NOTES_REF = "refs/notes/ssot-refactor"
_IN_PROGRESS = ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "rebase-merge", "rebase-apply", "BISECT_LOG")


def open_repository(path: Path):  # type: ignore[no-untyped-def]
    """The gitpython Repo at ``path``; a clear error outside a git work tree."""
    import git

    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise DirtyTreeError("not a git repository (run needs git history to commit on)", path=str(path)) from None


def ensure_clean(repo) -> None:  # type: ignore[no-untyped-def]
    """Refuse uncommitted changes to tracked files and any merge, rebase, cherry-pick or bisect in progress."""
    git_dir = Path(repo.git_dir)
    for marker in _IN_PROGRESS:
        if (git_dir / marker).exists():
            operation = marker.split("_")[0].split("-")[0].lower()
            raise DirtyTreeError(f"a {operation} is in progress; finish or abort it first", path=str(repo.working_tree_dir))
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
    for path, checked_out in _worktrees(repo):
        if checked_out == f"refs/heads/{branch}":
            if path.parent.name.startswith(WORKTREE_PREFIX):
                remove_worktree(repo, path)
            else:
                raise DirtyTreeError(f"branch {branch} is checked out in another worktree", path=str(path))
    if base is None:
        repo.git.worktree("add", "--quiet", str(folder), branch)
    else:
        repo.git.worktree("add", "--quiet", "-b", branch, str(folder), base)


def _worktrees(repo) -> list[tuple[Path, str]]:  # type: ignore[no-untyped-def]
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
        hint = "set git config user.name and user.email" if any("identity" in line or "user.email" in line for line in detail) else None
        raise DirtyTreeError(f"git commit failed: {detail[-1] if detail else exc}", path=str(worktree), hint=hint) from None
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


# --------------------------------------------------------------------------- pull requests (gitpython)

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
            raise SourceError(f"commit {sha[:10]} does not apply on its own to the base", path=str(worktree),
                              hint="its files are also edited by commits of another package") from None
    return str(repo.head.commit.hexsha)


def tree_of(repo, revision: str) -> str:  # type: ignore[no-untyped-def]
    """The tree id of a commit."""
    return str(repo.git.rev_parse(f"{revision}^{{tree}}"))


def set_branch(repo, branch: str, commit: str) -> None:  # type: ignore[no-untyped-def]
    """Create ``branch`` at ``commit``, or move it there; refuses a branch checked out in a worktree."""
    for path, checked_out in _worktrees(repo):
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
        repo.git.push("--porcelain", "--set-upstream", remote, f"refs/heads/{branch}:refs/heads/{branch}",
                      env={"GIT_TERMINAL_PROMPT": "0"})
    except git.GitCommandError as exc:
        raise PrError(f"push of {branch} to {remote} failed: {_push_failure(exc)}",
                      hint="nothing local changed") from None


def _push_failure(exc) -> str:  # type: ignore[no-untyped-def]
    # gitpython wraps each stream as "\n  stdout: '<text>'"
    text = "\n".join(re.sub(r"^\s*std(?:out|err): '(.*)'\s*$", r"\1", str(part or ""), flags=re.DOTALL)
                     for part in (exc.stdout, exc.stderr))
    lines = [redact_url(line.strip()) for line in text.splitlines()]
    for line in lines:
        found = re.search(r"\[(?:remote )?rejected\].*?\((.+)\)\s*$", line) or re.search(r"^!\s.*\((.+)\)\s*$", line)
        if found:
            return f"rejected ({found.group(1)})"
    errors = [line.split(":", 1)[1].strip() for line in lines if line.startswith(("fatal:", "error:"))]
    return errors[0] if errors else f"git exited with status {exc.status}"


@contextmanager
def temporary_checkout(path: Path, revision: str) -> Iterator[Path]:
    """A detached worktree of ``revision`` in a temporary folder, removed afterwards."""
    import shutil
    import tempfile

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
