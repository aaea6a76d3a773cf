"""Render stage: turn audits and plans into text, rich tables, markdown and JSON (pure).

``audit`` renders an audit, ``plan`` a plan (diff, summary, JSON), ``skipped`` the lines both
use for skipped files, ``diffs`` the unified diff of an edit; ``pr_body`` renders a pull
request's title, body and JSON and is imported from its own module
(``ssot_refactor.render.pr_body``).

The names below are imported on first use (PEP 562): the renderers load rich, and a pool
worker that only makes diffs (``diffs``) imports this package without it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


#: where each name of ``__all__`` lives
_HOMES = {
    "AUDIT_SCHEMA": "audit",
    "KIND_LABELS": "audit",
    "PLAN_SCHEMA": "plan",
    "audit_data": "audit",
    "edit_diff": "plan",
    "edit_stat": "plan",
    "internal_error_notice": "skipped",
    "plan_data": "plan",
    "render_audit_json": "audit",
    "render_audit_markdown": "audit",
    "render_audit_text": "audit",
    "render_blocked": "plan",
    "render_diff": "plan",
    "render_plan_json": "plan",
    "render_remaining": "plan",
    "render_stat": "plan",
    "render_summary": "plan",
    "skipped_line": "skipped",
    "skipped_report": "skipped",
    "unused_skips": "skipped",
}


def __getattr__(name: str) -> Any:
    """A renderer, imported from its module on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"ssot_refactor.render.{home}"), name)
