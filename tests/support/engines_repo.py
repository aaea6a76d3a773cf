"""A repository with two legacy modules (``core.old_engine``, ``core.old_runner``, no redirects)
and their importers in ``api/``, ``workers/`` and ``tests/``; and a way to break its rewrite."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ssot_refactor.model import Edited, FileContext
from ssot_refactor.plan import pipeline as plan_pipeline

SPEC = """\
[migration]
name = "engines"

[[legacy]]
module = "core.old_engine"
[legacy.names]
Engine = "core.engine:UserEngine"

[[legacy]]
module = "core.old_runner"
[legacy.names]
Runner = "core.runner:UserRunner"
"""

FILES = {
    "ssot.toml": SPEC,
    "core/__init__.py": "",
    "core/engine.py": "class UserEngine:\n    pass\n",
    "core/runner.py": "class UserRunner:\n    pass\n",
    "core/old_engine.py": "class Engine:\n    pass\n",
    "core/old_runner.py": "class Runner:\n    pass\n",
    "api/__init__.py": "",
    "api/both.py": "from core.old_engine import Engine\nfrom core.old_runner import Runner\n\n\ndef make():\n    return Engine(), Runner()\n",
    "api/one.py": "from core.old_engine import Engine  # keep this comment\n\nENGINE = Engine()\n",
    "workers/__init__.py": "",
    "workers/job.py": "from core.old_engine import Engine\n\n\ndef run(engine: Engine) -> None:\n    pass\n",
    "tests/__init__.py": "",
    "tests/test_one.py": 'from unittest import mock\n\nPATCH = mock.patch("api.one.Engine")\n',
}


def sabotage(
    monkeypatch: pytest.MonkeyPatch, path: str, old: bytes = b"pass", new: bytes = b"return None"
) -> None:
    """Make the rewrite of ``path`` change more than the renames, as a bug in a codemod would."""
    real = plan_pipeline.rewrite_file

    def sabotaged(job: tuple[bytes, FileContext]) -> plan_pipeline.JobOutcome:
        outcome = real(job)
        result = outcome.result
        if isinstance(result, Edited) and result.path == path:
            changed = Edited(result.path, result.after.replace(old, new), result.findings)
            return replace(outcome, result=changed)
        return outcome

    monkeypatch.setattr(plan_pipeline, "rewrite_file", sabotaged)
