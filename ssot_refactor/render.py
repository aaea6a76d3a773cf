"""Render stage: turn audits and plans into text, rich tables, markdown and JSON (pure)."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ssot_refactor.audit import AuditReport, Importer, ModuleReport
from ssot_refactor.index import decode_source
from ssot_refactor.model import FileEdit, Finding, LegacyKind, Plan, Remaining, Skipped

AUDIT_SCHEMA = "ssot-refactor/audit/1"

KIND_LABELS = {
    LegacyKind.DUPLICATE: "full duplicate implementation",
    LegacyKind.BRIDGE: "delegating bridge",
    LegacyKind.REDIRECT: "pure redirect",
    LegacyKind.EXTERNAL: "external (not in the repository)",
}


def skipped_line(skipped: Skipped) -> str:
    """``path:line: reason (detail)`` for one skipped file."""
    where = f"{skipped.path}:{skipped.line}" if skipped.line else skipped.path
    detail = f" ({skipped.detail})" if skipped.detail else ""
    return f"{where}: {skipped.reason.value}{detail}; file left unchanged"


def skipped_report(plan: Plan) -> list[str]:
    """A header and one ``path:line: reason (detail)`` line per file the plan skipped."""
    if not plan.skipped:
        return []
    return [f"Skipped files ({len(plan.skipped)}):"] + [f"  {skipped_line(skip)}" for skip in plan.skipped]


def internal_error_notice(plan: Plan) -> str | None:
    """One line naming the files skipped for an internal error (``diff``/``run`` exit 5), or None."""
    failed = plan.internal_errors
    if not failed:
        return None
    paths = ", ".join(skip.path for skip in failed)
    return (f"{len(failed)} file(s) skipped for an internal error and left as they were: {paths} "
            "(a bug in ssot-refactor; please report it with the file)")


# --------------------------------------------------------------------------- JSON


def audit_data(report: AuditReport) -> dict[str, Any]:
    """The audit as plain data (the documented ``--format json`` schema)."""
    return {
        "schema": AUDIT_SCHEMA,
        "migration": report.name,
        "files": {"python": report.python_files, "parsed": report.parsed_files},
        "legacy_modules": [_module_data(module) for module in report.modules],
        "related_tests": list(report.related_tests),
        "skipped": [
            {"path": s.path, "line": s.line, "reason": s.reason.value, "detail": s.detail} for s in report.skipped
        ],
        **_call_data(report),
    }


def _call_data(report: AuditReport) -> dict[str, Any]:
    if report.calls is None:
        return {"calls": [], "instance_gaps": []}
    from ssot_refactor.callsites import call_report_data

    return dict(call_report_data(report.calls))


def _module_data(module: ModuleReport) -> dict[str, Any]:
    return {
        "module": module.module,
        "path": module.path,
        "status": module.kind.value,
        "redirect": module.redirect,
        "warn": module.warn,
        "importing_files": list(module.files),
        "defines": list(module.defines),
        "reexports": {name: str(origin) for name, origin in module.reexports},
        "names": [
            {
                "name": name.name,
                "canonical": str(name.canonical) if name.canonical else None,
                "origin": str(name.origin) if name.origin else None,
                "importers": len(name.files),
                "references": name.references,
                "sites": [_importer_data(importer) for importer in name.importers],
            }
            for name in module.names
        ],
        "module_importers": [_importer_data(importer) for importer in module.module_importers],
        "star_importers": [_importer_data(importer) for importer in module.star_importers],
        "missing_in_canonical": {name: list(methods) for name, methods in module.missing_in_canonical},
    }


def _importer_data(importer: Importer) -> dict[str, Any]:
    return {
        "path": importer.path, "line": importer.line, "local": importer.local, "form": importer.form,
        "references": importer.references, "scope": importer.scope, "guard": importer.guard,
        "via": importer.via or None,
    }


def render_audit_json(report: AuditReport) -> str:
    """``--format json``: stable, sorted, indented."""
    return json.dumps(audit_data(report), indent=2, sort_keys=False) + "\n"


# --------------------------------------------------------------------------- rich text


def render_audit_text(report: AuditReport) -> RenderableType:
    """Rich tables: one per legacy module, then related tests and skipped files."""
    parts: list[RenderableType] = [
        Text.assemble(("Audit ", "bold"), (report.name, "bold cyan"),
                      f": {report.python_files} Python files, {report.parsed_files} parsed"),
    ]
    for module in report.modules:
        parts.append(_module_table(module))
    parts.extend(_call_tables(report))
    if report.related_tests:
        parts.append(Text("Related tests (run these after each step):", style="bold"))
        parts.extend(Text(f"  {path}") for path in report.related_tests)
    if report.skipped:
        parts.append(Text(f"Skipped files ({len(report.skipped)}):", style="bold yellow"))
        parts.extend(Text(f"  {skipped_line(s)}", style="yellow") for s in report.skipped)
    return Group(*parts)


def _call_tables(report: AuditReport) -> list[RenderableType]:
    """Call sites per mapped callable: do they bind to the canonical signature, and in what shapes."""
    if report.calls is None or not report.calls.names:
        return []
    table = Table(title="Call sites", title_justify="left", title_style="bold")
    table.add_column("legacy callable", overflow="fold")
    table.add_column("calls", justify="right")
    table.add_column("binds to canonical?", overflow="fold")
    table.add_column("shapes", overflow="fold")
    for name in report.calls.names:
        verdict = "yes" if name.compatible else "no: " + "; ".join(name.reasons[:2])
        if name.has_rule:
            verdict += " (rewritten by a [[legacy.calls]] rule)"
        shapes = ", ".join(f"{shape.shape} ×{shape.count}" for shape in name.shapes)
        table.add_row(Text(str(name.legacy)), str(name.calls), Text(verdict), Text(shapes))
    parts: list[RenderableType] = [table]
    for gap in report.calls.gaps:
        for member in gap.missing:
            parts.append(Text(
                f"  {gap.legacy.name} instances use .{member.name}, which {gap.canonical} lacks "
                f"({', '.join(member.sites[:3])})", style="yellow",
            ))
    return parts


def _module_table(module: ModuleReport) -> RenderableType:
    title = f"{module.module} — {KIND_LABELS[module.kind]}"
    table = Table(title=title, title_justify="left", title_style="bold", expand=False)
    table.add_column("name", overflow="fold")
    table.add_column("canonical / origin", overflow="fold")
    table.add_column("files", justify="right")
    table.add_column("refs", justify="right")
    table.add_column("importing files", overflow="fold")
    for name in module.names:
        destination = str(name.canonical) if name.canonical else (f"origin {name.origin}" if name.origin else "unmapped")
        table.add_row(name.name, destination, str(len(name.files)), str(name.references), _files_cell(name.files, "\n"))
    notes: list[RenderableType] = [table]
    where = module.path or "not in the repository"
    notes.append(Text(f"  path: {where}; redirect: {_yes(module.redirect)}; warn: {_yes(module.warn)}"))
    if module.defines:
        notes.append(Text("  defines: " + ", ".join(module.defines)))
    if module.reexports:
        notes.append(Text("  re-exports: " + ", ".join(f"{n} (from {o})" for n, o in module.reexports)))
    if module.module_importers:
        notes.append(Text("  imported as a module by: " + _files_cell(i.path for i in module.module_importers)))
    if module.star_importers:
        notes.append(Text("  star-imported by: " + _files_cell(i.path for i in module.star_importers), style="yellow"))
    for class_name, methods in module.missing_in_canonical:
        notes.append(Text(f"  {class_name} defines methods the canonical class lacks: {', '.join(methods)}", style="yellow"))
    return Group(*notes)


def _files_cell(paths: Iterable[str], separator: str = ", ", most: int = 8) -> str:
    unique = list(dict.fromkeys(paths))
    shown = separator.join(unique[:most])
    return shown + (f"{separator}… (+{len(unique) - most} more)" if len(unique) > most else "")


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


# --------------------------------------------------------------------------- markdown


def render_audit_markdown(report: AuditReport) -> str:
    """An issue-ready migration tracker: status, names, importer counts, tests and a checklist."""
    lines = [f"# SSOT migration tracker: `{report.name}`", ""]
    lines.append(
        f"Scanned {report.python_files} Python files; {report.parsed_files} could be affected and were parsed."
    )
    lines.append("")
    lines += ["| legacy module | status | names | importing files | references |", "|---|---|---|---|---|"]
    for module in report.modules:
        refs = sum(name.references for name in module.names)
        lines.append(
            f"| `{module.module}` | {KIND_LABELS[module.kind]} | {len(module.names)} | {len(module.files)} | {refs} |"
        )
    for module in report.modules:
        lines += ["", f"## `{module.module}`", "", f"Status: **{KIND_LABELS[module.kind]}**"]
        lines += ["", "| name | canonical | importing files | references |", "|---|---|---|---|"]
        for name in module.names:
            canonical = f"`{name.canonical}`" if name.canonical else (f"origin `{name.origin}`" if name.origin else "—")
            lines.append(f"| `{name.name}` | {canonical} | {len(name.files)} | {name.references} |")
        for class_name, methods in module.missing_in_canonical:
            lines += ["", f"> `{class_name}` defines methods the canonical class lacks: " + ", ".join(f"`{m}`" for m in methods)]
        lines += ["", "Steps:", "", f"- [ ] rewrite the importers of `{module.module}`"]
        if module.redirect:
            lines.append(f"- [ ] turn `{module.module}` into a redirect" + (" with deprecation warnings" if module.warn else ""))
        lines.append("- [ ] run the related tests")
    lines += _call_markdown(report)
    if report.related_tests:
        lines += ["", "## Related tests", ""] + [f"- `{path}`" for path in report.related_tests]
    if report.skipped:
        lines += ["", "## Skipped files", ""] + [f"- `{skipped_line(s)}`" for s in report.skipped]
    return "\n".join(lines) + "\n"


def _call_markdown(report: AuditReport) -> list[str]:
    if report.calls is None or not report.calls.names:
        return []
    lines = ["", "## Call sites", "", "| legacy callable | calls | binds to canonical? | rule |", "|---|---:|---|---|"]
    for name in report.calls.names:
        verdict = "yes" if name.compatible else "no: " + "; ".join(name.reasons[:2])
        lines.append(f"| `{name.legacy}` | {name.calls} | {verdict} | {'yes' if name.has_rule else 'no'} |")
    for gap in report.calls.gaps:
        for member in gap.missing:
            lines.append(f"\n> `{gap.legacy.name}` instances use `.{member.name}`, which `{gap.canonical}` lacks")
    return lines


# --------------------------------------------------------------------------- plans

PLAN_SCHEMA = "ssot-refactor/plan/1"


def _text(data: bytes) -> list[str]:
    """Display lines of a file's bytes (decoded as Python would; line endings dropped)."""
    try:
        text = decode_source(data)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        text = data.decode("utf-8", "replace")
    return text.splitlines()


