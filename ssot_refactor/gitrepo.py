"""Effects: the few git operations the tool needs.

``tracked_files`` is read-only and runs one ``git ls-files`` process (not gitpython), so the
scan, the audit and the ``check`` path never import gitpython; everything that writes goes
through gitpython, imported where it is used.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ssot_refactor.errors import SourceError

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

    Outside a git work tree every file below ``root`` is listed instead, skipping VCS,
    virtualenv and cache folders.
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
    return sorted(name for name in names if (root / name).is_file())


def _walk(root: Path) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS and not d.endswith(".egg-info")]
        rel = Path(folder).relative_to(root).as_posix()
        prefix = "" if rel == "." else rel + "/"
        found.extend(prefix + name for name in files)
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
