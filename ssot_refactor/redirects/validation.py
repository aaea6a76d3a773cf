"""Redirect planning: the generated import-validation test of the migration's redirects (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ssot_refactor.redirects.surface import Export
from ssot_refactor.spec import Spec

_TEST_HEADER = '''"""Import validation for the {name} migration, written by ssot-refactor.

Every legacy name must still import and be the canonical object itself, and every legacy
module must stay a pure redirect: imports, ``__all__``, ``__getattr__``/``__dir__`` and
private names, nothing else. Plain ``unittest``, so pytest and ``python -m unittest`` both
run it.
"""

import ast
import importlib
import importlib.util
import re
import unittest
from pathlib import Path

#: legacy module -> legacy name -> the canonical target (``module:Name``) it must be
REDIRECTS = {{
{table}}}
#: legacy modules that serve their names through a warning ``__getattr__``
WARNING_MODULES = {warning_modules}
REDIRECT_FUNCTIONS = {{"__getattr__", "__dir__"}}


def canonical_object(target: str) -> object:
    module_name, _, qualified_name = target.partition(":")
    value: object = importlib.import_module(module_name)
    for part in qualified_name.split("."):
        value = getattr(value, part)
    return value


class LegacyNamesTest(unittest.TestCase):
    def test_legacy_names_are_the_canonical_objects(self) -> None:
        for legacy_module, names in REDIRECTS.items():
            module = importlib.import_module(legacy_module)
            for name, target in names.items():
                with self.subTest(legacy=f"{{legacy_module}}:{{name}}"):
                    if legacy_module in WARNING_MODULES:
                        replacement = re.escape(target.replace(":", "."))
                        with self.assertWarnsRegex(DeprecationWarning, replacement):
                            legacy = getattr(module, name)
                    else:
                        legacy = getattr(module, name)
{identity}                    self.assertIn(name, dir(module))

    def test_legacy_modules_provide_exactly_their_names(self) -> None:
        for legacy_module, names in REDIRECTS.items():
            with self.subTest(legacy_module=legacy_module):
                module = importlib.import_module(legacy_module)
                self.assertEqual(sorted(module.__all__), sorted(names))

    def test_legacy_modules_are_pure_redirects(self) -> None:
        for legacy_module in REDIRECTS:
            with self.subTest(legacy_module=legacy_module):
                spec = importlib.util.find_spec(legacy_module)
                assert spec is not None and spec.origin is not None
                tree = ast.parse(Path(spec.origin).read_bytes())
                body = tree.body[1:] if ast.get_docstring(tree, clean=False) is not None else tree.body
                for statement in body:
                    self.assertTrue(
                        is_redirect_statement(statement),
                        f"{{legacy_module}}:{{statement.lineno}} is more than a redirect",
                    )


def is_redirect_statement(statement: ast.stmt) -> bool:
    """Imports, ``__all__``, private names, ``name = Class.attr``, the PEP 562 functions."""
    if isinstance(statement, (ast.Import, ast.ImportFrom)):
        return True
    if isinstance(statement, ast.FunctionDef):
        return statement.name in REDIRECT_FUNCTIONS
    if isinstance(statement, ast.If):
        return is_type_checking(statement.test) and all(map(is_redirect_statement, statement.body))
    if isinstance(statement, (ast.Assign, ast.AnnAssign)):
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        names = [target.id for target in targets if isinstance(target, ast.Name)]
        aliases_an_attribute = isinstance(statement.value, ast.Attribute)
        return len(names) == len(targets) and all(
            name == "__all__" or name.startswith("_") or aliases_an_attribute for name in names
        )
    return False


def is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Attribute):
        return test.attr == "TYPE_CHECKING"
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"


if __name__ == "__main__":
    unittest.main()
'''

_IDENTITY = "                    self.assertIs(legacy, canonical_object(target))\n"
_IDENTITY_OR_METHOD = """\
                    canonical = canonical_object(target)
                    if "." in target.partition(":")[2]:  # Class.attr: a bound method is new on every access
                        self.assertEqual(legacy, canonical)
                    else:
                        self.assertIs(legacy, canonical)
"""


def import_validation_test(spec: Spec, exports_by_module: Mapping[str, Sequence[Export]]) -> str:
    """The test module written to ``[migration] tests`` (unittest, which pytest runs too): every
    legacy name still imports as the canonical object, and every legacy module is a pure redirect."""
    table = "".join(
        f'    "{module}": {{\n'
        + "".join(f'        "{name}": "{target}",\n' for name, target in exports)
        + "    },\n"
        for module, exports in exports_by_module.items()
    )
    warning = [module for module in exports_by_module if (entry := spec.legacy_module(module)) and entry.warn]
    dotted = any("." in target.name for exports in exports_by_module.values() for _, target in exports)
    return _TEST_HEADER.format(
        name=spec.migration.name,
        table=table,
        warning_modules="{" + ", ".join(f'"{module}"' for module in warning) + "}" if warning else "set()",
        identity=_IDENTITY_OR_METHOD if dotted else _IDENTITY,
    )
