"""The commands that show the migration to others: pr and demo."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ssot_refactor.cli.base import (
    console,
    main,
    repo_root,
    reports_errors,
    repository_options,
)


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
    """Pull request title and body from the migration branch; push it and open the pull request.

    \b
    Examples:
      ssot-refactor pr                        # print the title and body
      ssot-refactor pr --push origin --open   # push the branch and open the pull request
    """
    from ssot_refactor.pr import PrOptions
    from ssot_refactor.workflow import make_pull_requests

    options = PrOptions(fmt, push, open_, remote, api_url, draft, base, labels, reviewers, timeout, split_by)
    text = make_pull_requests(repo_root(repo, spec_path), spec_path, options, click.echo)
    if output is not None:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    elif not (push or open_):
        click.echo(text, nl=False)


@main.command()
@click.option(
    "--workdir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to create the example repository (default: a new temporary folder, kept).",
)
@reports_errors
def demo(workdir: Path | None) -> None:
    """Run the pipeline on the bundled example repository (no arguments needed).

    \b
    Example:
      ssot-refactor demo --workdir /tmp/ssot-demo
    """
    from ssot_refactor.demo import run_demo

    sys.exit(run_demo(console(), workdir))
