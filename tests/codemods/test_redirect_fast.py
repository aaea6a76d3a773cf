"""The redirect written as text (``redirect_module.fast``) is byte for byte what the LibCST command writes.

Whenever ``redirect_fast`` answers, its bytes must equal ``RedirectModuleCommand``'s: on every
snapshot input of every codemod (any module may be a legacy one), with the plain and the
warning redirect, and on generated headers, docstrings and bodies. It must also answer often
enough for that to mean something, decline what it cannot read for sure, and load no LibCST.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.generated_modules import SETTINGS
from support.paths import SNAPSHOTS

from codemods.redirect_module import run
from codemods.redirect_module.command import run as run_command
from codemods.redirect_module.fast import redirect_fast
from ssot_refactor.model import Edited, FileContext, NameMap, Target, Unchanged

EXPORTS = (
    (("ExecutionEngine", Target("app.engine", "UserExecutionEngine")),),
    (
        ("ExecutionEngine", Target("app.engine", "UserExecutionEngine")),
        ("EngineError", Target("app.errors", "EngineError")),
        ("sep", Target("os", "sep")),
        ("make", Target("app.engine", "UserExecutionEngine.create")),
    ),
)
CONTEXTS = [
    FileContext(path="app/old.py", module="app.old", is_package=False, name_map=NameMap(), exports=e, warn=w)
    for e in EXPORTS
    for w in (False, True)
]
INPUTS = sorted(path for path in SNAPSHOTS.rglob("*.py") if path.parent.parent.name != "pr_body")


def command_bytes(source: bytes, ctx: FileContext) -> bytes | None:
    """What the command writes (the source when it changes nothing), None when it fails or skips."""
    result = run_command(source, ctx)
    if isinstance(result, Edited):
        return result.after
    return source if isinstance(result, Unchanged) else None


def answers(sources: list[bytes]) -> int:
    """Compare on each source and context; how many times the fast path answered."""
    answered = 0
    for source in sources:
        for ctx in CONTEXTS:
            fast = redirect_fast(source, ctx)
            if fast is not None:
                answered += 1
                assert fast == command_bytes(source, ctx), (source[:300], ctx.warn, len(ctx.exports))
    return answered


def test_fast_redirect_equals_the_command_on_every_snapshot_input() -> None:
    sources = [path.read_bytes() for path in INPUTS]
    assert len(sources) > 300
    # it answers for most modules (the others: CRLF mixed, encodings, decorated first statements...)
    assert answers(sources) > len(sources) * len(CONTEXTS) * 3 // 4


def test_fast_redirect_equals_the_command_on_its_own_output() -> None:
    for ctx in CONTEXTS:
        once = command_bytes(b'"""Doc."""\nimport os\n', ctx)
        assert once is not None and redirect_fast(once, ctx) == once


HEADERS = st.lists(
    st.sampled_from(
        ["", "#!/usr/bin/env python", "# -*- coding: utf-8 -*-", "# licence", "   # indented", "#"]
    ),
    max_size=4,
)
DOCSTRINGS = st.sampled_from(
    [
        None,
        '"""One line."""',
        '"""Title.\n\nBody with a \\\\ backslash and \'quotes\'.\n"""',
        "'''Single quotes.'''",
        'r"""Raw \\d text."""',
        'u"""Unicode prefix: é."""',
        '"Short."',
        "'with \\n escape'",
        '"joined" "strings"',
        '"""a""" """b"""',
        '("parenthesized")',
        '"""doc"""  # trailing comment',
        '"""doc""";',
        '"""doc"""; import os',
        '"""\nDeprecated: this module only redirects to app.old2; import from there instead.\n"""',
        'b"""bytes"""',
        'f"""formatted"""',
        '""""""',
    ]
)
BODIES = st.sampled_from(
    [
        "",
        "import os\n",
        "class ExecutionEngine:\n    pass\n",
        "@decorator\nclass ExecutionEngine:\n    pass\n",
        "\n\n# a comment\nX = 1  # trailing\n\n\n",
        "from app.engine import UserExecutionEngine as ExecutionEngine\n\n__all__ = ['ExecutionEngine']\n",
        "if True:\n    x = 1\n# footer comment\n",
    ]
)


@SETTINGS
@given(HEADERS, DOCSTRINGS, BODIES, st.sampled_from(["\n", "\r\n"]), st.booleans(), st.sampled_from(CONTEXTS))
def test_fast_redirect_equals_the_command_on_generated_modules(
    header: list[str], docstring: str | None, body: str, newline: str, final_newline: bool, ctx: FileContext
) -> None:
    parts = [*header, *([docstring] if docstring is not None else []), body]
    text = "\n".join(parts).replace("\n", newline)
    if not final_newline:
        text = text.rstrip("\r\n")
    source = text.encode("utf-8")
    fast = redirect_fast(source, ctx)
    if fast is not None:
        assert fast == command_bytes(source, ctx)


@pytest.mark.parametrize(
    "source",
    [
        b'"""Doc."""\r\nimport os\n',  # mixed line ends
        b'\xef\xbb\xbf"""Doc."""\nimport os\n',  # byte order mark
        b'# -*- coding: latin-1 -*-\n"""Caf\xe9."""\n',  # another encoding
        b'"""Doc."""\nimport os',  # no final line end
        b'("""Doc.""")\nimport os\n',  # in parentheses
        b'"""Doc.""";\nimport os\n',  # a semicolon
        b"@decorator\nclass Engine:\n    pass\n",  # a decorator before the first statement
        b'"""Doc."""\nx = \x0c1\n',  # a form feed
        b"def broken(:\n",  # no parse
    ],
)
def test_fast_redirect_declines_what_it_cannot_read_for_sure(source: bytes) -> None:
    for ctx in CONTEXTS:
        assert redirect_fast(source, ctx) is None
        assert run(source, ctx) == run_command(source, ctx)  # the command answers instead


def test_the_redirect_loads_no_libcst_when_the_fast_path_answers() -> None:
    code = (
        "import sys\n"
        "from codemods.redirect_module import run\n"
        "from ssot_refactor.model import Edited, FileContext, NameMap, Target\n"
        "ctx = FileContext(path='app/old.py', module='app.old', is_package=False, name_map=NameMap(),\n"
        "                  exports=(('Engine', Target('app.engine', 'UserEngine')),))\n"
        "assert isinstance(run(sys.stdin.buffer.read(), ctx), Edited)\n"
        "print('libcst' in sys.modules)\n"
    )
    for source, loads in (
        (b'"""Doc."""\nclass Engine:\n    pass\n', False),
        (b"@d\nclass Engine:\n    pass\n", True),
    ):
        done = subprocess.run([sys.executable, "-c", code], input=source, capture_output=True, check=True)
        assert (done.stdout.decode().strip(), done.stderr) == (str(loads), b"")
