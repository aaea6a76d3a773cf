"""The commands that read and migrate a repository: audit, diff, run, check."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from ssot_refactor.cli.base import (
    INCOMPLETE_EXIT,
    REVIEW_QUIT_EXIT,
    console,
    main,
    progress_bar,
    repo_root,
    reports_errors,
    repository_options,
)


@main.command()
@repository_options
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True
)
@reports_errors
def audit(repo: Path, spec_path: Path | None, quiet: bool, fmt: str) -> None:
    """Legacy modules, their status, names, importers, references and related tests.

    \b
    Examples:
      ssot-refactor audit
      ssot-refactor audit --format markdown > audit.md
    """
    from ssot_refactor.render import render_audit_json, render_audit_markdown, render_audit_text
    from ssot_refactor.workflow import audit_repository

    with progress_bar(quiet, "scanning") as progress:
        report = audit_repository(repo_root(repo, spec_path), spec_path, progress)
    if fmt == "json":
        click.echo(render_audit_json(report), nl=False)
    elif fmt == "markdown":
        click.echo(render_audit_markdown(report), nl=False)
    else:
        console().print(render_audit_text(report))


SPLIT_OPTION = click.option(
    "--split-by",
    type=click.Choice(["module", "package", "none"]),
    help="One importers' commit per legacy module (default), per top-level package, or one commit in all.",
)
SKIP_OPTION = click.option(
    "--skip",
    multiple=True,
    metavar="PATH",
    help="Leave this file as it is (repeatable): it keeps its legacy imports and names and is listed as "
    "BLOCKED, and so are the redirects of the legacy modules it uses.",
)


@main.command()
@repository_options
@SPLIT_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--stat", is_flag=True, help="Only the summary: files and lines per planned commit.")
@SKIP_OPTION
@reports_errors
def diff(
    repo: Path,
    spec_path: Path | None,
    quiet: bool,
    split_by: str | None,
    fmt: str,
    stat: bool,
    skip: tuple[str, ...],
) -> None:
    """Dry run: the planned commits as a colored unified diff.

    Exit 1 when changes are pending, 5 when nothing is pending but legacy references remain
    (blocked or left unchanged: ``check`` fails on them), 0 when the migration is complete.

    \b
    Examples:
      ssot-refactor diff --stat
      ssot-refactor diff --format json > plan.json
      ssot-refactor diff --skip app/legacy_reports.py
    """
    from ssot_refactor.render import render_diff, render_plan_json, render_stat
    from ssot_refactor.workflow import dry_run

    with progress_bar(quiet, "planning") as progress:
        done = dry_run(repo_root(repo, spec_path), spec_path, split_by=split_by, progress=progress, skip=skip)
    plan, remaining = done.plan, done.remaining
    if fmt == "json":
        click.echo(render_plan_json(plan, remaining), nl=False)
    else:
        console().print(render_stat(plan, remaining) if stat else render_diff(plan, remaining))
    sys.exit(0 if done.is_done else 1 if not plan.is_empty else INCOMPLETE_EXIT)


@main.command()
@repository_options
@SPLIT_OPTION
@click.option(
    "--verify",
    "verify",
    metavar="CMD",
    help="Run CMD (e.g. 'pytest -x tests') after each commit; roll back on failure.",
)
@click.option(
    "--verify-related",
    is_flag=True,
    help="Run pytest on the related tests the audit finds after each commit.",
)
@click.option(
    "--keep-going", is_flag=True, help="Skip a commit whose verification fails instead of stopping (exit 3)."
)
@click.option("--resume", is_flag=True, help="Continue an existing migration branch after its last commit.")
@click.option(
    "--stay", is_flag=True, help="End on the migration branch instead of the branch you started on."
)
@SKIP_OPTION
@click.option(
    "--interactive",
    is_flag=True,
    help="Before anything is committed, show each planned commit and ask: accept it, skip one of its "
    "files (planned again as with --skip) or quit (nothing written, exit 1). Reads stdin when piped.",
)
@reports_errors
def run(
    repo: Path,
    spec_path: Path | None,
    quiet: bool,
    split_by: str | None,
    verify: str | None,
    verify_related: bool,
    keep_going: bool,
    resume: bool,
    stay: bool,
    skip: tuple[str, ...],
    interactive: bool,
) -> None:
    """Apply the plan on a new branch, one commit per planned commit (your checkout is not touched).

    \b
    Examples:
      ssot-refactor run --verify "pytest -x -q"
      ssot-refactor run --interactive
      ssot-refactor run --resume --skip app/legacy_reports.py
    """
    from ssot_refactor.apply import RunOptions
    from ssot_refactor.render import internal_error_notice, render_blocked, unused_skips
    from ssot_refactor.render.review import PlanReview
    from ssot_refactor.workflow import run_migration

    options = RunOptions(split_by, verify, verify_related, keep_going, resume, stay, skip)
    review = PlanReview(click.echo, _ask) if interactive else None
    applied = run_migration(repo_root(repo, spec_path), spec_path, options, click.echo, review)
    if applied.quit_review:
        sys.exit(REVIEW_QUIT_EXIT)
    for line in unused_skips(applied.plan):
        click.echo(f"warning: {line}", err=True)
    out = console()
    for part in render_blocked(applied.plan):
        out.print(part)
    if not applied.already_migrated:
        where = applied.branch if stay else "the branch you started on"
        click.echo(
            f"{len(applied.commits)} commit(s) on {applied.branch} (base {applied.base[:10]}); you are on {where}"
        )
    for title, reason in applied.skipped_commits:
        click.echo(f"skipped: {title}: {reason.splitlines()[-1] if reason else ''}", err=True)
    notice = internal_error_notice(applied.plan)
    if notice is not None:
        click.echo(f"warning: {notice}", err=True)
    if applied.skipped_commits:
        sys.exit(3)
    if notice is not None or (applied.already_migrated and applied.plan.blocked):
        sys.exit(INCOMPLETE_EXIT)


def _ask(question: str, answers: Sequence[str]) -> str | None:
    """One of ``answers`` from the terminal (from stdin when it is not one); None at the end of the
    input or on Ctrl-C, which quits the review."""
    try:
        return str(click.prompt(question, type=click.Choice(list(answers)), show_choices=False))
    except click.Abort:
        return None


@main.command()
@repository_options
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@reports_errors
def check(repo: Path, spec_path: Path | None, quiet: bool, paths: tuple[str, ...]) -> None:
    """Fail (exit 1) on references to mapped legacy names outside the redirect modules.

    With PATHS (as pre-commit passes them) only those files are checked.

    \b
    Examples:
      ssot-refactor check
      ssot-refactor check app/services/report_service.py
    """
    from ssot_refactor.workflow import check_repository

    with progress_bar(quiet, "checking") as progress:
        report = check_repository(repo_root(repo, spec_path), spec_path, paths, progress)
    for finding in report.findings:
        click.echo(str(finding))
    if report.findings:
        click.echo(
            f"{len(report.findings)} legacy reference(s) found; "
            "`ssot-refactor diff` shows what migrates them or why they are not migrated",
            err=True,
        )
        sys.exit(1)
    if not quiet:
        click.echo(f"clean: no legacy references in {report.files_checked} Python files", err=True)
