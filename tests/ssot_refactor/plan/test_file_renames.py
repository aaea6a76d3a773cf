"""Which module-level bindings a rewrite renamed: read from the from-imports alone, as from the index."""

from __future__ import annotations

import ast

from hypothesis import given
from hypothesis import strategies as st
from support.codemod_cases import cases
from support.generated_modules import CONTEXTS, FEWER, legacy_modules

from codemods import rewrite_source
from ssot_refactor.model import Edited, FileContext
from ssot_refactor.plan.pipeline import file_renames, renamed_records
from ssot_refactor.scan.index import index_source
from ssot_refactor.scan.namespace import module_level_imports
from ssot_refactor.scan.records import ModuleInfo

SOURCE = """\
import os
if TYPE_CHECKING:
    from a import b
else:
    try:
        from c import d
    except ImportError:
        import e
def f():
    from g import h
class K:
    from i import j
with ctx():
    from k import l
"""


def test_module_level_imports_are_those_binding_in_the_module_in_source_order() -> None:
    found = [ast.unparse(node) for node in module_level_imports(ast.parse(SOURCE))]
    assert found == ["import os", "from a import b", "from c import d", "import e", "from k import l"]


def through_the_index(before: bytes, after: bytes, ctx: FileContext) -> tuple[tuple[str, str], ...]:
    """What ``file_renames`` answered when it indexed both sides whole."""
    assert ctx.module is not None
    old = index_source(ctx.path, before, ctx.module, ctx.is_package)
    new = index_source(ctx.path, after, ctx.module, ctx.is_package)
    if not (isinstance(old, ModuleInfo) and isinstance(new, ModuleInfo)):
        return ()
    return tuple(
        (f"{ctx.module}.{record.local}", f"{ctx.module}.{renamed}")
        for record, renamed in renamed_records(old, new, ctx.name_map)
    )


def rewritten(source: bytes, ctx: FileContext) -> bytes:
    result = rewrite_source(source, ctx)
    return result.after if isinstance(result, Edited) else source


def test_file_renames_answers_as_the_whole_index_on_every_snapshot_input() -> None:
    renamed = 0
    for source, ctx in cases("pipeline", "rewrite_imports", "rename_references"):
        if ctx.module is None:
            continue
        after = rewritten(source, ctx)
        found = file_renames(source, after, ctx)
        assert found == through_the_index(source, after, ctx), ctx.path
        renamed += bool(found)
    assert renamed > 5


@FEWER
@given(legacy_modules(), st.sampled_from(CONTEXTS))
def test_file_renames_answers_as_the_whole_index_on_generated_modules(
    source: bytes, ctx: FileContext
) -> None:
    after = rewritten(source, ctx)
    assert file_renames(source, after, ctx) == through_the_index(source, after, ctx)
