"""The prefilter of ``patch_targets``: can the command act on this file? (pure, stdlib ``ast`` only).

The contract of every prefilter (``codemods._support.prefilter``): it may only err towards
"yes", and when it says "no" the command would have returned the file unchanged with no finding.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from codemods._support import parse_or_none
from codemods.patch_targets.paths import parse_path_renames, path_rules
from ssot_refactor.model import FileContext, nodes_of


def no_paths_to_touch(source: bytes, ctx: FileContext) -> bool:
    """True when no string, ``patch.object`` or ``import_module`` call can concern this file's rules."""
    rules = path_rules(ctx.name_map, parse_path_renames(ctx.path_renames))
    return not may_touch_paths(source, ctx, [legacy for legacy, _ in rules])


def may_touch_paths(source: bytes, ctx: FileContext, legacy_prefixes: Iterable[str]) -> bool:
    """Can ``patch_targets`` act here? Only on a string naming a legacy path or module, a
    ``patch.object`` call, or an ``importlib.import_module`` call."""
    tree = parse_or_none(source)
    if tree is None:
        return True
    needles = tuple(dict.fromkeys([*legacy_prefixes, *ctx.name_map.legacy_modules]))
    if not needles:
        return False
    for constant in nodes_of(tree, ast.Constant):
        if isinstance(constant.value, str) and any(needle in constant.value for needle in needles):
            return True
    for joined in nodes_of(tree, ast.JoinedStr):
        text = "".join(
            v.value for v in joined.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
        if any(needle in text for needle in needles):
            return True
    return any(calls_patch_object_or_import_module(call.func) for call in nodes_of(tree, ast.Call))


def calls_patch_object_or_import_module(func: ast.expr) -> bool:
    """``….object(...)`` on anything named ``patch``, or any callee whose last name is ``import_module``."""
    if isinstance(func, ast.Attribute) and func.attr == "object":
        inner = func.value
        return (isinstance(inner, ast.Name) and inner.id == "patch") or (
            isinstance(inner, ast.Attribute) and inner.attr == "patch"
        )
    last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    return last == "import_module"
