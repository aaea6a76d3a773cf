"""Dotted-path rules of ``patch_targets``: which legacy path a string names, and its canonical form (pure).

A rule is a ``(legacy prefix, canonical prefix)`` pair from the name map or a path rename; a
path matches a rule whole (``"app.old.Engine"``, ``"app.old.Engine.run"``), never inside a
longer name (``"app.old.EngineFactory"``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from ssot_refactor.model import NameMap, is_dotted_name

PathRule = tuple[str, str]  #: (legacy dotted prefix, canonical dotted prefix)


def path_rules(name_map: NameMap, path_renames: Sequence[PathRule] = ()) -> tuple[PathRule, ...]:
    """The dotted-path prefix renames of a file, longest legacy prefix first."""
    rules = dict(path_renames)
    for legacy, canonical in name_map:
        rules.setdefault(legacy.dotted, canonical.dotted)
    kept = [(legacy, canonical) for legacy, canonical in rules.items() if legacy != canonical]
    return tuple(sorted(kept, key=lambda rule: (-len(rule[0]), rule[0])))


def rewrite_dotted_path(text: str, rules: Sequence[PathRule]) -> str | None:
    """The canonical form of a dotted path ``text``, or None when no rule matches it whole."""
    if not is_dotted_name(text):
        return None
    for legacy, canonical in rules:
        if text == legacy or text.startswith(legacy + "."):
            return canonical + text[len(legacy) :]
    return None


def find_legacy_path(text: str, rules: Sequence[PathRule]) -> str | None:
    """The first legacy path that occurs inside free text on dotted-path boundaries, if any."""
    for legacy, _ in rules:
        if legacy in text and _path_pattern(legacy).search(text):
            return legacy
    return None


@functools.lru_cache(maxsize=1024)
def _path_pattern(legacy: str) -> re.Pattern[str]:
    """A dotted path standing alone in free text (not inside a longer name or path)."""
    return re.compile(rf"(?<![\w.]){re.escape(legacy)}(?!\w)")


def module_for_names(legacy_module: str, used: frozenset[str], name_map: NameMap) -> str | None:
    """The one canonical module that defines every used legacy name under the same name."""
    modules: set[str] = set()
    for name in used:
        canonical = name_map.canonical_for(legacy_module, name)
        if canonical is None or canonical.name != name:
            return None
        modules.add(canonical.module)
    return modules.pop() if len(modules) == 1 else None


def patch_object_edit(owner: str, attribute: str, rules: Sequence[PathRule]) -> tuple[str, str] | None:
    """How ``patch.object(owner, attribute)`` follows the patch-target rule, or None.

    ``("attribute", name)`` when the owner module binds the name under a new local name (a path
    rename); ``("target", dotted path)`` when the name is now looked up in another module.
    """
    rewritten = rewrite_dotted_path(f"{owner}.{attribute}", rules)
    if rewritten is None:
        return None
    parent, _, name = rewritten.rpartition(".")
    return ("attribute", name) if parent == owner else ("target", rewritten)


def parse_path_renames(entries: Sequence[PathRule] | Sequence[str]) -> tuple[PathRule, ...]:
    """Path renames from pairs or from ``legacy.path=canonical.path`` strings."""
    rules: list[PathRule] = []
    for entry in entries:
        if isinstance(entry, str):
            legacy, _, canonical = entry.partition("=")
            rules.append((legacy.strip(), canonical.strip()))
        else:
            rules.append((entry[0], entry[1]))
    return tuple(rules)
