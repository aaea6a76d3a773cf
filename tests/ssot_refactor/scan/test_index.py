"""The ast index: every import form, scopes, guards, uses, and files that do not parse."""

from __future__ import annotations

import sys

import pytest

from ssot_refactor.model import Skipped, SkipReason
from ssot_refactor.scan.index import index_source
from ssot_refactor.scan.records import ImportRecord, ModuleInfo, module_name_for, resolve_relative


def index(code: str, module: str = "app.pkg.mod", is_package: bool = False) -> ModuleInfo:
    info = index_source("app/pkg/mod.py", code.encode(), module, is_package)
    assert isinstance(info, ModuleInfo), info
    return info


def only(info: ModuleInfo, local: str) -> ImportRecord:
    (record,) = [r for r in info.imports if r.local == local]
    return record


@pytest.mark.parametrize(
    ("path", "roots", "expected"),
    [
        ("app/x.py", ("",), ("app.x", False)),
        ("app/__init__.py", ("",), ("app", True)),
        ("src/app/x.py", ("", "src"), ("app.x", False)),
        ("tests/test_x.py", ("", "src"), ("tests.test_x", False)),
        ("ns/inner/x.py", (".",), ("ns.inner.x", False)),
        ("my-scripts/run.py", ("",), (None, False)),
        ("README.md", ("",), (None, False)),
    ],
)
def test_module_names_follow_the_deepest_source_root(
    path: str, roots: tuple[str, ...], expected: tuple[str | None, bool]
) -> None:
    assert module_name_for(path, roots) == expected


@pytest.mark.parametrize(
    ("module", "is_package", "level", "target", "expected"),
    [
        ("app.pkg.mod", False, 1, "old", "app.pkg.old"),
        ("app.pkg.mod", False, 1, None, "app.pkg"),
        ("app.pkg.mod", False, 2, "other.old", "app.other.old"),
        ("app.pkg.mod", False, 3, "x", "x"),
        ("app.pkg", True, 1, "old", "app.pkg.old"),
        ("app.pkg", True, 2, "old", "app.old"),
        ("app.pkg.mod", False, 4, "x", ""),
        ("app.pkg.mod", False, 0, "abs.mod", "abs.mod"),
    ],
)
def test_relative_imports_resolve_at_every_level(
    module: str, is_package: bool, level: int, target: str | None, expected: str
) -> None:
    assert resolve_relative(module, is_package, level, target) == expected


def test_absolute_aliased_and_multi_name_imports() -> None:
    info = index(
        """
from app.old import Engine, Helper as H, (
    Other)
import app.old
import app.old as legacy
Engine(); H(); legacy.Engine(); legacy.Engine.run(); app.old.Other()
""".replace("(\n    Other)", "Other")
    )
    engine = only(info, "Engine")
    assert (engine.module, engine.name, engine.aliased, engine.uses, engine.scope_kind) == (
        "app.old",
        "Engine",
        False,
        1,
        "module",
    )
    assert (only(info, "H").name, only(info, "H").aliased, only(info, "H").uses) == ("Helper", True, 1)
    assert only(info, "legacy").attrs == (("Engine", 2),)
    dotted = only(info, "app.old")
    assert (dotted.name, dotted.attrs, dotted.uses) == (None, (("Other", 1),), 1)


def test_relative_and_star_imports() -> None:
    info = index("from .old import Engine\nfrom ..other import *\nfrom . import sibling\n")
    assert only(info, "Engine").module == "app.pkg.old" and only(info, "Engine").level == 1
    star = only(info, "*")
    assert (star.module, star.name) == ("app.other", "*")
    sibling = only(info, "sibling")
    assert (sibling.module, sibling.name, sibling.target_module) == ("app.pkg", "sibling", "app.pkg.sibling")


def test_function_local_class_level_and_conditional_imports_keep_scope_and_guard() -> None:
    info = index(
        """
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from app.old import Engine
try:
    from app.old import Fast
except ImportError:
    Fast = None
if True:
    from app.old import Maybe
def build():
    from app.old import Local
    return Local()
class Holder:
    from app.old import Inner
"""
    )
    assert only(info, "Engine").guard == "type_checking"
    assert only(info, "Fast").guard == "try"
    assert only(info, "Maybe").guard == "if"
    local = only(info, "Local")
    assert (local.scope_kind, local.uses) == ("function", 1)
    assert only(info, "Inner").scope_kind == "class"
    assert [r.local for r in info.module_level_bindings()] == ["TYPE_CHECKING", "Engine", "Fast", "Maybe"]


