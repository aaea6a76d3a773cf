"""Render stage for pull requests: the title, Markdown body and JSON of a draft (pure).

A ``PullRequestDraft`` is plain data read back from the migration branch by ``ssot_refactor.pr``;
everything here is a function of it, so the body is tested on values and against a golden file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

PR_SCHEMA = "ssot-refactor/pr/1"


@dataclass(frozen=True, slots=True)
class CommitRow:
    """One migration commit as git has it."""

    sha: str
    title: str
    files: int
    added: int
    removed: int


@dataclass(frozen=True, slots=True)
class NameCount:
    """One legacy name's importing files and references at the base and at the branch tip."""

    legacy: str  #: ``module:Name``
    canonical: str
    importers: tuple[int, int]  #: (before, after)
    references: tuple[int, int]  #: (before, after)


@dataclass(frozen=True, slots=True)
class VerifyRow:
    """The user's verification command after one commit, as ``run --verify`` recorded it."""

    title: str
    command: str
    passed: bool
    seconds: float


@dataclass(frozen=True, slots=True)
class PullRequestDraft:
    """Everything one pull request shows: the data behind its title, body and JSON."""

    migration: str
    branch: str
    base: str  #: the commit the migration started from
    base_branch: str | None  #: the branch it was based on, when ``run`` recorded it
    commits: tuple[CommitRow, ...]
    mapping: tuple[tuple[str, str, bool], ...]  #: (legacy ``module:Name``, canonical, becomes a redirect)
    counts: tuple[NameCount, ...]
    verification: tuple[VerifyRow, ...]
    verified: bool  #: ``run`` was given a verification command
    skipped_commits: tuple[tuple[str, str], ...]  #: (title, reason) left out by ``run --keep-going``
    skipped: tuple[str, ...]  #: files the plan skipped, one line each
    warnings: tuple[str, ...]  #: spots the codemods left unchanged, one line each
    package: str = ""  #: the top-level package of a split pull request
    depends_on: tuple[str, ...] = ()  #: split pull requests to merge first (``#12`` or branch names)


def render_pr_json(drafts: Sequence[PullRequestDraft]) -> str:
    """``pr --format json``: every pull request's data, title and body."""
    return json.dumps({"schema": PR_SCHEMA, "pull_requests": [pr_data(d) for d in drafts]}, indent=2) + "\n"


def render_pr_markdown(drafts: Sequence[PullRequestDraft]) -> str:
    """``pr``: each pull request's title as a heading, then its body; a rule between pull requests."""
    return "\n\n---\n\n".join(f"# {pr_title(d)}\n\n{render_markdown(d)}" for d in drafts)


def pr_title(draft: PullRequestDraft) -> str:
    """The pull request's title."""
    if draft.package:
        return f"refactor(ssot): {draft.migration}: point importers in {draft.package} at the canonical names"
    if draft.depends_on:
        return f"refactor(ssot): {draft.migration}: redirects and remaining commits"
    return f"refactor(ssot): {draft.migration}: consolidate {len(draft.mapping)} legacy name(s) onto the canonical names"


def rollback_command(draft: PullRequestDraft) -> str:
    """``git revert`` of the pull request's commits, newest first, with the real ids."""
    return f"git revert --no-edit {draft.commits[0].sha}^..{draft.commits[-1].sha}"


def pr_data(draft: PullRequestDraft) -> dict[str, Any]:
    """The draft as plain data (``pr --format json``)."""
    return {
        "branch": draft.branch,
        "title": pr_title(draft),
        "body": render_markdown(draft),
        "migration": draft.migration,
        "base": draft.base,
        "base_branch": draft.base_branch,
        "package": draft.package or None,
        "depends_on": list(draft.depends_on),
        "mapping": [
            {"legacy": legacy, "canonical": canonical, "redirect": redirect}
            for legacy, canonical, redirect in draft.mapping
        ],
        "commits": [
            {"sha": c.sha, "title": c.title, "files": c.files, "added": c.added, "removed": c.removed}
            for c in draft.commits
        ],
        "references": [
            {
                "legacy": n.legacy,
                "canonical": n.canonical,
                "importers_before": n.importers[0],
                "importers_after": n.importers[1],
                "references_before": n.references[0],
                "references_after": n.references[1],
            }
            for n in draft.counts
        ],
        "verification": [
            {"title": v.title, "command": v.command, "passed": v.passed, "seconds": v.seconds}
            for v in draft.verification
        ],
        "skipped_commits": [{"title": t, "reason": r} for t, r in draft.skipped_commits],
        "skipped": list(draft.skipped),
        "warnings": list(draft.warnings),
        "rollback": rollback_command(draft),
    }


