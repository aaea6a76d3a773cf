"""Call rewriting: the pure decisions, the command, and every written call binding to its signature."""

from __future__ import annotations

import ast
import inspect
import itertools
import shutil
import textwrap
from pathlib import Path

import libcst as cst
import pytest
from conftest import RepoFactory, make_repo
from libcst.codemod import CodemodContext

from codemods._support import resolve_name as relative_to_absolute
from codemods.rewrite_calls import RewriteCallsCommand, run
from codemods.rewrite_calls.arguments import (
    ArgEdit,
    Callee,
    await_decision,
    choose_callee,
    plan_arguments,
)
from codemods.rewrite_calls.decisions import binds
from ssot_refactor.demo import example_source
from ssot_refactor.model import CallPlan, Edited, FileContext, NameMap, Signature, Skipped, Target, Unchanged
from ssot_refactor.model.notation import inspect_signature, parse_signature
from ssot_refactor.plan import module_name_map
from ssot_refactor.scan import ScanResult, scan
from ssot_refactor.scan.records import module_name_for
from ssot_refactor.scan.signatures import call_plans, plans_for
from ssot_refactor.spec import Spec, load_spec

LEGACY = parse_signature(["registry", "websocket_bridge", "user_context=None"])
CANONICAL = parse_signature(["context", "agent_factory", "websocket_emitter"])


def plan(**changes: object) -> CallPlan:
    base = CallPlan(
        Target.parse("app.old:Engine"),
        Target.parse("app.new:UserEngine.create_from_legacy"),
        LEGACY,
        LEGACY,
        keywords=True,
        has_rule=True,
    )
    fields = {name: getattr(base, name) for name in base.__slots__}  # type: ignore[attr-defined]
    fields.update(changes)
    return CallPlan(**fields)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- binds


@pytest.mark.parametrize(
    ("call", "signature", "expected"),
    [
        pytest.param("f(a, b)", LEGACY, None, id="positional_bind"),
        pytest.param("f(a, websocket_bridge=b, user_context=c)", LEGACY, None, id="mixed_bind"),
        pytest.param(
            "f(a)", LEGACY, "missing a required argument: 'websocket_bridge'", id="missing_required"
        ),
        pytest.param(
            "f(a, b, bridge=c)", LEGACY, "got an unexpected keyword argument 'bridge'", id="unknown_keyword"
        ),
        pytest.param("f(a, b, c, d)", LEGACY, "too many positional arguments", id="too_many"),
        pytest.param("f(*args)", LEGACY, "it passes *args or **kwargs", id="splat"),
        pytest.param("f(**kw)", LEGACY, "it passes *args or **kwargs", id="double_splat"),
        pytest.param("f(", LEGACY, "the call does not parse ('(' was never closed)", id="not_parsing"),
        pytest.param("f(a, b=1)", parse_signature(["a", "/", "b"]), None, id="positional_only"),
        pytest.param(
            "f(a=1)",
            parse_signature(["a", "/"]),
            "got an unexpected keyword argument 'a'",
            id="positional_only_by_keyword",
        ),
        pytest.param("f(x=1, y=2)", parse_signature(["**kw"]), None, id="var_keyword_takes_any"),
    ],
)
def test_binds(call: str, signature: Signature, expected: str | None) -> None:
    assert binds(call, signature) == expected


def test_binds_partial_leaves_required_parameters_unbound() -> None:
    assert binds("f(a)", LEGACY, partial=True) is None
    assert binds("f(a)", LEGACY) is not None


# --------------------------------------------------------------------------- decisions


def test_positional_arguments_named_through_legacy_signature() -> None:
    assert plan_arguments([None, None, "user_context"], plan()) == (
        ArgEdit("registry", 0),
        ArgEdit("websocket_bridge", 1),
        ArgEdit("user_context", 2),
    )


def test_rename_drop_add_applied_in_order() -> None:
    rule = plan(
        canonical=Target.parse("app.new:UserEngine"),
        canonical_signature=CANONICAL,
        rename=(("websocket_bridge", "websocket_emitter"), ("user_context", "context")),
        drop=("registry",),
        add=(("agent_factory", "AgentFactory()"),),
    )
    assert plan_arguments([None, None, None], rule) == (
        ArgEdit("websocket_emitter", 1),
        ArgEdit("context", 2),
        ArgEdit("agent_factory", "AgentFactory()"),
    )