def test_shadowing_parameters_and_locals_do_not_count_as_uses() -> None:
    info = index(
        """
from app.old import Engine
def f(Engine):
    return Engine
def g():
    Engine = 3
    return Engine
def h():
    return [Engine for Engine in range(3)]
def k():
    return Engine()
class C(Engine):
    x: Engine
"""
    )
    assert only(info, "Engine").uses == 3


def test_all_definitions_classes_and_dotted_strings() -> None:
    info = index(
        """
import mock
from app.old import Engine
__all__ = ["Engine", "Mine"]
__all__ += ["helper"]
class Mine(Engine, base.Mixin):
    def run(self): ...
    async def stop(self): ...
def helper(): ...
VALUE = 1
target = mock.patch("app.old.Engine.run")
"""
    )
    assert info.all_names == ("Engine", "Mine", "helper")
    assert [name for name, _ in info.defined] == ["Mine", "helper", "VALUE", "target"]
    (klass,) = info.classes
    assert (klass.name, klass.bases, klass.methods) == ("Mine", ("Engine", "base.Mixin"), ("run", "stop"))
    assert info.strings == ((11, "app.old.Engine.run"),)


def test_computed_all_is_unknown() -> None:
    assert index("__all__ = [n for n in dir()]\n").all_names is None


def test_a_file_that_does_not_parse_is_skipped_with_line_and_reason() -> None:
    result = index_source("app/bad.py", b"x = 1\ndef broken(:\n    pass\n", "app.bad", False)
    assert isinstance(result, Skipped)
    assert (result.path, result.reason, result.line) == ("app/bad.py", SkipReason.SYNTAX_ERROR, 2)
    assert result.detail


def test_undecodable_file_is_skipped() -> None:
    result = index_source("app/bin.py", b"# -*- coding: utf-8 -*-\nx = '\xff\xfe'\n", "app.bin", False)
    assert isinstance(result, Skipped) and result.reason is SkipReason.DECODE_ERROR


def test_latin1_cookie_crlf_and_bom_are_read() -> None:
    latin = index_source(
        "a.py",
        "# -*- coding: latin-1 -*-\r\nfrom app.old import Engine\r\nx = 'é'\r\n".encode("latin-1"),
        "a",
        False,
    )
    bom = index_source("b.py", b"\xef\xbb\xbffrom app.old import Engine\n", "b", False)
    assert isinstance(latin, ModuleInfo) and latin.imports[0].line == 2
    assert isinstance(bom, ModuleInfo) and bom.imports[0].name == "Engine"


def test_syntax_newer_than_this_python_falls_back_to_libcst() -> None:
    code = b"from app.old import Engine\nclass Box[T](Engine):\n    pass\ntype Alias = Engine\n"
    info = index_source("app/new.py", code, "app.new", False)
    assert isinstance(info, ModuleInfo)
    assert info.parser == ("ast" if sys.version_info >= (3, 12) else "libcst")
    record = info.imports[0]
    assert (record.module, record.name, record.local) == ("app.old", "Engine", "Engine")
    assert record.uses == 2
    assert info.defines("Box")


def test_chains_two_attributes_deep_are_kept_for_submodules_of_a_bound_package() -> None:
    info = index(
        "from langchain import llms\nimport langchain\n\nllms.gpt4all.GPT4All()\nllms.OpenAI()\n"
        "langchain.llms.gpt4all.GPT4All.load()\n"
    )
    assert only(info, "llms").attrs == (("OpenAI", 1), ("gpt4all", 1))
    assert only(info, "llms").chains == (("gpt4all.GPT4All", 1),)
    assert only(info, "langchain").chains == (("llms.gpt4all.GPT4All.load", 1),)


def test_the_libcst_fallback_keeps_deep_chains_too() -> None:
    code = b"from langchain import llms\nclass Box[T]:\n    pass\nllms.gpt4all.GPT4All()\n"
    info = index_source("app/new.py", code, "app.new", False)
    assert isinstance(info, ModuleInfo)
    assert only(info, "llms").chains == (("gpt4all.GPT4All", 1),)


def test_names_match_patterns_capture_are_bound_where_the_match_is() -> None:
    code = (
        "from app.old import Engine\n\n"
        "def f(x):\n"
        "    match x:\n"
        "        case [*Engine]:\n"
        "            return Engine\n\n"
        "match config:\n"
        "    case {'engine': found, **rest} if found:\n"
        "        print(found, rest)\n"
        "    case Point() as point:\n"
        "        print(point)\n"
    )
    info = index(code)
    assert only(info, "Engine").uses == 0  # the function's Engine is the one its pattern captured
    assert info.undefined is not None
    assert {name for name, _ in info.undefined} == {"config", "Point"}
