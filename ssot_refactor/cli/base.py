"""What every command shares: the group, the repository options, errors, output (effects: terminal only)."""

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
from ssot_refactor.launch import INTERRUPTED

F = TypeVar("F", bound=Callable[..., Any])
#: the migration is not complete: ``diff`` has nothing pending yet legacy references remain (blocked,
#: left unchanged, or in a file skipped for an internal error); ``run`` skipped a file for an internal
#: error and committed everything else
INCOMPLETE_EXIT = 5
#: ``run --interactive`` was quit at the review: nothing was written, the changes are still pending
#: (what ``diff``'s 1 says too)
REVIEW_QUIT_EXIT = 1


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
            click.echo(INTERRUPTED, err=True)
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
@reports_errors  # Ctrl-C while the group sets the process up is an interrupt too, not click's "Aborted!"
def main() -> None:
    """Consolidate legacy Python names onto one canonical implementation, safely."""
    from ssot_refactor.pool import prepare_process

    prepare_process()


def repo_root(repo: Path, spec_path: Path | None) -> Path:
    """The folder given, or the top of its git work tree when the spec lives there."""
    from ssot_refactor.gitrepo import repository_root
    from ssot_refactor.spec import has_spec

    if not repo.is_dir():
        raise SsotError("repository folder not found", path=str(repo))
    folder = repo.resolve()
    if spec_path is not None or has_spec(folder):
        return folder
    return repository_root(folder) or folder
