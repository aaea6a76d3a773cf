"""Render stage: the lines that name skipped files and internal errors, shared by every rendering (pure)."""

from __future__ import annotations

from ssot_refactor.model import FindingCode, Plan, Skipped


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
    return (
        f"{len(failed)} file(s) skipped for an internal error and left as they were: {paths} "
        "(a bug in ssot-refactor; please report it with the file)"
    )


def unused_skips(plan: Plan) -> list[str]:
    """One line per ``--skip`` file the plan would not have changed anyway (``run`` warns about them)."""
    return [str(warning) for warning in plan.warnings if warning.code is FindingCode.UNUSED_SKIP]
