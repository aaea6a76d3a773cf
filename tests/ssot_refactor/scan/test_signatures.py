"""Signatures read from source: every form, inheritance, dataclasses, unknowns, compatibility, plans."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest
from conftest import RepoFactory

from ssot_refactor.model import NameMap, Target
from ssot_refactor.scan import ScanResult, scan
from ssot_refactor.scan.definitions import Definition, SignatureReader
from ssot_refactor.scan.index import index_source
from ssot_refactor.scan.records import ModuleInfo, module_name_for
from ssot_refactor.scan.signatures import (
    call_plans,
    compatibility,
    format_signature,
    parse_signature,
    plans_for,
    read_signature,
)
from ssot_refactor.spec import load_spec


def result_for(root: Path, files: dict[str, str]) -> ScanResult:
    """A ScanResult over plain files (the reader needs only root, modules and source roots)."""
    modules = {}
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        module, _ = module_name_for(path, (".",))
        assert module is not None
        modules[module] = path
    return ScanResult(
        root=root,
        files=tuple(files),
        source_roots=(".",),
        modules=modules,
        index={},
        skipped=(),
        parsed=(),
        reexports={},
        uses=(),
    )


def shown(tmp_path: Path, files: dict[str, str], target: str) -> str:
    return format_signature(read_signature(result_for(tmp_path, files), Target.parse(target)))


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        pytest.param(
            "def f(a, b=1, *args, c, d=2, **kw): ...",
            "m:f",
            "(a, b=..., *args, c, d=..., **kw)",
            id="function_every_kind",
        ),
        pytest.param(
            "def f(a, /, b, *, c): ...", "m:f", "(a, /, b, *, c)", id="positional_only_and_keyword_only"
        ),
        pytest.param("async def f(a): ...", "m:f", "async (a)", id="async_function"),
        pytest.param("async def f(a):\n    yield a", "m:f", "(a)", id="async_generator_is_not_awaited"),
        pytest.param(
            "class C:\n    def __init__(self, a, b=None): ...",
            "m:C",
            "(a, b=...)",
            id="class_init_without_self",
        ),
        pytest.param("class C:\n    def __new__(cls, a): ...", "m:C", "(a)", id="class_new_without_cls"),
        pytest.param("class C:\n    pass", "m:C", "()", id="class_without_constructor"),
        pytest.param(
            "class C:\n    @classmethod\n    def build(cls, a, *, b=1): ...",
            "m:C.build",
            "(a, *, b=...)",
            id="classmethod_drops_cls",
        ),
        pytest.param(
            "class C:\n    @staticmethod\n    def build(a, b): ...",
            "m:C.build",
            "(a, b)",
            id="staticmethod_keeps_all",
        ),
        pytest.param(
            "class C:\n    def run(self, a): ...",
            "m:C.run",
            "(self, a)",
            id="plain_method_through_class_keeps_self",
        ),
        pytest.param("class C:\n    @property\n    def p(self): ...", "m:C.p", "(?)", id="property_unknown"),
        pytest.param(
            "import functools\n@functools.lru_cache()\ndef f(a): ...", "m:f", "(a)", id="preserving_decorator"
        ),
        pytest.param(
            "def deco(f): return f\n@deco\ndef f(a): ...", "m:f", "(?)", id="unknown_decorator_unknown"
        ),
        pytest.param(
            "import os\nclass C(os.PathLike):\n    pass", "m:C", "(?)", id="base_outside_repository_unknown"
        ),
        pytest.param(
            "from typing import Generic, TypeVar\nT = TypeVar('T')\nclass C(Generic[T]):\n    def __init__(self, a): ...",
            "m:C",
            "(a)",
            id="generic_base_is_plain",
        ),
        pytest.param(
            "class C(metaclass=Registry):\n    def __init__(self, a): ...",
            "m:C",
            "(?)",
            id="custom_metaclass_unknown",
        ),
        pytest.param(
            "import sys\nif sys.version_info > (3,):\n    def f(a): ...\nelse:\n    def f(a, b): ...",
            "m:f",
            "(?)",
            id="conditional_definitions_differ",
        ),
        pytest.param("def f(a): ...\ndef f(a, b): ...", "m:f", "(a, b)", id="last_definition_wins"),
        pytest.param(
            "from typing import overload\n@overload\ndef f(a: int) -> int: ...\ndef f(a, b=0): ...",
            "m:f",
            "(a, b=...)",
            id="overloads_skipped",
        ),
        pytest.param("X = 1", "m:Missing", "(?)", id="missing_name_unknown"),
        pytest.param("from elsewhere import *", "m:f", "(?)", id="star_import_unknown"),
    ],
)
def test_signature_forms(tmp_path: Path, source: str, target: str, expected: str) -> None:
    assert shown(tmp_path, {"m.py": source}, target) == expected


def test_dataclass_fields_with_defaults_field_options_and_kw_only(tmp_path: Path) -> None:
    source = """
        import dataclasses
        from dataclasses import KW_ONLY, dataclass, field
        from typing import ClassVar

        @dataclass
        class Base:
            a: int
            b: str = "x"

        @dataclasses.dataclass(kw_only=False)
        class Child(Base):
            shared: ClassVar[int] = 0
            c: list = field(default_factory=list)
            hidden: int = field(default=0, init=False)
            d: int = field(default=1, kw_only=True)
            _: KW_ONLY
            e: int
    """
    assert shown(tmp_path, {"m.py": source}, "m:Child") == "(a, b=..., c=..., *, d=..., e)"


def test_dataclass_kw_only_option_and_own_init_wins(tmp_path: Path) -> None:
    source = """
        from dataclasses import dataclass

        @dataclass(kw_only=True)
        class K:
            a: int
            b: int = 0

        @dataclass(init=False)
        class NoInit:
            a: int

        @dataclass
        class Own:
            a: int
            def __init__(self, x): ...
    """
    files = {"m.py": source}
    assert shown(tmp_path, files, "m:K") == "(*, a, b=...)"
    assert shown(tmp_path, files, "m:NoInit") == "()"
    assert shown(tmp_path, files, "m:Own") == "(x)"


def test_inheritance_followed_through_imports_and_relative_imports(tmp_path: Path) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/base.py": "class Base:\n    def __init__(self, registry, bridge=None): ...\n    @classmethod\n    def build(cls, x): ...\n",
        "pkg/middle.py": "from .base import Base\nclass Middle(Base):\n    pass\n",
        "pkg/child.py": "import pkg.middle as mid\nclass Child(mid.Middle):\n    def run(self): ...\n",
    }
    result = result_for(tmp_path, files)
    assert (
        format_signature(read_signature(result, Target.parse("pkg.child:Child"))) == "(registry, bridge=...)"
    )
    assert format_signature(read_signature(result, Target.parse("pkg.child:Child.build"))) == "(x)"


def test_reexported_name_followed_to_its_definition(tmp_path: Path) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/real.py": "class Engine:\n    def __init__(self, context): ...\n",
        "pkg/old.py": "from pkg.real import Engine as OldEngine\nAlias = OldEngine\n",
    }
    result = result_for(tmp_path, files)
    assert format_signature(read_signature(result, Target.parse("pkg.old:OldEngine"))) == "(context)"
    assert format_signature(read_signature(result, Target.parse("pkg.old:Alias"))) == "(context)"


def test_module_outside_repository_is_unknown(tmp_path: Path) -> None:
    assert read_signature(result_for(tmp_path, {"m.py": ""}), Target.parse("requests:get")) is None


@pytest.mark.parametrize(
    ("legacy", "canonical", "reasons"),
    [
        pytest.param(["a", "b=1"], ["a", "b=1"], (), id="identical"),
        pytest.param(["a"], ["a", "b=1", "**kw"], (), id="canonical_accepts_more"),
        pytest.param(
            ["a", "b"],
            ["a", "c"],
            (
                "position 2 is b in legacy but c in canonical",
                "keyword b is not accepted by canonical",
                "required parameter c has no counterpart in legacy",
            ),
            id="renamed_keyword",
        ),
        pytest.param(
            ["a", "b"],
            ["b", "a"],
            ("position 1 is a in legacy but b in canonical", "position 2 is b in legacy but a in canonical"),
            id="position_mismatch",
        ),
        pytest.param(
            ["a", "b=None"],
            ["a", "b"],
            ("b is optional in legacy but required in canonical",),
            id="optional_became_required",
        ),
        pytest.param(
            ["a", "*args"], ["a"], ("*args has no canonical counterpart",), id="var_positional_lost"
        ),
        pytest.param(["a", "**kw"], ["a"], ("**kw has no canonical counterpart",), id="var_keyword_lost"),
        pytest.param(
            ["a", "b"],
            ["a"],
            (
                "positional parameter 2 (b) has no canonical position",
                "keyword b is not accepted by canonical",
            ),
            id="parameter_removed",
        ),
    ],
)
def test_compatibility_reasons(legacy: list[str], canonical: list[str], reasons: tuple[str, ...]) -> None:
    assert compatibility(parse_signature(legacy), parse_signature(canonical)) == reasons


def test_compatibility_sync_to_async() -> None:
    reasons = compatibility(parse_signature(["a"]), parse_signature(["a"], is_async=True))
    assert reasons == ("canonical is async but legacy is not (calls would get a coroutine)",)


def test_notation_round_trip() -> None:
    text = ["a", "/", "b=1", "*args", "c", "d=None", "**kw"]
    assert format_signature(parse_signature(text)) == "(a, /, b=..., *args, c, d=..., **kw)"
    assert format_signature(parse_signature(["a", "*", "b"], is_async=True)) == "async (a, *, b)"
    assert format_signature(None) == "(?)"


SPEC = """
[migration]
name = "engine"