def test_without_keywords_only_positions_from_a_renamed_parameter_on_become_keywords() -> None:
    rule = plan(
        keywords=False,
        rename=(("websocket_bridge", "bridge"),),
        canonical_signature=parse_signature(["registry", "bridge", "user_context=None"]),
    )
    assert plan_arguments([None, None, None], rule) == (
        ArgEdit(None, 0),
        ArgEdit("bridge", 1),
        ArgEdit("user_context", 2),
    )


def test_positional_argument_binding_elsewhere_is_refused() -> None:
    rule = plan(keywords=False, canonical_signature=parse_signature(["websocket_bridge", "registry"]))
    assert plan_arguments([None, None], rule) == (
        "call of app.old:Engine: argument 1 (registry) would bind to websocket_bridge of "
        "app.new:UserEngine.create_from_legacy; set keywords = true"
    )


@pytest.mark.parametrize(
    ("forms", "rule", "message"),
    [
        pytest.param(
            [None, "*"],
            plan(),
            "call of app.old:Engine passes *args or **kwargs, which cannot be checked against "
            "app.new:UserEngine.create_from_legacy(registry, websocket_bridge, user_context=...)",
            id="splat",
        ),
        pytest.param(
            [None],
            plan(canonical_signature=parse_signature(["registry", "websocket_bridge=None"])),
            "call of app.old:Engine does not bind to its legacy signature "
            "(registry, websocket_bridge, user_context=...) (missing a required argument: 'websocket_bridge')",
            id="not_binding_legacy",
        ),
        pytest.param(
            [None],
            plan(),
            "call of app.old:Engine is already broken before the migration: it binds neither the legacy "
            "signature (registry, websocket_bridge, user_context=...) (missing a required argument: "
            "'websocket_bridge') nor app.new:UserEngine.create_from_legacy(registry, websocket_bridge, "
            "user_context=...) (missing a required argument: 'websocket_bridge')",
            id="binding_neither_signature",
        ),
        pytest.param(
            [None, None],
            plan(legacy_signature=None),
            "call of app.old:Engine: the legacy signature of "
            "app.old:Engine is unknown, so its positional arguments cannot be checked",
            id="legacy_unknown",
        ),
        pytest.param(
            ["registry", "websocket_bridge"],
            plan(canonical_signature=None),
            "call of app.old:Engine: the "
            "signature of app.new:UserEngine.create_from_legacy is unknown, so the rewritten call cannot be checked",
            id="canonical_unknown",
        ),
        pytest.param(
            [None, None],
            plan(canonical_signature=CANONICAL),
            "call of app.old:Engine rewritten for "
            "app.new:UserEngine.create_from_legacy(context, agent_factory, websocket_emitter) would not bind "
            "(got an unexpected keyword argument 'registry')",
            id="unknown_keyword",
        ),
        pytest.param(
            ["registry", "websocket_bridge"],
            plan(add=(("registry", "r"),)),
            "call of app.old:Engine already passes registry, which the rule adds",
            id="add_conflict",
        ),
        pytest.param(
            [None, None, None],
            plan(has_rule=False, canonical=Target.parse("app.new:UserEngine"), canonical_signature=CANONICAL),
            "call of app.old:Engine would pass context differently to app.new:UserEngine(context, agent_factory, "
            "websocket_emitter); add a [[legacy.calls]] rule",
            id="no_rule_binds_elsewhere",
        ),
        pytest.param(
            [None, None],
            plan(has_rule=False, canonical=Target.parse("app.new:Other"), canonical_signature=None),
            "call of app.old:Engine: the signature of app.new:Other is unknown and no [[legacy.calls]] rule says how "
            "to call app.new:Other",
            id="no_rule_unknown_names_differ",
        ),
        pytest.param(
            [None, None],
            plan(rename=(("registry", "r"),)),
            "call of app.old:Engine: functools.partial with "
            "positional arguments the rule renames or drops would change how calls of the partial bind",
            id="partial_positional_renamed",
        ),
    ],
)
def test_refusals_name_the_legacy_callable(forms: list[str | None], rule: CallPlan, message: str) -> None:
    partial = "partial" in message
    assert plan_arguments(forms, rule, partial=partial) == message


