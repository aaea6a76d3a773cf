"""The shape of the house, checked: one orchestrator, stages without import cycles, codemods alone.

Read from the source with ``ast``, so a change that breaks the layout fails here, not in review.
"""

from __future__ import annotations

import ast
from pathlib import Path

from support.paths import ROOT

PACKAGES = ("ssot_refactor", "codemods")


def modules() -> dict[str, Path]:
    """Every module of ours (not the bundled example), by dotted name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).with_suffix("")
            if "example" in relative.parts:
                continue
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, known: set[str], *, type_checking: bool = False) -> set[str]:
    """The modules of ours ``name`` imports when it is imported (module level, not under TYPE_CHECKING
    unless ``type_checking``: then also the imports only a type checker follows)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.dump(node.test) and not type_checking:
            continue
        for inner in (
            ast.walk(node)
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            else ()
        ):
            if isinstance(inner, ast.Import):
                found.update(alias.name for alias in inner.names if alias.name in known)
            elif isinstance(inner, ast.ImportFrom) and inner.module and inner.level == 0:
                for alias in inner.names:
                    dotted = f"{inner.module}.{alias.name}"
                    found.add(dotted if dotted in known else inner.module)
    return {module for module in found if module in known and module != name}


def test_the_workflow_is_the_only_caller_of_spec_loading_and_scanning() -> None:
    callers = set()
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("load_spec", "scan")
            ):
                callers.add((name, node.func.id))
    assert callers == {("ssot_refactor.workflow", "load_spec"), ("ssot_refactor.workflow", "scan")}


def cycles_in(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles of a graph (module -> the modules it imports), each as a path back to its start."""
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for child in sorted(graph[node]):
            if state.get(child) == 1:
                cycles.append(stack[stack.index(child) :] + [child])
            elif child not in state:
                visit(child, [*stack, child])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return cycles


def test_no_import_cycle() -> None:
    found = modules()
    graph = {name: imports_of(name, path, set(found)) for name, path in found.items()}
    cycles = cycles_in(graph)
    assert cycles == []


def test_no_import_cycle_in_codemods_even_under_type_checking() -> None:
    """Two codemods modules that need each other, if only for annotations, are one object cut in two."""
    found = {name: path for name, path in modules().items() if name.startswith("codemods")}
    graph = {name: imports_of(name, path, set(found), type_checking=True) for name, path in found.items()}
    assert cycles_in(graph) == []


def test_codemods_support_is_imported_by_the_names_its_package_exports() -> None:
    found = modules()
    for name, path in found.items():
        if name.startswith("codemods._support"):
            continue
        inner = {
            m
            for m in imports_of(name, path, set(found), type_checking=True)
            if m.startswith("codemods._support.")
        }
        assert inner == set(), (name, inner)


def test_codemods_import_nothing_of_ours_but_the_model() -> None:
    found = modules()
    for name, path in found.items():
        if name.startswith("codemods"):
            ours = {
                module for module in imports_of(name, path, set(found)) if module.startswith("ssot_refactor")
            }
            model = {m for m in ours if m == "ssot_refactor.model" or m.startswith("ssot_refactor.model.")}
            assert ours == model, (name, ours)


def test_no_module_over_400_lines() -> None:
    long = {
        name: lines for name, path in modules().items() if (lines := len(path.read_text().splitlines())) > 400
    }
    assert long == {}


def test_ruff_check_and_format_are_clean() -> None:
    """The lint rules (with the complexity gate) and the formatter, as configured in pyproject.toml."""
    import subprocess
    import sys

    for argv in (["check", "--no-cache", "."], ["format", "--check", "--no-cache", "."]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *argv], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