def edit_diff(edit: FileEdit) -> list[str]:
    """Unified diff lines of one edit, git-style paths."""
    return list(
        difflib.unified_diff(
            _text(edit.before), _text(edit.after), f"a/{edit.path}", f"b/{edit.path}", lineterm=""
        )
    )


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
            {"what": b.what, "reason": b.reason, "unblock": b.unblock, "sites": [_finding_data(s) for s in b.sites]}
            for b in plan.blocked
        ],
        "skipped": [
            {"path": s.path, "line": s.line, "reason": s.reason.value, "detail": s.detail} for s in plan.skipped
        ],
        "warnings": [_finding_data(w) for w in plan.warnings],
    }


def _finding_data(finding: Finding) -> dict[str, Any]:
    return {"path": finding.path, "line": finding.line, "message": finding.message, "code": finding.code.value or None}


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
        parts = [Text("Nothing to commit: the files left to migrate were skipped (see below).", style="bold red")]
    elif plan.is_empty and not remaining:
        parts = [Text("Nothing to change: already migrated.", style="bold green")]
    elif plan.is_empty:
        parts = [Text("Nothing to change, but the migration is not complete (see below).", style="bold yellow")]
    if plan.blocked:
        parts.append(Text(f"{len(plan.blocked)} blocked (see above; nothing was rewritten there)", style="yellow"))
    if plan.warnings:
        parts.append(Text(f"Warnings ({len(plan.warnings)}): spots left unchanged", style="bold yellow"))
        parts.extend(Text(f"  {warning}", style="yellow") for warning in plan.warnings)
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
        table.add_row(str(number), commit.title, str(len(commit.edits)),
                      str(sum(a for a, _ in stats)), str(sum(r for _, r in stats)))
        if per_file:
            for edit, (added, removed) in zip(commit.edits, stats):
                table.add_row("", f"  {edit.path}", "", str(added), str(removed))
    return table


def render_remaining(remaining: Sequence[Remaining]) -> list[RenderableType]:
    """The legacy references ``check`` will still report after the plan, each with why it stays."""
    if not remaining:
        return []
    parts: list[RenderableType] = [
        Text(f"Legacy references left after the plan ({len(remaining)}); `check` reports them:", style="bold yellow")
    ]
    for left in remaining:
        parts.append(Text(f"  {left.reference}", style="yellow"))
        parts.append(Text(f"      {left.why}", style="yellow"))
    return parts


def render_stat(plan: Plan, remaining: Sequence[Remaining] = ()) -> RenderableType:
    """``diff --stat``: blocked sites, then the summary with one row per file."""
    return Group(*render_blocked(plan), render_summary(plan, per_file=True, remaining=remaining))
