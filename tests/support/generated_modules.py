"""Hypothesis strategies for generated modules that import and use the legacy name (or do not),
with the contexts and settings the property tests run them under.

Generated modules combine one way of importing the legacy name (plain, aliased, multi-name,
module import, function-local, try/except, TYPE_CHECKING, relative, beside an import of the
canonical name or module in the same or another block), references to it (calls,
annotations, string annotations, isinstance, subclassing, patch strings), shadowing locals,
unrelated code and comments, with LF or CRLF line endings.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from ssot_refactor.model import FileContext, NameMap

CTX = FileContext(
    path="app/consumer.py",
    module="app.consumer",
    is_package=False,
    name_map=NameMap.parse({"app.old:ExecutionEngine": "app.engine:UserExecutionEngine"}),
)
CONTEXTS = (
    CTX,
    dataclasses.replace(CTX, keep_local_names=True),
    dataclasses.replace(CTX, reexported=frozenset({"ExecutionEngine", "Engine"})),
)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(SETTINGS, max_examples=20)
#: see test_try_except_fallback_without_references_stays_equivalent (codemods/test_properties.py): until that passes, a
#: generated try/except import always comes with a reference to its name
SHADOW_PARAM = "def shadow_param(ExecutionEngine):\n    return ExecutionEngine"


@dataclass(frozen=True)
class ImportForm:
    """One way to import the legacy name: the import lines and the expression naming it."""

    lines: tuple[str, ...]
    reference: str
    local: bool = False  #: the import sits inside ``def build():`` with its references


IMPORT_FORMS = (
    ImportForm(("from app.old import ExecutionEngine",), "ExecutionEngine"),
    ImportForm(("from app.old import ExecutionEngine as Engine",), "Engine"),
    ImportForm(("from app.old import helper, ExecutionEngine",), "ExecutionEngine"),
    ImportForm(("from .old import ExecutionEngine",), "ExecutionEngine"),
    ImportForm(("import app.old",), "app.old.ExecutionEngine"),
    ImportForm(("import app.old as old",), "old.ExecutionEngine"),
    ImportForm(("from app import old",), "old.ExecutionEngine"),
    ImportForm(("from app.old import ExecutionEngine",), "ExecutionEngine", local=True),
    ImportForm(
        (
            "try:",
            "    from app.old import ExecutionEngine",
            "except ImportError:",
            "    ExecutionEngine = None",
        ),
        "ExecutionEngine",
    ),
    ImportForm(
        (
            "from typing import TYPE_CHECKING",
            "",
            "if TYPE_CHECKING:",
            "    from app.old import ExecutionEngine",
        ),
        "ExecutionEngine",
    ),
    ImportForm(
        ("from app.old import (", "    ExecutionEngine,  # the engine", "    helper,", ")"), "ExecutionEngine"
    ),
    ImportForm(("from app.old import ExecutionEngine  # noqa: F401",), "ExecutionEngine"),
    ImportForm(("from app.old import (helper, ExecutionEngine)",), "ExecutionEngine"),
    ImportForm(
        ("from app.old import (ExecutionEngine,  # the engine", "                     helper)"),
        "ExecutionEngine",
    ),
    ImportForm(
        ("from app.old import (  # legacy", "    helper,", "    ExecutionEngine  # the engine", ")"),
        "ExecutionEngine",
    ),
    ImportForm(("from app.old import *",), "ExecutionEngine"),
    ImportForm(
        (
            "import sys",
            "",
            "if sys.version_info >= (3, 99):",
            "    from app.old import ExecutionEngine",
            "else:",
            "    from app.engine import UserExecutionEngine as ExecutionEngine",
        ),
        "ExecutionEngine",
    ),
    ImportForm(
        ("from app.engine import UserExecutionEngine", "from app.old import ExecutionEngine"),
        "ExecutionEngine",
    ),
    ImportForm(
        (
            "from app.old import ExecutionEngine  # legacy",
            "import os",
            "from .engine import UserExecutionEngine",
        ),
        "ExecutionEngine",
    ),
    ImportForm(
        (
            "from app.engine import (",
            "    EngineConfig,",
            "    UserExecutionEngine,  # canonical",
            ")",
            "from app.old import (  # legacy",
            "    # the engine",
            "    ExecutionEngine,",
            "    helper",
            ")",
        ),
        "ExecutionEngine",
    ),
    ImportForm(
        (
            "from typing import TYPE_CHECKING",
            "from app.old import ExecutionEngine",
            "",
            "if TYPE_CHECKING:",
            "    from app.engine import UserExecutionEngine",
        ),
        "ExecutionEngine",
    ),
    ImportForm(("import app.old as old", "from app import engine"), "old.ExecutionEngine"),
)


def references(name: str) -> list[str]:
    """Statements that use the legacy name through ``name``."""
    found = [
        f"engine = {name}()",
        f"def make(x: {name}) -> {name}:\n    return x",
        f"ok = isinstance(object(), {name})",
        f"class Sub({name}):\n    pass",
        f"def run():\n    return {name}(limit=3)",
        'PATCH = "app.old.ExecutionEngine.run"',
        'TARGETS = {"engine": "app.old.ExecutionEngine"}',
    ]
    if "." not in name:
        found.append(f'def typed(x: "{name}") -> "list[{name}]":\n    return [x]')
        found.append(f"def nested():\n    def inner(e={name}):\n        return e, {name}\n    return inner")
        found.append(f'LABEL = f"engine: {{{name}!r}}"')
        found.append(f"class Holder:\n    engine = {name}\n\n    def get(self):\n        return {name}")
        found.append(f"__all__ = ['{name}']")
        found.append(f"@{name}.register\ndef plugin():\n    return {name}.run")
        found.append(f"pick = lambda engine={name}: engine")
        found.append(
            f"def guarded():\n    try:\n        return 1\n    except {name}.Error:\n        return 2"
        )
        found.append(f"from typing import cast\n\nchecked = cast('{name}', None)")
        found.append(
            f"def matcher(value):\n    match value:\n        case {name}():\n            return 1\n    return 0"
        )
        found.append(f"def drop():\n    global {name}\n    del {name}")
        found.append(f"def rebind():\n    global {name}\n    {name} = {name}\n    return {name}")
    if name.startswith("old."):
        found.append('OBJECT_PATCH = mock.patch.object(old, "ExecutionEngine")')
    return found


UNRELATED = (
    "x = 1",
    "def util(a, b=2):\n    return a + b",
    'CONFIG = {"name": "app.old.ExecutionEngineFactory", "n": 3}',
    "# ExecutionEngine is mentioned in a comment only",
    "class Plain:\n    value = [i * 2 for i in range(3)]",
    'def doc():\n    """Mentions app.old.ExecutionEngine in a docstring."""\n    return None',
)

SHADOWING = (
    SHADOW_PARAM,
    "def shadow_local():\n    ExecutionEngine = 1\n    return ExecutionEngine",
    "def shadow_comprehension(items):\n    return [ExecutionEngine for ExecutionEngine in items]",
    "def shadow_walrus(items):\n    if (ExecutionEngine := items):\n        return ExecutionEngine",
    "class ShadowClass:\n    ExecutionEngine = None\n    other = ExecutionEngine",
    "settings = dict(ExecutionEngine=1)\nattribute = settings.ExecutionEngine if False else None",
    "UserExecutionEngine = 'an unrelated local'",
    "def canonical_local(UserExecutionEngine=None):\n    return UserExecutionEngine",
    'import importlib\n\nLEGACY = importlib.import_module("app.old")',
    "def shadow_except():\n    try:\n        pass\n    except Exception as ExecutionEngine:\n        return ExecutionEngine",
)


def indent(block: str) -> str:
    """``block`` indented one level."""
    return "\n".join("    " + line if line else line for line in block.split("\n"))


def assemble(form: ImportForm, body: list[str], newline: str) -> bytes:
    """A module: the import form, then the body blocks (inside ``build`` for a local import)."""
    if form.local:
        inner = "\n".join([*form.lines, *body, "return None"])
        blocks = [f"def build():\n{indent(inner)}"]
    else:
        blocks = ["\n".join(form.lines), *body]
    if any("mock." in block for block in body):
        blocks.insert(0, "from unittest import mock")
    text = "\n\n\n".join(blocks) + "\n"
    return text.replace("\n", newline).encode()


@st.composite
def legacy_modules(draw: st.DrawFn, required: tuple[str, ...] = ()) -> bytes:
    """A module that imports the legacy name one or two ways, uses it, and has ``required``."""
    form = draw(st.sampled_from(IMPORT_FORMS))
    second = draw(st.sampled_from((None, *(other for other in IMPORT_FORMS if not other.local))))
    if second is not None and not form.local:
        form = ImportForm(
            form.lines + second.lines, draw(st.sampled_from([form.reference, second.reference]))
        )
    uses = draw(st.lists(st.sampled_from(references(form.reference)), min_size=1, max_size=4, unique=True))
    extra = draw(st.lists(st.sampled_from(UNRELATED + SHADOWING), max_size=3, unique=True))
    body = draw(st.permutations(list(dict.fromkeys([*uses, *extra, *required]))))
    return assemble(form, list(body), draw(st.sampled_from(["\n", "\r\n"])))


@st.composite
def unrelated_modules(draw: st.DrawFn) -> bytes:
    """A module without any legacy reference."""
    header = ImportForm(("import os", "from app.engine import UserExecutionEngine"), "")
    body = draw(st.lists(st.sampled_from(UNRELATED + SHADOWING), min_size=1, max_size=5, unique=True))
    return assemble(header, body, draw(st.sampled_from(["\n", "\r\n"])))
