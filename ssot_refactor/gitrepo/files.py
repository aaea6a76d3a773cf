"""Effects (read-only): list and grep the repository's files with plain git processes, never gitpython."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from ssot_refactor.errors import SourceError

_SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "build",
        "dist",
        ".eggs",
    }
)


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


class Listing(NamedTuple):
    """The files ``list_files`` found, sorted, and which of them are symbolic links."""

    paths: list[str]
    links: frozenset[str]


def tracked_files(root: Path) -> list[str]:
    """Repository paths git knows of: tracked plus untracked-but-not-ignored, POSIX, sorted."""
    return list_files(root).paths


def list_files(root: Path) -> Listing:
    """Repository paths git knows of (tracked plus untracked-but-not-ignored, POSIX, sorted), and
    the symbolic links among them.

    Links are listed whatever they point to (a file, a folder, nothing), so the scan can report
    them; they are never followed. A tracked file deleted from the work tree is left out. Outside
    a git work tree every file and link below ``root`` is listed instead, skipping VCS,
    virtualenv and cache folders. One ``lstat`` per path, on plain strings: a ``Path`` per file
    costs more than the system call in a large repository.
    """
    if not root.is_dir():
        raise SourceError("not a directory", path=str(root))
    try:
        out = subprocess.run(
            [
                "git",
                "-c",
                "core.quotepath=off",
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
            cwd=root,
            capture_output=True,
            check=False,
        )
    except OSError:
        return _walk(root)
    if out.returncode != 0:
        return _walk(root)
    names = {name for name in out.stdout.decode("utf-8", "surrogateescape").split("\0") if name}
    base = os.fspath(root)
    paths, links = [], set()
    for name in names:
        try:
            mode = os.lstat(os.path.join(base, name)).st_mode
        except OSError:
            continue  # listed by git but deleted from the work tree
        if stat.S_ISLNK(mode):
            links.add(name)
        elif not stat.S_ISREG(mode):
            continue  # a submodule's folder
        paths.append(name)
    return Listing(sorted(paths), frozenset(links))


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
        "git",
        "-c",
        "core.quotepath=off",
        "-c",
        "grep.fullName=false",
        "-c",
        "grep.fallbackToNoIndex=false",
        "grep",
        "--untracked",
        "--fixed-strings",
        "--files-with-matches",
        "-z",
        "--text",
        "--no-textconv",
        "--no-color",
        "--no-recurse-submodules",
        "-f",
        "-",
    ]
    try:
        out = subprocess.run(
            command,
            cwd=root,
            input=b"\n".join(patterns) + b"\n",
            capture_output=True,
            check=False,
            env={**os.environ, "LC_ALL": "C"},
        )
    except OSError:
        return None
    if out.returncode not in (0, 1) or out.stderr:
        return None
    return {name for name in out.stdout.decode("utf-8", "surrogateescape").split("\0") if name}


def untracked_paths(root: Path) -> list[str]:
    """The files below ``root`` that git does not track and does not ignore (relative to ``root``);
    none outside a git work tree."""
    return sorted(_git_names(root, "ls-files", "--others", "--exclude-standard") or [])


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


def _walk(root: Path) -> Listing:
    found: list[str] = []
    links: set[str] = set()
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS and not d.endswith(".egg-info")]
        rel = Path(folder).relative_to(root).as_posix()
        prefix = "" if rel == "." else rel + "/"
        for name in files:
            found.append(prefix + name)
            if os.path.islink(os.path.join(folder, name)):
                links.add(prefix + name)
        for name in dirs:
            if os.path.islink(os.path.join(folder, name)):
                found.append(prefix + name)
                links.add(prefix + name)
    return Listing(sorted(found), frozenset(links))


def init_repository(
    path: Path, message: str, name: str = "ssot-refactor", email: str = "ssot-refactor@localhost"
) -> str:
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
