"""The command line: thin click commands over the library API (effects: terminal output only)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from ssot_refactor import __version__
from ssot_refactor.errors import SsotError

F = TypeVar("F", bound=Callable[..., Any])
#: the migration is not complete: ``diff`` has nothing pending yet legacy references remain (blocked,
#: left unchanged, or in a file skipped for an internal error); ``run`` skipped a file for an internal
#: error and committed everything else
INCOMPLETE_EXIT = 5


def repository_options(command: F) -> F:
    """``--repo``, ``--spec`` and ``--quiet``, shared by every repository command."""
    command = click.option("--quiet", "-q", is_flag=True, help="No progress bar or chatter.")(command)
    command = click.option(
        "--spec",
        "spec_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Spec file (default: ssot.toml, else [tool.ssot-refactor] in pyproject.toml).",
    )(command)
    command = click.option(
        "--repo",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        show_default=True,
        help="Repository to work on.",
    )(command)
    return command


def reports_errors(command: F) -> F:
    """Turn an SsotError into ``error: <message>`` and its exit code; Ctrl-C into exit 130."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except SsotError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("error: interrupted; nothing was written", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def console() -> Console:
    """The stdout console: colors on a terminal, plain text when piped."""
    probe = Console()
    return Console(highlight=False, width=None if probe.is_terminal else 120)


@contextmanager
def progress_bar(quiet: bool, label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on a terminal (stderr); nothing when piped or ``--quiet``."""
    err = Console(stderr=True)
    if quiet or not err.is_terminal:
        yield None
        return
    from rich.progress import Progress

    with Progress(console=err, transient=True) as progress:
        task = progress.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ssot-refactor")
def main() -> None:
    """Consolidate legacy Python names onto one canonical implementation, safely."""


@main.command()
@repository_options
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True
)
@reports_errors
def audit(repo: Path, spec_path: Path | None, quiet: bool, fmt: str) -> None:
    """Legacy modules, their status, names, importers, references and related tests."""
    from ssot_refactor.render import render_audit_json, render_audit_markdown, render_audit_text
    from ssot_refactor.workflow import audit_repository

    with progress_bar(quiet, "scanning") as progress:
        report = audit_repository(_repo_root(repo, spec_path), spec_path, progress)
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


@main.command()
@repository_options
@SPLIT_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--stat", is_flag=True, help="Only the summary: files and lines per planned commit.")
@reports_errors
def diff(repo: Path, spec_path: Path | None, quiet: bool, split_by: str | None, fmt: str, stat: bool) -> None:
    """Dry run: the planned commits as a colored unified diff.

    Exit 1 when changes are pending, 5 when nothing is pending but legacy references remain
    (blocked or left unchanged: ``check`` fails on them), 0 when the migration is complete.
    """
    from ssot_refactor.render import render_diff, render_plan_json, render_stat
    from ssot_refactor.workflow import dry_run

    with progress_bar(quiet, "planning") as progress:
        done = dry_run(_repo_root(repo, spec_path), spec_path, split_by=split_by, progress=progress)
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
) -> None:
    """Apply the plan on a new branch, one commit per planned commit (your checkout is not touched)."""
    from ssot_refactor.apply import RunOptions
    from ssot_refactor.render import internal_error_notice, render_blocked
    from ssot_refactor.workflow import run_migration

    options = RunOptions(split_by, verify, verify_related, keep_going, resume, stay)
    applied = run_migration(_repo_root(repo, spec_path), spec_path, options, click.echo)
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


@main.command()
@repository_options
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@reports_errors
def check(repo: Path, spec_path: Path | None, quiet: bool, paths: tuple[str, ...]) -> None:
    """Fail (exit 1) on references to mapped legacy names outside the redirect modules.

    With PATHS (as pre-commit passes them) only those files are checked.
    """
    from ssot_refactor.workflow import check_repository

    with progress_bar(quiet, "checking") as progress:
        report = check_repository(_repo_root(repo, spec_path), spec_path, paths, progress)
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


@main.command()
@click.option(
    "--workdir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to create the example repository (default: a new temporary folder, kept).",
)
@reports_errors
def demo(workdir: Path | None) -> None:
    """Run the pipeline on the bundled example repository (no arguments needed)."""
    from ssot_refactor.demo import run_demo

    sys.exit(run_demo(console(), workdir))


def _repo_root(repo: Path, spec_path: Path | None) -> Path:
    """The folder given, or the top of its git work tree when the spec lives there."""
    from ssot_refactor.gitrepo import repository_root
    from ssot_refactor.spec import has_spec

    if not repo.is_dir():
        raise SsotError("repository folder not found", path=str(repo))
    folder = repo.resolve()
    if spec_path is not None or has_spec(folder):
        return folder
    return repository_root(folder) or folder


@main.command()
@repository_options
@click.option(
    "--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the title and body to FILE.",
)
@click.option("--push", metavar="REMOTE", help="Push the branch to REMOTE and set its upstream.")
@click.option(
    "--open", "open_", is_flag=True, help="Open (or update) the pull request through the GitHub API."
)
@click.option(
    "--remote",
    default="origin",
    show_default=True,
    help="Remote naming the GitHub repository (without --push).",
)
@click.option(
    "--api-url", default="https://api.github.com", show_default=True, help="GitHub (Enterprise) REST API URL."
)
@click.option("--draft", is_flag=True, help="Open the pull request as a draft.")
@click.option(
    "--base", help="Branch to merge into (default: the migration's base branch, else the remote's default)."
)
@click.option("--label", "labels", multiple=True, help="Label to add (repeatable).")
@click.option("--reviewer", "reviewers", multiple=True, help="User to request a review from (repeatable).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="API timeout in seconds.",
)
@click.option(
    "--split-by", type=click.Choice(["package"]), help="One branch and pull request per top-level package."
)
@reports_errors
def pr(
    repo: Path,
    spec_path: Path | None,
    quiet: bool,
    fmt: str,
    output: Path | None,
    push: str | None,
    open_: bool,
    remote: str,
    api_url: str,
    draft: bool,
    base: str | None,
    labels: tuple[str, ...],
    reviewers: tuple[str, ...],
    timeout: float,
    split_by: str | None,
) -> None:
    """Pull request title and body from the migration branch; push it and open the pull request."""
    from ssot_refactor.pr import PrOptions
    from ssot_refactor.workflow import make_pull_requests

    options = PrOptions(fmt, push, open_, remote, api_url, draft, base, labels, reviewers, timeout, split_by)
    text = make_pull_requests(_repo_root(repo, spec_path), spec_path, options, click.echo)
    if output is not None:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    elif not (push or open_):
        click.echo(text, nl=False)
