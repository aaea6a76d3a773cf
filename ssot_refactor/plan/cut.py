"""Cutting one file's combined rewrite into the per-module commits it belongs to (pure).

A file that imports several legacy modules is rewritten once, with all their mappings (one
LibCST parse, one safety check). The plan still makes one commit per legacy module, so that
rewrite is cut afterwards into its changed regions: the tokens that differ between the file and
its rewrite (a line diff first, then a token diff inside each changed block). Each region
belongs to the legacy modules whose words it removes (or, failing that, introduces); the regions
of one import statement stay together; regions of several modules join them, and a joined group
lands in the commit of its first module.

Every intermediate version is checked: it parses, it loads no name that the file did not
already leave undefined, and each of its imports is one the file had or one its rewrite has.
When a version fails, the cut is refused and the caller falls back to one rewrite per module.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass

from ssot_refactor.model import FileContext, NameMap, nodes_of, source_tree
from ssot_refactor.plan.diff import Hunk, apply, hunks
from ssot_refactor.plan.versions import Versions
from ssot_refactor.scan.records import ImportRecord, ModuleInfo


@dataclass(frozen=True, slots=True)
class Words:
    """The words that mark a change as one legacy module's, in one file."""

    legacy: frozenset[bytes]  #: its legacy names and the local names the file binds from its modules
    canonical: frozenset[bytes]  #: the canonical names its names become (several modules may share one)


def vocabulary(name_map: NameMap, info: ModuleInfo | None) -> Words:
    """One legacy module's words in one file (``info``: the file's imports)."""
    legacy: set[str] = set()
    modules = {legacy.module for legacy, _ in name_map}
    legacy.update(old.head for old, _ in name_map)
    for record in info.imports if info is not None else ():
        if _binds_from(record, modules, name_map):
            legacy.add(record.local.rsplit(".", 1)[-1])
            if record.module in modules:  # ``from pkg.legacy import (`` on a line of its own
                legacy.add(record.module.rsplit(".", 1)[-1])
            if record.name not in (None, "*"):
                legacy.add(str(record.name))
    return Words(
        frozenset(word.encode() for word in legacy),
        frozenset(canonical.head.encode() for _, canonical in name_map),
    )


def _binds_from(record: ImportRecord, modules: set[str], name_map: NameMap) -> bool:
    if record.module in modules or record.target_module in modules:
        return True
    return any(legacy.module.startswith(record.target_module + ".") for legacy, _ in name_map)


class _Groups:
    """Union-find over module indexes: modules whose changes must land in one commit."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def root(self, k: int) -> int:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def join(self, modules: Sequence[int]) -> None:
        for k in modules[1:]:
            first, other = self.root(modules[0]), self.root(k)
            self.parent[max(first, other)] = min(first, other)


def groups(
    found: Sequence[Hunk], words: Sequence[Words], statements: Sequence[tuple[int, int]] = ()
) -> list[int] | None:
    """For each hunk, the index of the module whose commit takes it; None when one cannot be told.

    A hunk belongs to the modules whose legacy words it removes; failing that, whose legacy
    words it adds (a kept alias); failing that, whose canonical words it adds. A hunk of several
    modules joins them: all their hunks go to the first. A pure insertion (an import that only
    adds) goes to the first module it names, unjoined: importing an existing name early is safe.
    The hunks inside one of ``statements`` (byte ranges of the original's import statements)
    join too, so an import statement is never half rewritten. A hunk that names no module goes
    with its nearest neighbour (the cut versions are checked).
    """
    joined = _Groups(len(words))
    owners = [_owners(hunk, words) for hunk in found]
    for owned in owners:
        joined.join(owned)
    for start, end in statements:
        inside = [
            n
            for n, hunk in enumerate(found)
            if hunk.start < end and hunk.end > start or hunk.start == hunk.end and start <= hunk.start < end
        ]
        modules = [k for n in inside for k in owners[n]]
        joined.join(modules)
        for n in inside:
            owners[n] = owners[n] or modules
    named = [n for n, owned in enumerate(owners) if owned]
    if not named:
        return None
    for n, owned in enumerate(owners):
        if not owned:
            owners[n] = owners[min(named, key=lambda m: (abs(m - n), m > n))]
    return [min(joined.root(k) for k in owned) for owned in owners]


def _owners(hunk: Hunk, words: Sequence[Words]) -> list[int]:
    owned = [k for k, module in enumerate(words) if hunk.removed & module.legacy]
    owned = owned or [k for k, module in enumerate(words) if hunk.added & module.legacy]
    if not owned:
        owned = [k for k, module in enumerate(words) if hunk.added & module.canonical]
        if owned and hunk.start == hunk.end:
            owned = owned[:1]
    return owned


def owner_of_line(source: bytes, line: int, found: Sequence[Hunk], owner: Sequence[int]) -> int | None:
    """The module whose commit takes the changes on a line of ``source`` (1-based), if any."""
    start = sum(len(text) for text in source.splitlines(keepends=True)[: max(line - 1, 0)])
    end = source.find(b"\n", start) + 1 or len(source)
    return next((k for hunk, k in zip(found, owner) if hunk.start <= end and hunk.end >= start), None)


@dataclass(frozen=True, slots=True)
class Cut:
    """A combined rewrite cut per module: the file after each module's commit, and who took what."""

    states: tuple[bytes, ...]  #: the file after each module's commit (the last one is the rewrite)
    hunks: tuple[Hunk, ...]
    owner: tuple[int, ...]  #: per hunk, the index of the module whose commit takes it


def cut(
    source: bytes, after: bytes, ctx: FileContext, maps: Sequence[NameMap], info: ModuleInfo | None
) -> Cut | None:
    """The file after each module's commit; None when it cannot be cut.

    ``maps`` are the legacy modules' name maps in commit order. Each intermediate version is
    checked: it parses, it leaves no name undefined that ``source`` did not, and it imports
    nothing that neither ``source`` nor ``after`` imports.
    """
    words = [vocabulary(name_map, info) for name_map in maps]
    found = hunks(source, after)
    owner = groups(found, words, _import_statements(source))
    if owner is None:
        return None
    versions = Versions(source, found, ctx)
    first = versions.facts(())
    last = versions.facts(range(len(found)))
    if first is None or last is None:
        return None
    undefined, imports = first[0], first[1] | last[1]
    states: list[bytes] = []
    for k in range(len(maps)):
        taken = [n for n, at in enumerate(owner) if at <= k]
        state = apply(source, [found[n] for n in taken]) if len(taken) < len(found) else after
        if state not in (source, after) and (not states or state != states[-1]):
            facts = versions.facts(set(taken))
            if facts is None or not facts[0] <= undefined or not facts[1] <= imports:
                return None
        states.append(state)
    return Cut(tuple(states), tuple(found), tuple(owner))


def _import_statements(source: bytes) -> list[tuple[int, int]]:
    """The byte ranges of the import statements of a file that parses (all scopes)."""
    tree = source_tree(source)
    if tree is None:
        return []
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    found = []
    for node in nodes_of(tree, ast.Import, ast.ImportFrom):
        end_line = node.end_lineno or node.lineno
        found.append((offsets[node.lineno - 1], offsets[min(end_line, len(lines))]))
    return found
