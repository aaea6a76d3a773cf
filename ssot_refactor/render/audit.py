"""Render stage: the audit as rich tables, an issue-ready Markdown tracker and JSON (pure)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ssot_refactor.audit import AuditReport, Importer, ModuleReport
from ssot_refactor.model import LegacyKind
from ssot_refactor.render.skipped import skipped_line

AUDIT_SCHEMA = "ssot-refactor/audit/1"

KIND_LABELS = {
    LegacyKind.DUPLICATE: "full duplicate implementation",
    LegacyKind.BRIDGE: "delegating bridge",
    LegacyKind.REDIRECT: "pure redirect",
    LegacyKind.EXTERNAL: "external (not in the repository)",
}


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
            {"path": s.path, "line": s.line, "reason": s.reason.value, "detail": s.detail}
            for s in report.skipped
        ],
        **_call_data(report),
    }


def _call_data(report: AuditReport) -> dict[str, Any]:
    if report.calls is None:
        return {"calls": [], "instance_gaps": []}
    from ssot_refactor.scan.callsites import call_report_data

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
        "path": importer.path,
        "line": importer.line,
        "local": importer.local,
        "form": importer.form,
        "references": importer.references,
        "scope": importer.scope,
        "guard": importer.guard,
        "via": importer.via or None,
    }


def render_audit_json(report: AuditReport) -> str:
    """``--format json``: stable, sorted, indented."""
    return json.dumps(audit_data(report), indent=2, sort_keys=False) + "\n"


# --------------------------------------------------------------------------- rich text


def render_audit_text(report: AuditReport) -> RenderableType:
    """Rich tables: one per legacy module, then related tests and skipped files."""
    parts: list[RenderableType] = [
        Text.assemble(
            ("Audit ", "bold"),
            (report.name, "bold cyan"),
            f": {report.python_files} Python files, {report.parsed_files} parsed",
        ),
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
            parts.append(
                Text(
                    f"  {gap.legacy.name} instances use .{member.name}, which {gap.canonical} lacks "
                    f"({', '.join(member.sites[:3])})",
                    style="yellow",
                )
            )
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
        destination = (
            str(name.canonical)
            if name.canonical
            else (f"origin {name.origin}" if name.origin else "unmapped")
        )
        table.add_row(
            name.name, destination, str(len(name.files)), str(name.references), _files_cell(name.files, "\n")
        )
    notes: list[RenderableType] = [table]
    where = module.path or "not in the repository"
    notes.append(Text(f"  path: {where}; redirect: {_yes(module.redirect)}; warn: {_yes(module.warn)}"))
    if module.defines:
        notes.append(Text("  defines: " + ", ".join(module.defines)))
    if module.reexports:
        notes.append(Text("  re-exports: " + ", ".join(f"{n} (from {o})" for n, o in module.reexports)))
    if module.module_importers:
        notes.append(
            Text("  imported as a module by: " + _files_cell(i.path for i in module.module_importers))
        )
    if module.star_importers:
        notes.append(
            Text("  star-imported by: " + _files_cell(i.path for i in module.star_importers), style="yellow")
        )
    for class_name, methods in module.missing_in_canonical:
        notes.append(
            Text(
                f"  {class_name} defines methods the canonical class lacks: {', '.join(methods)}",
                style="yellow",
            )
        )
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
            canonical = (
                f"`{name.canonical}`"
                if name.canonical
                else (f"origin `{name.origin}`" if name.origin else "—")
            )
            lines.append(f"| `{name.name}` | {canonical} | {len(name.files)} | {name.references} |")
        for class_name, methods in module.missing_in_canonical:
            lines += [
                "",
                f"> `{class_name}` defines methods the canonical class lacks: "
                + ", ".join(f"`{m}`" for m in methods),
            ]
        lines += ["", "Steps:", "", f"- [ ] rewrite the importers of `{module.module}`"]
        if module.redirect:
            lines.append(
                f"- [ ] turn `{module.module}` into a redirect"
                + (" with deprecation warnings" if module.warn else "")
            )
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
    lines = [
        "",
        "## Call sites",
        "",
        "| legacy callable | calls | binds to canonical? | rule |",
        "|---|---:|---|---|",
    ]
    for name in report.calls.names:
        verdict = "yes" if name.compatible else "no: " + "; ".join(name.reasons[:2])
        lines.append(f"| `{name.legacy}` | {name.calls} | {verdict} | {'yes' if name.has_rule else 'no'} |")
    for gap in report.calls.gaps:
        for member in gap.missing:
            lines.append(
                f"\n> `{gap.legacy.name}` instances use `.{member.name}`, which `{gap.canonical}` lacks"
            )
    return lines