@pytest.mark.parametrize(
    ("forms", "rule"),
    [
        pytest.param([None, None], plan(has_rule=False, canonical_signature=LEGACY), id="same_signature"),
        pytest.param(["*"], plan(has_rule=False, canonical_signature=LEGACY), id="splat_same_signature"),
        pytest.param(
            [None],
            plan(
                has_rule=False,
                canonical=Target.parse("app.new:Engine"),
                legacy_signature=None,
                canonical_signature=None,
            ),
            id="unknown_same_name",
        ),
        pytest.param(
            [None, None],
            plan(has_rule=False, canonical_signature=parse_signature(["registry", "websocket_bridge"])),
            id="this_call_binds_the_same_way",
        ),
    ],
)
def test_compatible_calls_without_rule_need_nothing(forms: list[str | None], rule: CallPlan) -> None:
    assert plan_arguments(forms, rule) is None


def test_callee_through_legacy_name_or_imported() -> None:
    mapped = Target.parse("app.new:UserEngine")
    assert choose_callee(plan(), mapped) == Callee(("create_from_legacy",))
    assert choose_callee(plan(canonical=mapped), mapped) == Callee()
    factory = Target.parse("app.factory:make_engine")
    assert choose_callee(plan(canonical=factory), mapped) == Callee(imported=factory)


def test_await_decisions() -> None:
    async_plan = plan(canonical_signature=parse_signature(["registry", "websocket_bridge"], is_async=True))
    assert await_decision(async_plan, in_async=True, awaited=False, partial=False) is True
    assert await_decision(async_plan, in_async=True, awaited=True, partial=False) is False
    assert await_decision(plan(), in_async=True, awaited=False, partial=False) is False
    assert (
        await_decision(
            async_plan.__class__(**{**_fields(async_plan), "await_mode": "never"}),
            in_async=False,
            awaited=False,
            partial=False,
        )
        is False
    )
    assert await_decision(async_plan, in_async=False, awaited=False, partial=False) == (
        "call of app.old:Engine: app.new:UserEngine.create_from_legacy is async and the call is not directly "
        "inside an async def, so it cannot be awaited"
    )
    assert await_decision(async_plan, in_async=True, awaited=False, partial=True) == (
        "call of app.old:Engine: functools.partial of the async app.new:UserEngine.create_from_legacy would return coroutines"
    )


def _fields(value: CallPlan) -> dict[str, object]:
    return {name: getattr(value, name) for name in value.__slots__}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "module", "is_package", "expected"),
    [
        ("app.old.Engine", "x.y", False, "app.old.Engine"),
        (".old.Engine", "app.consumer", False, "app.old.Engine"),
        (".old.Engine", "app", True, "app.old.Engine"),
        ("..old.Engine", "app.sub.consumer", False, "app.old.Engine"),
        ("...old.Engine", "app.consumer", False, None),
        (".old.Engine", None, False, None),
    ],
)
def test_relative_to_absolute(name: str, module: str | None, is_package: bool, expected: str | None) -> None:
    assert relative_to_absolute(name, module, is_package) == expected


# --------------------------------------------------------------------------- the command


def context(calls: tuple[CallPlan, ...], path: str = "app/consumer.py") -> FileContext:
    module, is_package = module_name_for(path, (".",))
    return FileContext(
        path, module, is_package, NameMap.parse({"app.old:Engine": "app.new:UserEngine"}), calls=calls
    )


def test_syntax_error_is_skipped_and_no_plans_is_unchanged() -> None:
    assert isinstance(run(b"def (:\n", context((plan(),))), Skipped)
    source = b"from app.old import Engine\nEngine(1, 2)\n"
    assert run(source, context(())) == Unchanged("app/consumer.py")


def test_blocked_finding_has_its_code_and_line() -> None:
    source = b"from app.old import Engine\n\n\ndef f(args):\n    return Engine(*args)\n"
    result = run(source, context((plan(),)))
    assert isinstance(result, Unchanged)
    (finding,) = result.findings
    assert (finding.line, finding.code) == (5, "blocked-call")
    assert finding.message.endswith("; call left unchanged")