[[legacy]]
module = "app.old"

[legacy.names]
Engine = "app.new:UserEngine"
make = "app.new:make"

[[legacy.calls]]
name = "Engine"
canonical = "app.new:UserEngine.create_from_legacy"
keywords = true
rename = { bridge = "emitter" }

[[legacy.calls]]
name = "Engine.build"
"""


def test_call_plans_rules_defaults_and_reexports(git_repo: RepoFactory) -> None:
    repo = git_repo(
        {
            "ssot.toml": SPEC,
            "app/__init__.py": "from app.old import Engine\n",
            "app/old.py": (
                "class Engine:\n    def __init__(self, registry, bridge): ...\n"
                "    @classmethod\n    def build(cls, registry): ...\n\ndef make(x): ...\n"
            ),
            "app/new.py": (
                "class UserEngine:\n    def __init__(self, context): ...\n"
                "    @classmethod\n    def create_from_legacy(cls, registry, emitter): ...\n"
                "    @classmethod\n    def build(cls, registry): ...\n\ndef make(x): ...\n"
            ),
        }
    )
    spec = load_spec(repo)
    plans = {str(plan.legacy): plan for plan in call_plans(spec, scan(repo, spec))}
    engine = plans["app.old:Engine"]
    assert (str(engine.canonical), engine.has_rule, engine.keywords, engine.rename) == (
        "app.new:UserEngine.create_from_legacy",
        True,
        True,
        (("bridge", "emitter"),),
    )
    assert format_signature(engine.legacy_signature) == "(registry, bridge)"
    assert format_signature(engine.canonical_signature) == "(registry, emitter)"
    build = plans["app.old:Engine.build"]
    assert (str(build.canonical), build.has_rule, format_signature(build.canonical_signature)) == (
        "app.new:UserEngine.build",
        True,
        "(registry)",
    )
    assert plans["app.old:make"].has_rule is False
    assert plans["app:Engine"].canonical == engine.canonical  # the package re-exports Engine
    name_map = NameMap.parse({"app.old:make": "app.new:make"})
    assert [str(p.legacy) for p in plans_for(tuple(plans.values()), name_map)] == ["app.old:make"]


def test_a_reexporter_the_scan_indexed_is_resolved_from_its_index_without_a_parse(tmp_path: Path) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/real.py": "class Engine:\n    def __init__(self, context): ...\n",
        "pkg/reexport.py": "from pkg.real import Engine\n\ndef helper():\n    return Engine\n",
        "pkg/conditional.py": "from pkg.real import Engine\ntry:\n    import fast\nexcept ImportError:\n    class Engine:\n        def __init__(self): ...\n",
        "pkg/newer.py": "from pkg.real import Engine\nx = (\n",
    }
    bare = result_for(tmp_path, files)
    index = {}
    for module, path in bare.modules.items():
        info = index_source(path, (tmp_path / path).read_bytes(), module, path.endswith("__init__.py"))
        if isinstance(info, ModuleInfo):
            index[path] = info
    newer = ModuleInfo(
        "pkg/newer.py", "pkg.newer", False, index["pkg/real.py"].imports[:0], None, (), parser="libcst"
    )
    indexed = dataclasses.replace(bare, index={**index, "pkg/newer.py": newer})
    reader = SignatureReader(indexed)
    found = reader.resolve("pkg.reexport", "Engine", 0)
    assert found is not None and (found.module, found.node.name) == ("pkg.real", "Engine")
    assert (
        "pkg.reexport" not in reader._trees
    )  # its index said it defines no Engine: only its imports were read
    assert "pkg.real" in reader._trees
    # a module that defines the name too is parsed, and the answer is the one a parse gives
    for module in ("pkg.conditional", "pkg.reexport"):
        assert _where(reader.resolve(module, "Engine", 0)) == _where(
            SignatureReader(bare).resolve(module, "Engine", 0)
        )
    assert reader.resolve("pkg.conditional", "Engine", 0) is None  # two definitions disagree
    assert "pkg.conditional" in reader._trees
    # an index read by LibCST (syntax this Python cannot parse) is not taken for a parse
    assert reader.resolve("pkg.newer", "Engine", 0) is None


def _where(found: Definition | None) -> tuple[str, str, int] | None:
    return None if found is None else (found.module, found.node.name, found.node.lineno)
