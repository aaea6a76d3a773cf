"""Snapshot cases and generated inputs that several codemod test modules check the shortcuts on."""

from __future__ import annotations

import dataclasses
import sys

import pytest
from hypothesis import strategies as st

from codemods.rename_references.fast_rename import rename_fast
from ssot_refactor.model import Edited, FileContext, FileResult, NameMap, Unchanged
from support.paths import SNAPSHOTS
from support.snapshots import load_context

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


def cases(*names: str) -> list[tuple[bytes, FileContext]]:
    """(input bytes, context) of the snapshot cases of some codemods."""
    found = []
    for codemod in names:
        for case in sorted((SNAPSHOTS / codemod).glob("*/input.py")):
            spec = tomllib.loads((case.parent / "spec.toml").read_text(encoding="utf-8"))
            found.append((case.read_bytes(), load_context(spec)))
    return found


def crossed(*names: str, others: int = 6) -> list[pytest.ParameterSet]:
    """One param per input of the cases: the input with its own context and ``others`` contexts
    of the other cases (a different slice for each input, so every context is used)."""
    pairs = cases(*names)
    contexts = [ctx for _, ctx in pairs]
    params = []
    for number, (source, ctx) in enumerate(pairs):
        picked = [contexts[(number + 1 + k * len(pairs) // others) % len(pairs)] for k in range(others)]
        params.append(pytest.param(source, [ctx, *picked], id=f"{case_id(ctx)}-{number}"))
    return params


def case_id(ctx: FileContext) -> str:
    return ctx.path.replace("/", ".")


def output(result: FileResult, source: bytes) -> tuple[bytes, tuple[str, ...]]:
    assert isinstance(result, (Edited, Unchanged)), result
    after = result.after if isinstance(result, Edited) else source
    return after, tuple(str(finding) for finding in result.findings)


def move_inputs(source: bytes, ctx: FileContext) -> list[bytes]:
    """What the move sees in the pipeline (the fast rename's output) and the input as written."""
    renamed = rename_fast(source, ctx)
    return [source] if renamed is None or renamed[0] == source else [source, renamed[0]]


#: a context with several names, two canonical modules and a name mapped to ``Class.attr``
MANY = FileContext(
    path="app/consumer.py",
    module="app.consumer",
    is_package=False,
    name_map=NameMap.parse(
        {
            "app.old:ExecutionEngine": "app.engine:UserExecutionEngine",
            "app.old:create": "app.factory:make_engine",
            "app.old:TIMEOUT": "app.engine:TIMEOUT",
            "app.old:Reg": "app.reg:UserReg",
            "app.old:DEFAULT": "app.engine:UserExecutionEngine.DEFAULT",
            "app.pkg.old2:Thing": "app.engine:Thing",
        }
    ),
)
MANY_CONTEXTS = (
    MANY,
    dataclasses.replace(MANY, keep_local_names=True),
    dataclasses.replace(MANY, reexported=frozenset({"Reg"})),
)


_NAMES = ("ExecutionEngine", "create", "TIMEOUT", "Reg", "helper", "DEFAULT", "UserExecutionEngine")


def _laid_out(aliases: list[str], layout: str) -> str:
    """The names of a from-import in one of the layouts people write."""
    if layout == "parens":
        return f"({', '.join(aliases)})"
    if layout == "vertical":
        return "(\n" + "".join(f"    {alias},  # {alias}\n" for alias in aliases) + ")"
    if layout == "hanging":
        return "(" + ",\n    ".join(aliases) + ")"
    if layout == "backslash":
        return ", \\\n    ".join(aliases)
    names = ", ".join(aliases)
    return names + "; y = 1" if layout == "shared" else names


@st.composite
def import_lines(draw: st.DrawFn) -> bytes:
    """Modules of imports of several legacy names (aliases, comments, layouts, blocks, repeats)."""
    statements = []
    for _ in range(draw(st.integers(1, 3))):
        names = draw(st.lists(st.sampled_from(_NAMES), min_size=1, max_size=4, unique=True))
        aliases = [
            name + draw(st.sampled_from(["", "", " as E", " as Reg", f" as {name}"])) for name in names
        ]
        module = draw(st.sampled_from(["app.old", "app.old", "app.engine", ".old", "app.pkg.old2"]))
        if module == "app.pkg.old2":
            aliases = ["Thing"]
        comment = draw(st.sampled_from(["", "", "  # keep", "  # noqa: F401", " # type: ignore"]))
        layout = draw(
            st.sampled_from(["plain", "plain", "parens", "vertical", "hanging", "shared", "backslash"])
        )
        statements.append(f"from {module} import {_laid_out(aliases, layout)}{comment}")
    extra = draw(
        st.sampled_from(
            ["", "import app", "from app import pkg", "import os as Reg", "from app.engine import TIMEOUT"]
        )
    )
    block = draw(st.sampled_from(["top", "if", "def"]))
    uses = ["x = [ExecutionEngine, create, TIMEOUT, Reg, helper, E]"]
    if block == "top":
        lines = [extra, *statements, *uses]
    elif block == "if":
        lines = [extra, "if True:", *("    " + line for line in statements), *uses]
    else:
        lines = [extra, "def f():", *("    " + line for line in [*statements, *uses])]
    text = "\n".join(line for line in lines if line) + "\n"
    return text.replace("\n", draw(st.sampled_from(["\n", "\r\n"]))).encode()


#: imports of the legacy modules of ``MANY`` (``app.old``, ``app.pkg.old2``): the statement and what it binds
_MODULE_IMPORTS = (
    ("import app.old as old", ("old",)),
    ("import app.old as m", ("m",)),
    ("from app import old", ("old",)),
    ("from app import old as m", ("m",)),
    ("from app import old, other", ("old",)),
    ("from app import other, old as legacy", ("legacy",)),
    ("from . import old", ("old",)),
    ("import app.pkg.old2 as o2", ("o2",)),
    ("from app.pkg import old2", ("old2",)),
    ("from app.pkg import old2 as o2, helper", ("o2",)),
    ("import app.old", ("app",)),
)
#: what a module binding is read as: mapped names (``DEFAULT`` is mapped to ``Class.attr``), and
#: the reads the command decides about with its scopes (an unmapped name, the module itself)
_MODULE_READS = ("ExecutionEngine", "create()", "TIMEOUT", "Reg", "DEFAULT", "Thing", "helper", "")
#: other lines: a name the move would bind, a binding of the module's name, a comment, a string
_MODULE_EXTRAS = (
    "",
    "",
    "engine = 1",
    "def factory():\n    return None",
    "# the engine, and old",
    "x = '#'; y = 1  # old engine",
    "x = 1  # old",
    'x = """a\n# """; import os as old',
    'x = """a\n# """; y = 1  # old',
    "x = 1  # old",
    "NAMES = ['old', 'm']",
    "old = None",
    "from app.engine import TIMEOUT",
    "import os",
    "from .old import helper",
    "x = os.old",
    "import app.engine.extra",
)


@st.composite
def module_lines(draw: st.DrawFn) -> bytes:
    """Modules binding legacy modules (one to three statements, some binding the same one, with
    comments and blank lines) and reading them at module level, in a function or before the import."""
    statements, locals_ = [], []
    for _ in range(draw(st.integers(1, 3))):
        statement, bound = draw(st.sampled_from(_MODULE_IMPORTS))
        comment = draw(st.sampled_from(["", "", "  # keep", "  # noqa: F401"]))
        statements.append(draw(st.sampled_from(["", "", "\n"])) + statement + comment)
        locals_ += bound
    reads = []
    for _ in range(draw(st.integers(0, 4))):
        local = draw(st.sampled_from(locals_))
        if local == "app":
            local = "app.old"
        attribute = draw(st.sampled_from(_MODULE_READS))
        reads.append(f"{local}.{attribute}" if attribute else local)
    uses = [f"x{number} = {read}" for number, read in enumerate(reads)]
    where = draw(st.sampled_from(["top", "top", "def", "before"]))
    extra = draw(st.sampled_from(_MODULE_EXTRAS))
    if where == "def":
        uses = ["def f():", *("    " + use for use in uses or ["pass"])]
    lines = [*uses, *statements] if where == "before" else ["import os", *statements, extra, *uses]
    text = "\n".join(line for line in lines if line) + "\n"
    return text.replace("\n", draw(st.sampled_from(["\n", "\r\n"]))).encode()