def test_standalone_command_reads_calls_file(tmp_path: Path) -> None:
    calls = tmp_path / "calls.toml"
    calls.write_text(
        textwrap.dedent("""
        [[calls]]
        legacy = "app.old:Engine"
        canonical = "app.new:UserEngine.create_from_legacy"
        legacy_signature = { params = ["registry", "websocket_bridge", "user_context=None"] }
        canonical_signature = { params = ["registry", "websocket_bridge", "user_context=None"] }
        keywords = true
        has_rule = true
    """),
        encoding="utf-8",
    )
    import argparse

    parser = argparse.ArgumentParser()
    RewriteCallsCommand.add_args(parser)
    options = vars(parser.parse_args(["--map", "app.old:Engine=app.new:UserEngine", "--calls", str(calls)]))
    command = RewriteCallsCommand(CodemodContext(filename="app/x.py", full_module_name="app.x"), **options)
    tree = command.transform_module(cst.parse_module("from app.old import Engine\nEngine(r, b)\n"))
    assert (
        tree.code == "from app.old import Engine\nEngine.create_from_legacy(registry=r, websocket_bridge=b)\n"
    )


# --------------------------------------------------------------------------- every written call binds


def _imports(tree: ast.Module, module: str | None, is_package: bool) -> dict[str, str]:
    """Local name -> absolute dotted origin, for every import in the file (any scope)."""
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
        elif isinstance(node, ast.ImportFrom):
            dots = "." * node.level
            base = (
                relative_to_absolute(dots + (node.module or ""), module, is_package)
                if node.level
                else node.module
            )
            for alias in node.names:
                if base:
                    found[alias.asname or alias.name] = f"{base}.{alias.name}"
    return found


def _dotted(node: ast.expr, imports: dict[str, str]) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in imports:
        return None
    return ".".join([imports[node.id], *reversed(parts)])


def _canonical_path(dotted: str, name_map: NameMap) -> str:
    for legacy, canonical in name_map:
        if dotted == legacy.dotted or dotted.startswith(legacy.dotted + "."):
            return canonical.dotted + dotted[len(legacy.dotted) :]
    return dotted


def check_written_calls(root: Path, spec: Spec, result: ScanResult) -> tuple[int, list[str]]:
    """Run the codemod on every importer; bind each call it wrote to the canonical signature."""
    plans = call_plans(spec, result)
    checked, findings = 0, []
    for entry in spec.legacy:
        name_map = module_name_map(spec, entry, result.reexports)
        file_plans = plans_for(plans, name_map)
        signatures = {p.canonical.dotted: p.canonical_signature for p in file_plans}
        for path in sorted({use.path for use in result.uses_of(entry.module)}):
            module, is_package = module_name_for(path, result.source_roots)
            before = (root / path).read_bytes()
            outcome = run(before, FileContext(path, module, is_package, name_map, calls=file_plans))
            assert isinstance(outcome, (Edited, Unchanged)), outcome
            findings.extend(str(f) for f in outcome.findings)
            if isinstance(outcome, Edited):
                checked += _bind_new_calls(before, outcome.after, module, is_package, name_map, signatures)
    return checked, findings


def _bind_new_calls(
    before: bytes,
    after: bytes,
    module: str | None,
    is_package: bool,
    name_map: NameMap,
    signatures: dict[str, Signature | None],
) -> int:
    old = {ast.dump(node) for node in ast.walk(ast.parse(before)) if isinstance(node, ast.Call)}
    tree = ast.parse(after)
    imports = _imports(tree, module, is_package)
    checked = 0
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or ast.dump(node) in old:
            continue
        callee, args, partial = node.func, list(node.args), False
        if _dotted(callee, imports) == "functools.partial":
            callee, args, partial = args[0], args[1:], True
        dotted = _dotted(callee, imports)
        if dotted is None:
            continue
        canonical = _canonical_path(dotted, name_map)
        if canonical == dotted and canonical not in signatures:
            continue  # a call the codemod did not write (it only contains one)
        assert canonical in signatures, (
            f"written call of {canonical}, which no plan names: {ast.unparse(node)}"
        )
        signature = signatures[canonical]
        assert signature is not None, ast.unparse(node)
        assert not any(isinstance(a, ast.Starred) for a in args) and all(k.arg for k in node.keywords)
        bind = inspect_signature(signature).bind_partial if partial else inspect_signature(signature).bind
        bind(*range(len(args)), **{str(k.arg): None for k in node.keywords})
        checked += 1
    return checked


