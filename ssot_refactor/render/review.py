"""Render stage: the review of a plan before ``run --interactive`` commits it (pure; talks through callables).

The CLI owns the terminal and passes ``echo`` and ``ask`` (click's echo and prompt), so click
stays in ``cli.py`` and the review is tested with plain functions. The library never asks:
``workflow.run_migration`` only calls a review it is given, between planning and committing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ssot_refactor.model import Accept, Plan, PlannedCommit, Quit, ReviewAnswer, SkipFile
from ssot_refactor.render.plan import edit_stat

Echo = Callable[[str], None]
#: asks a question and returns one of the answers given, or None when there is no answer
#: (end of input, Ctrl-C): the review then quits
Ask = Callable[[str, Sequence[str]], "str | None"]

QUESTION = "[a]ccept / [s]kip a file / [q]uit"


def commit_lines(commit: PlannedCommit, number: int, total: int) -> list[str]:
    """A planned commit as the review shows it: its title, then its files numbered, with +/- lines."""
    lines = [f"commit {number}/{total}: {commit.title}"]
    for position, edit in enumerate(commit.edits, 1):
        added, removed = edit_stat(edit)
        lines.append(f"  {position}. {edit.path} (+{added} -{removed})")
    return lines


class PlanReview:
    """Each planned commit shown, then accepted, one of its files skipped, or the run quit.

    Called once per plan. A skip returns at once: the workflow plans again with that file
    skipped and calls the review with the new plan, which restarts from its first commit; a
    commit accepted before and unchanged (same title, body and bytes) stays accepted unasked.
    """

    def __init__(self, echo: Echo, ask: Ask) -> None:
        self.echo = echo
        self.ask = ask
        self.accepted: set[PlannedCommit] = set()

    def __call__(self, plan: Plan) -> ReviewAnswer:
        total = len(plan.commits)
        for number, commit in enumerate(plan.commits, 1):
            for line in commit_lines(commit, number, total):
                self.echo(line)
            if commit in self.accepted:
                self.echo("  accepted before, unchanged")
                continue
            answer = self.ask(QUESTION, ("a", "s", "q"))
            if answer == "a":
                self.accepted.add(commit)
                continue
            path = self._file_to_skip(commit) if answer == "s" else None
            if path is None:
                self.echo("quit: nothing was committed")
                return Quit()
            self.echo(
                f"skipping {path}: planning again; the review restarts from the first commit "
                "(commits accepted before and unchanged stay accepted)"
            )
            return SkipFile(path)
        return Accept()

    def _file_to_skip(self, commit: PlannedCommit) -> str | None:
        """The file of ``commit`` to skip, asked by its number in the list shown; None for no answer."""
        numbers = [str(position) for position in range(1, len(commit.edits) + 1)]
        answer = self.ask("file to skip (number)", numbers)
        return None if answer is None else str(commit.edits[int(answer) - 1].path)
