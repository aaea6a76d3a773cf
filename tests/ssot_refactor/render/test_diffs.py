"""The diffs of large edits are made across the pool, and they are the renderer's own, line for line."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from conftest import RepoFactory

from ssot_refactor import workflow
from ssot_refactor.model import FileEdit
from ssot_refactor.render import diffs, render_plan_json

SPEC = '[migration]\nname = "m"\n\n[[legacy]]\nmodule = "app.old"\n\n[legacy.names]\nEngine = "app.new:UserEngine"\n'


def large_importer(functions: int) -> str:
    body = "".join(
        f"\n\ndef handler_{n}(payload):\n    engine = Engine()\n    return engine, payload, {n}\n"
        for n in range(functions)
    )
    return "from app.old import Engine\n" + body


def test_the_large_edits_diffs_come_from_the_pool_and_equal_the_renderers(
    git_repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "ssot.toml": SPEC,
        "app/__init__.py": "",
        "app/old.py": "class Engine: ...\n",
        "app/new.py": "class UserEngine: ...\n",
        "app/big.py": large_importer(1200),
        "app/bigger.py": large_importer(1300),
        "app/small.py": "from app.old import Engine\n\nX = Engine()\n",
    }
    repo = git_repo(files)
    dry = workflow.dry_run(Path(repo))
    large = diffs.large_edits(dry.plan)
    assert [str(edit.path) for edit in large] == ["app/big.py", "app/bigger.py"]  # two: the pool takes them
    made_here = diffs._made  # what the renderer makes itself; the large edit's must not be made again

    def small_only(edit: FileEdit) -> tuple[str, ...]:
        assert edit not in large, edit.path
        return made_here(edit)

    monkeypatch.setattr(diffs, "_made", small_only)
    shown = render_plan_json(dry.plan, dry.remaining)
    monkeypatch.setattr(diffs, "_made", made_here)
    diffs.remember([])  # forget them: the renderer makes every diff itself
    assert render_plan_json(dry.plan, dry.remaining) == shown
    assert "+from app.new import UserEngine" in shown


def test_remember_replaces_the_diffs_of_an_earlier_plan() -> None:
    first = FileEdit(PurePosixPath("a.py"), b"x = 1\n", b"x = 2\n")
    second = FileEdit(PurePosixPath("b.py"), b"y = 1\n", b"y = 2\n")
    diffs.remember([(first, ("made elsewhere",))])
    assert diffs.diff_lines(first) == ("made elsewhere",)
    diffs.remember([(second, ("other",))])
    assert diffs.diff_lines(first) == diffs.unified(first.before, first.after, "a.py")
    assert diffs.diff_lines(first)[:2] == ("--- a/a.py", "+++ b/a.py")
    diffs.remember([])
