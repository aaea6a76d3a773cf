"""Effects: the few git operations the tool needs (the one home of git in the tool).

``tracked_files``, ``grep_files`` and ``grep_blind_spots`` are read-only and run plain git
processes (not gitpython), so the scan, the audit and the ``check`` path never import gitpython;
everything that writes goes through gitpython, imported where it is used.
"""

from __future__ import annotations

from ssot_refactor.gitrepo.branches import (
    NOTES_REF,
    WORKTREE_PREFIX,
    add_worktree,
    branch_exists,
    checkout,
    commit_of,
    commit_paths,
    commits_since,
    current_branch,
    delete_branch,
    ensure_clean,
    head_commit,
    merge_base,
    open_repository,
    read_note,
    remove_worktree,
    reset_last_commit,
    restore_clean,
    untracked_files,
    worktrees,
    write_note,
)
from ssot_refactor.gitrepo.files import (
    grep_blind_spots,
    grep_files,
    init_repository,
    repository_root,
    tracked_files,
)
from ssot_refactor.gitrepo.remotes import (
    add_detached_worktree,
    cherry_pick,
    commit_stats,
    push_branch,
    redact_url,
    remote_default_branch,
    remote_url,
    set_branch,
    status_lines,
    temporary_checkout,
    tree_of,
)

__all__ = [
    "NOTES_REF",
    "WORKTREE_PREFIX",
    "add_detached_worktree",
    "add_worktree",
    "branch_exists",
    "checkout",
    "cherry_pick",
    "commit_of",
    "commit_paths",
    "commit_stats",
    "commits_since",
    "current_branch",
    "delete_branch",
    "ensure_clean",
    "grep_blind_spots",
    "grep_files",
    "head_commit",
    "init_repository",
    "merge_base",
    "open_repository",
    "push_branch",
    "read_note",
    "redact_url",
    "remote_default_branch",
    "remote_url",
    "remove_worktree",
    "repository_root",
    "reset_last_commit",
    "restore_clean",
    "set_branch",
    "status_lines",
    "temporary_checkout",
    "tracked_files",
    "tree_of",
    "untracked_files",
    "worktrees",
    "write_note",
]
