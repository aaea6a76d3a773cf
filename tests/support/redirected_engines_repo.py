"""A repository with two legacy modules (``core.old_engine``, ``core.old_runner``) that become
redirects, their importers in ``api/``, ``workers/`` and ``tests/``, and the titles of the
redirect commits a run makes on ``BRANCH``."""

from __future__ import annotations

BRANCH = "ssot/engines"

SPEC = """\
[migration]
name = "engines"

[[legacy]]
module = "core.old_engine"
redirect = true
[legacy.names]
Engine = "core.engine:UserEngine"

[[legacy]]
module = "core.old_runner"
redirect = true
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
    "api/both.py": "from core.old_engine import Engine\nfrom core.old_runner import Runner\n\nPAIR = Engine(), Runner()\n",
    "api/one.py": "from core.old_engine import Engine\n\nENGINE = Engine()\n",
    "workers/__init__.py": "",
    "workers/job.py": "from core.old_engine import Engine\n\n\ndef run(engine: Engine) -> None:\n    pass\n",
    "workers/run.py": "from core.old_runner import Runner\n\nRUNNER = Runner()\n",
    "tests/__init__.py": "",
    "tests/test_one.py": 'from unittest import mock\n\nPATCH = mock.patch("api.one.Engine")\n',
}

ENGINE_REDIRECT = "refactor(ssot): turn core.old_engine into a redirect to core.engine"
RUNNER_REDIRECT = "refactor(ssot): turn core.old_runner into a redirect to core.runner"
