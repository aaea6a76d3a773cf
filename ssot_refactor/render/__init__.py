"""Render stage: turn audits and plans into text, rich tables, markdown and JSON (pure).

``audit`` renders an audit, ``plan`` a plan (diff, summary, JSON), ``skipped`` the lines both
use for skipped files; ``pr_body`` renders a pull request's title, body and JSON and is imported
from its own module (``ssot_refactor.render.pr_body``).
"""

from __future__ import annotations

from ssot_refactor.render.audit import (
    AUDIT_SCHEMA,
    KIND_LABELS,
    audit_data,
    render_audit_json,
    render_audit_markdown,
    render_audit_text,
)
from ssot_refactor.render.plan import (
    PLAN_SCHEMA,
    edit_diff,
    edit_stat,
    plan_data,
    render_blocked,
    render_diff,
    render_plan_json,
    render_remaining,
    render_stat,
    render_summary,
)
from ssot_refactor.render.skipped import internal_error_notice, skipped_line, skipped_report, unused_skips

__all__ = [
    "AUDIT_SCHEMA",
    "KIND_LABELS",
    "PLAN_SCHEMA",
    "audit_data",
    "edit_diff",
    "edit_stat",
    "internal_error_notice",
    "plan_data",
    "render_audit_json",
    "render_audit_markdown",
    "render_audit_text",
    "render_blocked",
    "render_diff",
    "render_plan_json",
    "render_remaining",
    "render_stat",
    "render_summary",
    "skipped_line",
    "skipped_report",
    "unused_skips",
]
