"""Render stage: a plan as a colored diff, a summary table and JSON, blocked sites first (pure)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ssot_refactor.model import FileEdit, Finding, FindingCode, Plan, Remaining
from ssot_refactor.render.diffs import diff_lines
from ssot_refactor.render.skipped import internal_error_notice, skipped_report

PLAN_SCHEMA = "ssot-refactor/plan/1"


def edit_diff(edit: FileEdit) -> list[str]:
    """Unified diff lines of one edit, git-style paths (made once: ``diffs``)."""
    return list(diff_lines(edit))


def edit_stat(edit: FileEdit) -> tuple[int, int]:
    """(lines added, lines removed) of one edit."""
    lines = edit_diff(edit)[2:]
    added = sum(1 for line in lines if line.startswith("+"))
    removed = sum(1 for line in lines if line.startswith("-"))
    return added, removed


def plan_data(plan: Plan) -> dict[str, Any]:
    """The plan as plain data (the documented ``diff --format json`` schema)."""
    return {
        "schema": PLAN_SCHEMA,
        "pending": not plan.is_empty,
        "commits": [
            {
                "title": commit.title,
                "body": commit.body,
                "files": [
                    {
                        "path": str(edit.path),
                        "added": edit_stat(edit)[0],
                        "removed": edit_stat(edit)[1],
                        "diff": "\n".join(edit_diff(edit)) + "\n",
                        "notes": [_finding_data(note) for note in edit.notes],
                    }
                    for edit in commit.edits
                ],
            }
            for commit in plan.commits
        ],
        "blocked": [
            {
                "what": b.what,
                "reason": b.reason,
                "unblock": b.unblock,
                "sites": [_finding_data(s) for s in b.sites],
            }
            for b in plan.blocked
        ],
        "skipped": [
            {"path": s.path, "line": s.line, "reason": s.reason.value, "detail": s.detail}
            for s in plan.skipped
        ],
        "warnings": [_finding_data(w) for w in plan.warnings],
    }


def _finding_data(finding: Finding) -> dict[str, Any]:
    return {
        "path": finding.path,
        "line": finding.line,
        "message": finding.message,
        "code": finding.code.value or None,
    }


def render_plan_json(plan: Plan, remaining: Sequence[Remaining] = ()) -> str:
    """``diff --format json``: the plan, and the legacy references that outlive it."""
    data = plan_data(plan)
    data["remaining"] = [{**_finding_data(left.reference), "why": left.why} for left in remaining]
    return json.dumps(data, indent=2) + "\n"


def render_blocked(plan: Plan) -> list[RenderableType]:
    """What the tool refused to rewrite, shown before anything else."""
    parts: list[RenderableType] = []
    for blocked in plan.blocked:
        parts.append(Text(f"BLOCKED {blocked.what}: {blocked.reason}", style="bold yellow"))
        parts.extend(Text(f"    {site}", style="yellow") for site in blocked.sites)
        parts.append(Text(f"    to unblock: {blocked.unblock}", style="yellow"))
    return parts


def render_diff(plan: Plan, remaining: Sequence[Remaining] = ()) -> RenderableType:
    """Blocked sites first, then a colored unified diff under each planned commit, then the summary."""
    parts = render_blocked(plan)
    total = len(plan.commits)
    for number, commit in enumerate(plan.commits, 1):
        parts.append(Rule(f"commit {number}/{total}: {commit.title}", style="bold magenta", align="left"))
        for edit in commit.edits:
            parts.append(_colored(edit_diff(edit)))
    parts.append(render_summary(plan, remaining=remaining))
    return Group(*parts)


def _colored(lines: list[str]) -> Text:
    text = Text()
    for line in lines:
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("@@"):
            style = "cyan"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        else:
            style = ""
        text.append(line + "\n", style=style)
    return text


def render_summary(plan: Plan, per_file: bool = False, remaining: Sequence[Remaining] = ()) -> RenderableType:
    """The summary table (commits, files, lines), then warnings, skipped files and remaining references."""
    parts: list[RenderableType] = [_commit_table(plan, per_file)]
    if plan.is_empty and plan.internal_errors:
        parts = [
            Text("Nothing to commit: the files left to migrate were skipped (see below).", style="bold red")
        ]
    elif plan.is_empty and not remaining:
        parts = [Text("Nothing to change: already migrated.", style="bold green")]
    elif plan.is_empty:
        parts = [
            Text("Nothing to change, but the migration is not complete (see below).", style="bold yellow")
        ]
    if plan.blocked:
        parts.append(
            Text(f"{len(plan.blocked)} blocked (see above; nothing was rewritten there)", style="yellow")
        )
    untracked = [warning for warning in plan.warnings if warning.code is FindingCode.UNTRACKED]
    spots = [warning for warning in plan.warnings if warning.code is not FindingCode.UNTRACKED]
    if spots:
        parts.append(Text(f"Warnings ({len(spots)}): spots left unchanged", style="bold yellow"))
        parts.extend(Text(f"  {warning}", style="yellow") for warning in spots)
    if untracked:
        parts.append(Text(f"Untracked ({len(untracked)}): files git does not track", style="bold yellow"))
        parts.extend(Text(f"  {warning}", style="yellow") for warning in untracked)
    header, *lines = skipped_report(plan) or [""]
    if lines:
        parts.append(Text(header, style="bold yellow"))
        parts.extend(Text(line, style="yellow") for line in lines)
    notice = internal_error_notice(plan)
    if notice is not None:
        parts.append(Text(notice, style="bold red"))
    parts.extend(render_remaining(remaining))
    return Group(*parts)


def _commit_table(plan: Plan, per_file: bool) -> Table:
    """One row per planned commit (files, lines added and removed), with a row per file when ``per_file``."""
    table = Table(title="Planned commits", title_justify="left", title_style="bold")
    table.add_column("#", justify="right")
    table.add_column("commit", overflow="fold")
    table.add_column("files", justify="right")
    table.add_column("+", justify="right", style="green")
    table.add_column("-", justify="right", style="red")
    for number, commit in enumerate(plan.commits, 1):
        stats = [edit_stat(edit) for edit in commit.edits]
        table.add_row(
            str(number),
            commit.title,
            str(len(commit.edits)),
            str(sum(a for a, _ in stats)),
            str(sum(r for _, r in stats)),
        )
        if per_file:
            for edit, (added, removed) in zip(commit.edits, stats):
                table.add_row("", f"  {edit.path}", "", str(added), str(removed))
    return table


def render_remaining(remaining: Sequence[Remaining]) -> list[RenderableType]:
    """The legacy references ``check`` will still report after the plan, each with why it stays."""
    if not remaining:
        return []
    parts: list[RenderableType] = [
        Text(
            f"Legacy references left after the plan ({len(remaining)}); `check` reports them:",
            style="bold yellow",
        )
    ]
    for left in remaining:
        parts.append(Text(f"  {left.reference}", style="yellow"))
        parts.append(Text(f"      {left.why}", style="yellow"))
    return parts


def render_stat(plan: Plan, remaining: Sequence[Remaining] = ()) -> RenderableType:
    """``diff --stat``: blocked sites, then the summary with one row per file."""
    return Group(*render_blocked(plan), render_summary(plan, per_file=True, remaining=remaining))