@pytest.fixture(scope="module")
def example_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("example") / "repo"
    shutil.copytree(example_source(), target, ignore=shutil.ignore_patterns("__pycache__"))
    return make_repo(target, {})


def test_every_written_call_binds_on_the_example(example_repo: Path) -> None:
    spec = load_spec(example_repo)
    checked, findings = check_written_calls(example_repo, spec, scan(example_repo, spec))
    assert checked == 18
    assert findings == []


GENERATED_SPEC = """
[migration]
name = "generated"

[[legacy]]
module = "app.old"

[legacy.names]
Engine = "app.new:UserEngine"
old_make = "app.new:new_make"

[[legacy.calls]]
name = "Engine"
canonical = "app.new:UserEngine.create_from_legacy"
keywords = true

[[legacy.calls]]
name = "Engine.build"
canonical = "app.factory:make_engine"
keywords = true
rename = { bridge = "emitter", user_context = "context" }
drop = ["verbose"]
add = { factory = "default_factory()" }
imports = ["app.factory:default_factory"]
"""

GENERATED_SOURCES = {
    "app/__init__.py": "",
    "app/old.py": """
        class Engine:
            def __init__(self, registry, bridge, user_context=None): ...

            @classmethod
            def build(cls, registry, bridge, user_context=None, verbose=False): ...

        def old_make(registry, bridge): ...
    """,
    "app/new.py": """
        class UserEngine:
            def __init__(self, context, agent_factory, emitter): ...

            @classmethod
            async def create_from_legacy(cls, registry, bridge, user_context=None): ...

        def new_make(bridge, registry): ...
    """,
    "app/factory.py": """
        def default_factory(): ...

        def make_engine(*, registry, emitter, factory, context=None): ...
    """,
}

ARGUMENTS = ("r, b", "r, b, c", "r, bridge=b", "registry=r, bridge=b, user_context=c", "*args", "r")
CALLEES = (
    "Engine({})",
    "Engine.build({})",
    "legacy.Engine({})",
    "E({})",
    "functools.partial(Engine, {})",
    "old_make({})",
)
WRAPPERS = ("def f(r, b, c, args):\n    return {}\n", "async def f(r, b, c, args):\n    return {}\n")


def generated_files() -> dict[str, str]:
    files = {"ssot.toml": GENERATED_SPEC, **GENERATED_SOURCES}
    header = "import functools\nimport app.old as legacy\nfrom app.old import Engine, old_make\nfrom app.old import Engine as E\n\n\n"
    for index, (callee, arguments, wrapper) in enumerate(itertools.product(CALLEES, ARGUMENTS, WRAPPERS)):
        files[f"app/use_{index:03}.py"] = header + wrapper.format(callee.format(arguments))
    return files


def test_every_written_call_binds_on_a_generated_repository(git_repo: RepoFactory) -> None:
    repo = git_repo(generated_files())
    spec = load_spec(repo)
    checked, findings = check_written_calls(repo, spec, scan(repo, spec))
    assert checked >= 20
    assert findings, "the generated cases include calls that must be refused"
    assert all("; call left unchanged" in line or "held back" in line for line in findings)


def test_signature_notation_matches_inspect() -> None:
    built = inspect_signature(parse_signature(["a", "/", "b=1", "*args", "c", "**kw"]))
    assert str(built) == "(a, /, b=Ellipsis, *args, c, **kw)"
    assert [p.kind for p in built.parameters.values()] == [
        inspect.Parameter.POSITIONAL_ONLY,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        inspect.Parameter.VAR_POSITIONAL,
        inspect.Parameter.KEYWORD_ONLY,
        inspect.Parameter.VAR_KEYWORD,
    ]
