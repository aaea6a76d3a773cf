"""``init``: draft the spec from the code."""

from __future__ import annotations

from pathlib import Path

import click

from ssot_refactor.cli.base import (
    main,
    repo_root,
    reports_errors,
)
from ssot_refactor.errors import SsotError


@main.command()
@click.option(
    "--repo",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Repository to draft the spec of.",
)
@click.option(
    "--canonical",
    "canonicals",
    multiple=True,
    metavar="MODULE:CLASS",
    help="The class every legacy version becomes (repeatable). Without it: list candidates only.",
)
@click.option("--print", "print_only", is_flag=True, help="Print the draft instead of writing it.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the draft (default: ssot.toml at the repository root).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing spec file.")
@reports_errors
def init(repo: Path, canonicals: tuple[str, ...], print_only: bool, output: Path | None, force: bool) -> None:
    """Draft the spec from the code: the legacy modules the evidence shows, with the evidence.

    A class is proposed only when it subclasses, builds, forwards to, re-exports or has the public
    methods of a canonical class, or says it is deprecated in its favour. Read the draft, then
    preview it with `ssot-refactor diff`.

    \b
    Examples:
      ssot-refactor init --canonical app.engine.user:UserEngine
      ssot-refactor init --canonical app.engine.user:UserEngine --print
      ssot-refactor init        # classes that may be canonical, and why
    """
    from ssot_refactor.workflow import draft_candidates, draft_spec

    root = repo_root(repo, None)
    if not canonicals:
        lines = draft_candidates(root)
        for line in lines or ["no candidate found: name the canonical class with --canonical module:Class"]:
            click.echo(line)
        if lines:
            click.echo("then: ssot-refactor init --canonical module:Class", err=True)
        return
    target = _spec_target(root, output) if not print_only else None
    if target is not None and not force:
        _refuse_to_hide_a_spec(root, target, output is None)
    drafted = draft_spec(root, canonicals)
    if target is None:
        click.echo(drafted.text, nl=False)
        return
    from ssot_refactor.apply import write_atomic

    write_atomic(target, drafted.text.encode("utf-8"))  # never a half-written spec
    written = target.relative_to(root).as_posix()
    click.echo(
        f"wrote {written} ({len(drafted.modules)} legacy module(s)); next: ssot-refactor diff", err=True
    )


def _spec_target(root: Path, output: Path | None) -> Path:
    """Where ``init`` writes: inside the repository only."""
    from ssot_refactor.spec import SPEC_FILE

    target = (output if output is not None else root / SPEC_FILE).resolve()
    if not target.is_relative_to(root):
        raise SsotError("the draft is only written inside the repository; use --print", path=str(target))
    if not target.parent.is_dir():
        raise SsotError("no such folder", path=str(target.parent))
    return target


def _refuse_to_hide_a_spec(root: Path, target: Path, default_place: bool) -> None:
    """An existing spec is only replaced with ``--force``, and so is one ``ssot.toml`` would hide
    (``[tool.ssot-refactor]`` in ``pyproject.toml`` is read only when there is no ``ssot.toml``)."""
    from ssot_refactor.spec import has_spec

    if target.exists() or (default_place and has_spec(root)):
        where = target if target.exists() else root / "pyproject.toml"
        raise SsotError(
            "a spec already exists; --force overwrites it, --print shows the draft", path=str(where)
        )
