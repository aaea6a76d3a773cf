"""Spec loading and validation: every error names the file, the key and the line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ssot_refactor.cli import main
from ssot_refactor.errors import SpecError
from ssot_refactor.model import Target
from ssot_refactor.spec import load_spec

GOOD = """\
[migration]
name = "engine-ssot"

[[legacy]]
module = "app.old"
redirect = true
warn = true
keep = ["EngineError"]

[legacy.names]
Engine = "app.new:UserEngine"
make_engine = "app.factory:make_engine"

[[legacy.calls]]
name = "Engine"
canonical = "app.new:UserEngine.create_from_legacy"
keywords = true
rename = { bridge = "emitter" }
drop = ["registry"]
add = { factory = "get_factory()" }
imports = ["app.factory:get_factory"]
await = "auto"

[[legacy]]
module = "app.older"

[legacy.names]
OldEngine = "app.new:UserEngine"
"""


def write_spec(tmp_path: Path, text: str, name: str = "ssot.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def spec_error(tmp_path: Path, text: str) -> SpecError:
    write_spec(tmp_path, text)
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path)
    return caught.value


def test_full_spec_loads_into_frozen_dataclasses(tmp_path: Path) -> None:
    write_spec(tmp_path, GOOD)
    spec = load_spec(tmp_path)
    assert spec.migration.name == "engine-ssot"
    assert spec.migration.branch == "ssot/engine-ssot"
    assert spec.migration.include == ("**",)
    assert spec.migration.split_by == "module"
    first, second = spec.legacy
    assert (first.module, first.redirect, first.warn, first.keep) == ("app.old", True, True, ("EngineError",))
    assert first.names == (
        ("Engine", Target("app.new", "UserEngine")),
        ("make_engine", Target("app.factory", "make_engine")),
    )
    rule = first.calls[0]
    assert rule.canonical == Target("app.new", "UserEngine.create_from_legacy")
    assert (rule.keywords, rule.rename, rule.drop) == (True, (("bridge", "emitter"),), ("registry",))
    assert rule.add == (("factory", "get_factory()"),) and rule.imports == (
        Target("app.factory", "get_factory"),
    )
    assert second.redirect is False and second.calls == ()
    assert spec.name_map.canonical_for("app.older", "OldEngine") == Target("app.new", "UserEngine")
    with pytest.raises(AttributeError):
        spec.migration.name = "other"  # type: ignore[misc]


def test_explicit_spec_wins_over_ssot_toml(tmp_path: Path) -> None:
    write_spec(tmp_path, GOOD)
    other = write_spec(tmp_path, GOOD.replace("engine-ssot", "explicit"), "custom.toml")
    assert load_spec(tmp_path, other).migration.name == "explicit"


def test_pyproject_table_is_the_fallback(tmp_path: Path) -> None:
    nested = GOOD.replace("[migration]", "[tool.ssot-refactor.migration]")
    nested = nested.replace("[[legacy]]", "[[tool.ssot-refactor.legacy]]")
    nested = nested.replace("[legacy.names]", "[tool.ssot-refactor.legacy.names]")
    nested = nested.replace("[[legacy.calls]]", "[[tool.ssot-refactor.legacy.calls]]")
    write_spec(tmp_path, '[project]\nname = "x"\n\n' + nested, "pyproject.toml")
    spec = load_spec(tmp_path)
    assert spec.migration.name == "engine-ssot" and len(spec.legacy) == 2


def test_pyproject_error_names_the_nested_key_and_line(tmp_path: Path) -> None:
    text = '[project]\nname = "x"\n[tool.ssot-refactor.migration]\nname = "n"\nsplit_by = "files"\n'
    text += '[[tool.ssot-refactor.legacy]]\nmodule = "a.b"\n[tool.ssot-refactor.legacy.names]\nX = "c.d:Y"\n'
    write_spec(tmp_path, text, "pyproject.toml")
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path)
    assert str(caught.value).endswith(
        'pyproject.toml:5: tool.ssot-refactor.migration.split_by: "files" is not one of module, package, none'
    )


def test_no_spec_anywhere_is_an_error_with_a_way_out(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match=r"no migration spec.*\(write ssot.toml"):
        load_spec(tmp_path)


@pytest.mark.parametrize(
    ("mutation", "expected"),
    [
        pytest.param(
            ('name = "engine-ssot"', 'name = "engine-ssot"\ncolour = "blue"'),
            r"ssot.toml:3: migration.colour: unknown key \(allowed: ",
            id="unknown_migration_key",
        ),
        pytest.param(
            ("redirect = true\nwarn", "redirect = true\nredirekt = true\nwarn"),
            r"ssot.toml:7: legacy\[0\].redirekt: unknown key",
            id="unknown_legacy_key",
        ),
        pytest.param(
            ('await = "auto"', 'await = "auto"\nretries = 3'),
            r"ssot.toml:23: legacy\[0\].calls\[0\].retries: unknown key",
            id="unknown_call_key",
        ),
        pytest.param(
            ('name = "engine-ssot"\n', ""),
            r"ssot.toml:1: \[migration\]: missing required key name",
            id="missing_name",
        ),
        pytest.param(
            ('"app.new:UserEngine"\nmake', '"app.new.UserEngine"\nmake'),
            r'ssot.toml:11: legacy\[0\].names.Engine: "app.new.UserEngine" lacks ":Name" \(write module:Name\)',
            id="target_without_colon",
        ),
        pytest.param(
            ('OldEngine = "app.new:UserEngine"', 'OldEngine = "app.new:"'),
            r'ssot.toml:28: legacy\[1\].names.OldEngine: "app.new:": "" is not a Python name',
            id="target_without_name",
        ),
        pytest.param(
            ('Engine = "app.new:UserEngine"', 'Engine = "app.old:UserEngine"'),
            r"ssot.toml:11: legacy\[0\].names.Engine: maps legacy module app.old onto itself",
            id="mapped_onto_itself",
        ),
        pytest.param(
            ('module = "app.older"', 'module = "app.old"'),
            r"ssot.toml:25: legacy\[1\].module: legacy module app.old is already listed as legacy\[0\]",
            id="legacy_module_twice",
        ),
        pytest.param(
            ('OldEngine = "app.new:UserEngine"', 'OldEngine = "app.old:Engine"'),
            r"ssot.toml:28: legacy\[1\].names.OldEngine: target app.old:Engine lies in legacy module app.old \(legacy\[0\].module\)",
            id="target_in_legacy_module",
        ),
        pytest.param(
            ("redirect = true\nwarn = true", "warn = true"),
            r"ssot.toml:6: legacy\[0\].warn: warn = true needs redirect = true",
            id="warn_without_redirect",
        ),
        pytest.param(
            ('name = "engine-ssot"', 'name = "engine-ssot"\ninclude = ["app/**", 3]'),
            r"ssot.toml:3: migration.include: glob 3 must be a string, not an integer",
            id="glob_not_string",
        ),
        pytest.param(
            ('name = "engine-ssot"', 'name = "engine-ssot"\nexclude = "tests/**"'),
            r"ssot.toml:3: migration.exclude: must be an array, not a string",
            id="globs_not_array",
        ),
        pytest.param(
            ("redirect = true\nwarn", 'redirect = "yes"\nwarn'),
            r"ssot.toml:6: legacy\[0\].redirect: must be true or false, not a string",
            id="redirect_not_bool",
        ),
        pytest.param(
            ('name = "Engine"\ncanonical', 'name = "Motor"\ncanonical'),
            r'ssot.toml:15: legacy\[0\].calls\[0\].name: "Motor" is not a mapped legacy name of this module',
            id="call_rule_for_unmapped_name",
        ),
        pytest.param(
            ('add = { factory = "get_factory()" }', 'add = { factory = "get_factory(" }'),
            r'legacy\[0\].calls\[0\].add.factory: "get_factory\(" is not a Python expression',
            id="add_not_expression",
        ),
        pytest.param(
            ('await = "auto"', 'await = "sometimes"'),
            r'ssot.toml:22: legacy\[0\].calls\[0\].await: "sometimes" is not one of auto, always, never',
            id="bad_await",
        ),
        pytest.param(
            ('module = "app.older"', 'module = "app older"'),
            r'ssot.toml:25: legacy\[1\].module: "app older" is not a dotted module path',
            id="bad_module",
        ),
        pytest.param(
            ('module = "app.older"', 'module = "app.import"'),
            r'ssot.toml:25: legacy\[1\].module: "app.import" is not a dotted module path',
            id="keyword_module",
        ),
        pytest.param(
            ('name = "engine-ssot"', 'name = "engine-ssot"\nbranch = "ssot/a..b"'),
            r'migration.branch: "ssot/a..b" is not a valid git branch name',
            id="bad_branch",
        ),
        pytest.param(
            ('name = "engine-ssot"', 'name = "engine-ssot"\ntests = "../outside.py"'),
            r'migration.tests: "../outside.py" must be a path inside the repository',
            id="tests_outside_repo",
        ),
        pytest.param(
            ('[legacy.names]\nOldEngine = "app.new:UserEngine"\n', ""),
            r"ssot.toml:24: legacy\[1\].names: maps no names",
            id="legacy_without_names",
        ),
    ],
)
def test_spec_errors_name_file_key_and_line(tmp_path: Path, mutation: tuple[str, str], expected: str) -> None:
    old, new = mutation
    assert old in GOOD
    error = spec_error(tmp_path, GOOD.replace(old, new, 1))
    assert error.exit_code == 2
    import re

    assert re.search(expected, str(error)), str(error)


def test_target_that_is_itself_a_legacy_name_names_both_keys(tmp_path: Path) -> None:
    text = GOOD.replace('OldEngine = "app.new:UserEngine"', 'OldEngine = "app.new:UserEngine"')
    text += '\n[[legacy]]\nmodule = "app.new2"\n[legacy.names]\nThing = "app.older:OldEngine"\n'
    error = spec_error(tmp_path, text)
    assert "legacy[2].names.Thing" in str(error)
    assert "legacy[1].module" in str(error)


def test_invalid_toml_reports_the_line(tmp_path: Path) -> None:
    error = spec_error(tmp_path, GOOD.replace("redirect = true", "redirect = "))
    assert str(error).startswith(f"{tmp_path / 'ssot.toml'}:6: invalid TOML")


def test_spec_error_exits_2_with_one_line_and_no_traceback(git_repo) -> None:  # type: ignore[no-untyped-def]
    repo = git_repo({"ssot.toml": GOOD.replace("redirect = true\nwarn", "warn"), "app/__init__.py": ""})
    result = CliRunner().invoke(main, ["audit", "--repo", str(repo)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "legacy[0].warn" in lines[0]
    assert "Traceback" not in result.output
