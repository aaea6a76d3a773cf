"""Synthetic monorepo generator: packages of packages, sibling imports, legacy uses in every form.

Deterministic: the same ``--modules``/``--seed`` give the same bytes (each file draws from its
own ``random.Random`` seeded with the seed and the file's index). About 1% of the modules use a
legacy name, each in one of ``FORMS``; a few files do not parse; a few generated data tables
weigh several megabytes.
"""

from __future__ import annotations

import random
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path

LEGACY = "corp.engine.legacy"
LEGACY_2 = "corp.engine.consolidated"
#: legacy name -> canonical target, written into ssot.toml and used by every tool
MAPPING = {
    f"{LEGACY}:ExecutionEngine": "corp.engine.user:UserExecutionEngine",
    f"{LEGACY}:create_engine": "corp.engine.factory:create_request_scoped_engine",
    f"{LEGACY_2}:EngineRegistry": "corp.engine.registry:UserEngineRegistry",
}
FORMS = (
    "plain",
    "aliased",
    "multi_name",
    "module_alias",
    "function_local",
    "try_except",
    "type_checking",
    "relative",
    "package_reexport",
    "patch_string",
    "second_module",
    "from_package_module",
)
MODULES_PER_SUB = 50
SUBS_PER_PACKAGE = 20
LARGE_TABLE_MB = (2.0, 3.5, 5.0)
WORDS = (
    "account",
    "agent",
    "audit",
    "batch",
    "billing",
    "cache",
    "catalog",
    "channel",
    "config",
    "cursor",
    "dataset",
    "digest",
    "event",
    "feature",
    "gateway",
    "graph",
    "invoice",
    "job",
    "ledger",
    "metric",
    "order",
    "payment",
    "pipeline",
    "policy",
    "queue",
    "quota",
    "report",
    "route",
    "schema",
    "session",
    "signal",
    "storage",
    "stream",
    "task",
    "tenant",
    "token",
    "usage",
    "window",
    "worker",
    "export",
)
STDLIB = ("json", "os", "re", "time", "itertools", "functools", "hashlib", "collections", "datetime", "uuid")


@dataclass(frozen=True)
class Layout:
    """Where module ``i`` lives and what it defines."""

    package: str
    sub: str
    name: str

    @property
    def dotted(self) -> str:
        return f"corp.{self.package}.{self.sub}.{self.name}"

    @property
    def path(self) -> str:
        return f"corp/{self.package}/{self.sub}/{self.name}.py"

    @property
    def cls(self) -> str:
        return "".join(part.capitalize() for part in self.name.split("_")) + "Service"

    @property
    def func(self) -> str:
        return f"handle_{self.name}"