def render_markdown(draft: PullRequestDraft) -> str:
    """The pull request's body: GitHub-flavoured Markdown, tables and a checklist."""
    lines = [_summary(draft), ""]
    if draft.depends_on:
        lines += [
            "> [!IMPORTANT]",
            "> Merge these first (this branch also carries their commits, which then merge as no-ops):",
        ]
        lines += [f"> - {ref}" for ref in draft.depends_on] + [""]
    lines += [
        "## Mapping",
        "",
        "| legacy name | canonical name | legacy module becomes a redirect |",
        "|---|---|---|",
    ]
    lines += [
        f"| `{legacy}` | `{canonical}` | {'yes' if redirect else 'no'} |"
        for legacy, canonical, redirect in draft.mapping
    ]
    lines += ["", "## Commits", "", "| # | commit | title | files | + | − |", "|---:|---|---|---:|---:|---:|"]
    lines += [
        f"| {n} | `{c.sha[:10]}` | {_cell(c.title)} | {c.files} | {c.added} | {c.removed} |"
        for n, c in enumerate(draft.commits, 1)
    ]
    lines += [
        "",
        "## Legacy references before and after",
        "",
        f"Audited at the base `{draft.base[:10]}` and at the tip of `{draft.branch}`.",
        "",
        "| legacy name | importing files | references |",
        "|---|---:|---:|",
    ]
    lines += [
        f"| `{n.legacy}` | {n.importers[0]} → {n.importers[1]} | {n.references[0]} → {n.references[1]} |"
        for n in draft.counts
    ]
    lines += ["", "## Verification", ""] + _verification(draft)
    lines += ["", "## Skipped files and warnings", ""] + _notes(draft)
    lines += ["", "## Reviewer checklist", ""] + _checklist(draft)
    lines += [
        "",
        "## Rollback",
        "",
        "After merging (with a merge commit or a rebase), revert these commits:",
        "",
        "```sh",
        rollback_command(draft),
        "```",
        "",
        f"Before merging, close the pull request and delete the branch `{draft.branch}`.",
        "",
        f"<sub>Generated by ssot-refactor for the migration `{draft.migration}`.</sub>",
    ]
    return "\n".join(lines) + "\n"


def _summary(draft: PullRequestDraft) -> str:
    importers = [sum(n.importers[i] for n in draft.counts) for i in (0, 1)]
    references = [sum(n.references[i] for n in draft.counts) for i in (0, 1)]
    counts = f"importing files {importers[0]} → {importers[1]}, references {references[0]} → {references[1]}"
    commits = f"{len(draft.commits)} commit(s) on top of `{draft.base[:10]}`"
    if draft.package:
        return (
            f"Points the importers in `{draft.package}` of {len(draft.mapping)} legacy name(s) at their canonical "
            f"names in {commits}; across the repository: {counts}."
        )
    if draft.depends_on:
        return (
            f"Finishes the migration `{draft.migration}` with the {len(draft.commits)} commit(s) left after the "
            f"per-package pull requests, on top of `{draft.base[:10]}`; with them: {counts}."
        )
    return f"Points the importers of {len(draft.mapping)} legacy name(s) at their canonical names in {commits}: {counts}."


def _verification(draft: PullRequestDraft) -> list[str]:
    if not draft.verified:
        return ["Not run: the branch was made without `ssot-refactor run --verify`."]
    lines = ["| commit | command | result | duration |", "|---|---|---|---:|"]
    lines += [
        f"| {_cell(v.title)} | `{_cell(v.command)}` | {'✅ passed' if v.passed else '❌ failed'} | {v.seconds:.1f} s |"
        for v in draft.verification
    ]
    lines += [
        f"| {_cell(title)} | | ⏭️ skipped (verification failed; not on this branch) | |"
        for title, _ in draft.skipped_commits
    ]
    return lines


def _notes(draft: PullRequestDraft) -> list[str]:
    if not (draft.skipped or draft.warnings):
        return ["None: every candidate file was parsed and rewritten where needed."]
    lines = [f"- skipped `{_cell(line)}`" for line in draft.skipped]
    return lines + [f"- left unchanged: `{_cell(line)}`" for line in draft.warnings]


def _checklist(draft: PullRequestDraft) -> list[str]:
    lines = [
        "- [ ] The mapping above names the intended canonical implementation for every legacy name",
        "- [ ] Each commit is reviewable on its own (ssot-refactor checked that every import still resolves)",
    ]
    if any(n.references[1] or n.importers[1] for n in draft.counts):
        lines.append("- [ ] The legacy references left after this pull request are expected (see the table)")
    if draft.skipped or draft.warnings:
        lines.append("- [ ] The skipped files and the spots left unchanged were looked at by hand")
    lines.append(
        "- [ ] Verification passed for every commit"
        if draft.verified
        else "- [ ] The test suite passes on this branch (it was not run per commit)"
    )
    lines.append("- [ ] `ssot-refactor check` is clean once every pull request of the migration is merged")
    return lines


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")