def layout(i: int) -> Layout:
    """Module ``i``: 50 modules per subpackage, 20 subpackages per top-level package."""
    per_package = MODULES_PER_SUB * SUBS_PER_PACKAGE
    p, rest = divmod(i, per_package)
    s, m = divmod(rest, MODULES_PER_SUB)
    package = WORDS[p % len(WORDS)] + (str(p // len(WORDS)) if p >= len(WORDS) else "")
    sub = f"{WORDS[(p * 7 + s) % len(WORDS)]}_{s:02d}"
    name = f"{WORDS[(p + s * 3 + m) % len(WORDS)]}_{m:02d}"
    return Layout(package, sub, name)


# --------------------------------------------------------------------------- ordinary modules


def _method(rng: random.Random, lay: Layout, k: int, siblings: list[Layout]) -> str:
    word = rng.choice(WORDS)
    calls = []
    for sib in siblings[:2]:
        calls.append(f"{sib.name}.{sib.func}(item)")
    call = " + ".join(calls) if calls else "len(item)"
    return textwrap.indent(
        textwrap.dedent(f'''\
        def {word}_step_{k}(self, items: list[dict[str, Any]], limit: int = {rng.randint(5, 500)}) -> dict[str, int]:
            """Fold the {word} records into counters, at most ``limit`` of them."""
            counts: dict[str, int] = {{}}
            for index, item in enumerate(items):
                if index >= limit:
                    log.debug("limit %s reached in %s", limit, self.name)
                    break
                key = str(item.get("{word}", "{rng.choice(WORDS)}"))
                if key in self.ignored:
                    continue
                counts[key] = counts.get(key, 0) + {call if k % 3 == 0 else "1"}
            self.seen += len(counts)
            return counts

    '''),
        "    ",
    )


def _class(rng: random.Random, lay: Layout, c: int, siblings: list[Layout]) -> str:
    name = lay.cls if c == 0 else f"{lay.cls}{c}"
    fields = "\n".join(
        f"    {rng.choice(WORDS)}_{f}: int = {rng.randint(0, 99)}" for f in range(rng.randint(2, 5))
    )
    methods = "".join(_method(rng, lay, k, siblings) for k in range(rng.randint(3, 5)))
    return (
        f"@dataclass\nclass {name}:\n"
        f'    """The {lay.package} {rng.choice(WORDS)} service, part {c}."""\n\n'
        f'    name: str = "{lay.name}"\n    seen: int = 0\n'
        f"    ignored: set[str] = field(default_factory=set)\n{fields}\n\n{methods}\n"
    )


def ordinary_module(i: int, seed: int, total: int) -> tuple[Layout, str, random.Random]:
    """An ordinary module: stdlib imports, sibling imports (a DAG), classes and functions."""
    rng = random.Random(f"{seed}/{i}")
    lay = layout(i)
    base = i - i % MODULES_PER_SUB
    siblings = [layout(j) for j in sorted(rng.sample(range(base, i), min(3, i - base)))] if i > base else []
    far = layout(rng.randrange(0, max(1, base))) if base else None
    docstring = (
        f'"""{lay.cls}: {rng.choice(WORDS)} handling for the {lay.package} service.\n\n'
        f"Reads {rng.choice(WORDS)} records, folds them into counters and reports {rng.choice(WORDS)} totals.\n"
        '"""\n'
    )
    lines = [docstring, "from __future__ import annotations\n", "import logging"]
    lines += [f"import {mod}" for mod in sorted(rng.sample(STDLIB, 2))]
    lines += ["from dataclasses import dataclass, field", "from typing import Any", ""]
    lines += [f"from corp.{sib.package}.{sib.sub} import {sib.name}" for sib in siblings]
    if siblings:
        lines.append(f"from .{siblings[0].name} import {siblings[0].cls}")
    if far is not None:
        lines.append(f"from corp.{far.package}.{far.sub} import {far.name} as {far.name}_remote")
    lines += ["", "log = logging.getLogger(__name__)", f"DEFAULT_LIMIT = {rng.randint(10, 1000)}", ""]
    if rng.random() < 0.02:
        lines.append("# keeps the legacy field names so that old clients still read the reports\n")
    body = "\n".join(lines) + "\n"
    for c in range(rng.randint(2, 3)):
        body += "\n" + _class(rng, lay, c, siblings)
    body += textwrap.dedent(f'''
        def {lay.func}(item: dict[str, Any]) -> int:
            """Score one record for the {lay.package} totals."""
            total = 0
            for key, value in sorted(item.items()):
                if isinstance(value, int):
                    total += value * {rng.randint(2, 9)}
                elif isinstance(value, str) and value.startswith("{rng.choice(WORDS)}"):
                    total += len(value)
            return total
        ''')
    return lay, body, rng


# --------------------------------------------------------------------------- legacy uses


#: form -> (imports, code): ``str.format`` templates over ``legacy``, ``legacy_2``, ``tag``, ``TAG``
#: (the tag upper-cased) and ``call``
_SNIPPETS: dict[str, tuple[str, str]] = {
    "plain": (
        "from {legacy} import ExecutionEngine\n",
        "def run_{tag}(payload):\n    return {call}.execute(payload)\n",
    ),
    "aliased": (
        "from {legacy} import ExecutionEngine as Engine\n",
        (
            'def run_{tag}(payload):\n    engine: Engine = Engine(name="{tag}")\n'
            "    return engine.execute(payload)\n"
        ),
    ),
    "multi_name": (
        "from {legacy} import DEFAULT_TIMEOUT, EngineError, ExecutionEngine, create_engine\n",
        (
            "def run_{tag}(payload):\n    try:\n"
            "        return create_engine(timeout=DEFAULT_TIMEOUT).execute(payload)\n"
            "    except EngineError:\n        return {call}.execute(payload)\n"
        ),
    ),
    "module_alias": (
        "import {legacy} as legacy_engine\n",
        (
            'def run_{tag}(payload):\n    engine = legacy_engine.ExecutionEngine(name="{tag}")\n'
            "    assert isinstance(engine, legacy_engine.ExecutionEngine)\n"
            "    return legacy_engine.create_engine().execute(payload)\n"
        ),
    ),
    "function_local": (
        "",
        (
            "def run_{tag}(payload):\n    from {legacy} import ExecutionEngine\n\n"
            "    return {call}.execute(payload)\n"
        ),
    ),
    "try_except": (
        (
            "try:\n    from {legacy} import ExecutionEngine\nexcept ImportError:  # pragma: no cover\n"
            "    ExecutionEngine = None\n"
        ),
        (
            "def run_{tag}(payload):\n    if ExecutionEngine is None:\n        return None\n"
            "    return {call}.execute(payload)\n"
        ),
    ),
    "type_checking": (
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from {legacy} import ExecutionEngine\n",
        "def run_{tag}(engine: ExecutionEngine, payload) -> object:\n    return engine.execute(payload)\n",
    ),
    "package_reexport": (
        "from corp.engine import ExecutionEngine\n",
        "def run_{tag}(payload):\n    return {call}.execute(payload)\n",
    ),
    "second_module": (
        "from {legacy_2} import EngineRegistry\n",
        "REGISTRY_{TAG} = EngineRegistry()\n\n\ndef lookup_{tag}(key):\n    return REGISTRY_{TAG}.get(key)\n",
    ),
    "from_package_module": (
        "from corp.engine import legacy\n",
        'def run_{tag}(payload):\n    return legacy.ExecutionEngine(name="{tag}").execute(payload)\n',
    ),
}


def legacy_snippet(form: str, tag: str) -> tuple[str, str]:
    """(imports, code) using a legacy name in one form; ``tag`` keeps names unique."""
    templates = _SNIPPETS.get(form)
    if templates is None:
        raise ValueError(f"no snippet for form {form}")
    fields = {
        "legacy": LEGACY,
        "legacy_2": LEGACY_2,
        "tag": tag,
        "TAG": tag.upper(),
        "call": f'ExecutionEngine(name="{tag}")',
    }
    imports, code = templates
    return imports.format(**fields), code.format(**fields)


def with_legacy(body: str, form: str, tag: str) -> str:
    """Insert the snippet's imports after the module's imports and its code at the end."""
    imports, code = legacy_snippet(form, tag)
    marker = "\nlog = logging.getLogger(__name__)"
    head, tail = body.split(marker, 1)
    return f"{head}{imports}{marker}{tail}\n\n{code}"


def relative_adapter(k: int) -> str:
    """A module inside ``corp.engine`` importing the legacy module relatively."""
    return (
        f'"""Adapter {k}: runs jobs on the engine."""\n\nfrom __future__ import annotations\n\n'
        "from ..legacy import ExecutionEngine, create_engine\nfrom . import base\n\n\n"
        f"class Adapter{k}(base.Adapter):\n    engine_type = ExecutionEngine\n\n"
        "    def run(self, payload):\n        if self.fresh:\n            return create_engine().execute(payload)\n"
        "        return ExecutionEngine(name=self.name).execute(payload)\n"
    )


def test_module(lay: Layout, rng: random.Random, legacy: bool) -> str:
    """A unittest module patching its module under test (and, for the patch form, a legacy path)."""
    patch = "corp.engine.legacy.ExecutionEngine" if legacy else f"{lay.dotted}.log"
    cases = "".join(
        f"    def test_{rng.choice(WORDS)}_{k}(self):\n"
        f'        with mock.patch("{patch}") as fake:\n'
        f'            self.assertEqual({lay.func}({{"n": {k}}}), {k} * 0 + {lay.func}({{"n": {k}}}))\n'
        f"            self.assertIsNotNone(fake)\n\n"
        for k in range(rng.randint(3, 6))
    )
    return (
        f'"""Tests for {lay.dotted}."""\n\nimport unittest\nfrom unittest import mock\n\n'
        f"from {lay.dotted[: -len(lay.name) - 1]}.{lay.name} import {lay.func}\n\n\n"
        f"class {lay.cls}Test(unittest.TestCase):\n{cases}"
    )


# --------------------------------------------------------------------------- fixed files


ENGINE_FILES = {
    "corp/__init__.py": '"""The corp monorepo."""\n',
    "corp/engine/__init__.py": (
        '"""The execution engine package."""\n\nfrom corp.engine.legacy import ExecutionEngine\n'
        'from corp.engine.user import UserExecutionEngine\n\n__all__ = ["ExecutionEngine", "UserExecutionEngine"]\n'
    ),
    "corp/engine/legacy.py": (
        '"""The legacy execution engine (being consolidated into corp.engine.user)."""\n\n'
        "DEFAULT_TIMEOUT = 30\n\n\nclass EngineError(RuntimeError):\n    pass\n\n\n"
        'class ExecutionEngine:\n    def __init__(self, name="default", timeout=DEFAULT_TIMEOUT):\n'
        "        self.name, self.timeout = name, timeout\n\n    def execute(self, payload):\n        return payload\n\n\n"
        "def create_engine(timeout=DEFAULT_TIMEOUT):\n    return ExecutionEngine(timeout=timeout)\n"
    ),
    "corp/engine/user.py": (
        '"""The canonical, request-scoped execution engine."""\n\n\nclass UserExecutionEngine:\n'
        '    def __init__(self, name="default", timeout=30):\n        self.name, self.timeout = name, timeout\n\n'
        "    def execute(self, payload):\n        return payload\n"
    ),
    "corp/engine/factory.py": (
        '"""Factories for the canonical engine."""\n\nfrom corp.engine.user import UserExecutionEngine\n\n\n'
        "def create_request_scoped_engine(timeout=30):\n    return UserExecutionEngine(timeout=timeout)\n"
    ),
    "corp/engine/consolidated.py": (
        '"""A second legacy module: the consolidated registry."""\n\n\nclass EngineRegistry(dict):\n    pass\n'
    ),
    "corp/engine/registry.py": '"""The canonical registry."""\n\n\nclass UserEngineRegistry(dict):\n    pass\n',
    "corp/engine/adapters/__init__.py": '"""Engine adapters."""\n',
    "corp/engine/adapters/base.py": 'class Adapter:\n    name = "adapter"\n    fresh = False\n',
    "corp/scripts/__init__.py": "",
    # files that do not parse: a Python 2 script, a merge conflict, a bad indent
    "corp/scripts/py2_report.py": (
        'from corp.engine.legacy import ExecutionEngine\n\nprint "engine:", ExecutionEngine\n'
    ),
    "corp/scripts/conflicted.py": (
        "<<<<<<< HEAD\nfrom corp.engine.legacy import ExecutionEngine\n=======\n"
        "from corp.engine.user import UserExecutionEngine\n>>>>>>> feature\n"
    ),
    "corp/scripts/bad_indent.py": "def main():\n    return 1\n      return 2\n",
}

SPEC = """\
[migration]
name = "execution-engine-ssot"

[[legacy]]
module = "corp.engine.legacy"

[legacy.names]
ExecutionEngine = "corp.engine.user:UserExecutionEngine"
create_engine = "corp.engine.factory:create_request_scoped_engine"

[[legacy]]
module = "corp.engine.consolidated"

[legacy.names]
EngineRegistry = "corp.engine.registry:UserEngineRegistry"
"""


def data_table(k: int, megabytes: float, seed: int) -> str:
    """A generated data table of about ``megabytes`` (one of them mentions 'legacy' in its header)."""
    rng = random.Random(f"{seed}/table/{k}")
    source = "the legacy rate tables" if k == 1 else "the rate tables"
    out = [f"# Code generated by tablegen from {source}. DO NOT EDIT.\n", "RATES = (\n"]
    size, row = sum(map(len, out)), 0
    while size < megabytes * 1_000_000:
        line = (
            f'    ({row}, "acct-{rng.randrange(10**8):08d}", {rng.random():.6f}, '
            f'"{rng.choice(("EUR", "USD", "GBP", "JPY"))}", "{rng.choice(WORDS)}"),\n'
        )
        out.append(line)
        size += len(line)
        row += 1
    out.append(")\n")
    return "".join(out)


# --------------------------------------------------------------------------- the repository


def generate_files(modules: int, seed: int, table_mb: tuple[float, ...] = LARGE_TABLE_MB) -> dict[str, str]:
    """Every file of the synthetic repository, path -> text (deterministic)."""
    files: dict[str, str] = dict(ENGINE_FILES)
    files["ssot.toml"] = SPEC
    users = max(len(FORMS), modules // 100)
    chosen = sorted(random.Random(f"{seed}/legacy").sample(range(modules), min(users, modules)))
    form_of = {i: FORMS[n % len(FORMS)] for n, i in enumerate(chosen)}
    adapters = 0
    for i in range(modules):
        lay, body, rng = ordinary_module(i, seed, modules)
        form = form_of.get(i)
        if form == "relative":
            files[f"corp/engine/adapters/adapter_{adapters:03d}.py"] = relative_adapter(adapters)
            adapters += 1
        elif form == "patch_string":
            files[f"tests/{lay.package}/test_{lay.sub}_{lay.name}.py"] = test_module(lay, rng, legacy=True)
        elif form is not None:
            body = with_legacy(body, form, f"{lay.name}_{i}")
        files[lay.path] = body
        if i % MODULES_PER_SUB == 0:
            files[f"corp/{lay.package}/__init__.py"] = f'"""The {lay.package} service."""\n'
            files[f"corp/{lay.package}/{lay.sub}/__init__.py"] = ""
        if i % 25 == 7 and form != "patch_string":
            files[f"tests/{lay.package}/test_{lay.sub}_{lay.name}.py"] = test_module(lay, rng, legacy=False)
    for k, size in enumerate(table_mb):
        files[f"corp/data/rates_{k}.py"] = data_table(k, size, seed)
    files["corp/data/__init__.py"] = ""
    return files


def write_repository(
    root: Path, modules: int, seed: int, table_mb: tuple[float, ...] = LARGE_TABLE_MB
) -> dict[str, int]:
    """Write the files and make one commit (repo-local identity); return a few counts."""
    root.mkdir(parents=True, exist_ok=True)
    files = generate_files(modules, seed, table_mb)
    total = 0
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode()
        target.write_bytes(data)
        total += len(data)
    git_commit_all(root, "synthetic monorepo")
    legacy_files = sum(1 for text in files.values() if "ExecutionEngine" in text or "EngineRegistry" in text)
    return {
        "files": len(files),
        "python_files": sum(p.endswith(".py") for p in files),
        "bytes": total,
        "files_naming_legacy": legacy_files,
    }


def git_commit_all(root: Path, message: str) -> None:
    """``git init``, a repository-local identity, ``git add -A``, one commit."""

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, check=True, stdout=subprocess.DEVNULL)

    git("init", "-q", "-b", "main")
    git("config", "user.name", "benchmarks")
    git("config", "user.email", "benchmarks@localhost")
    git("config", "commit.gpgsign", "false")
    git("add", "-A")
    git("commit", "-q", "--no-verify", "-m", message)
