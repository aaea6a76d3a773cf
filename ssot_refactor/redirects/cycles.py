"""Redirect planning: refuse a redirect whose imports would import the legacy module back (read-only)."""

from __future__ import annotations

from collections.abc import Iterable

from ssot_refactor.errors import PlanError
from ssot_refactor.redirects.surface import Export, Reader
from ssot_refactor.scan import ScanResult
from ssot_refactor.scan.index import index_source
from ssot_refactor.scan.records import MODULE_SCOPE, ModuleInfo, module_name_for
from ssot_refactor.spec import LegacyModule


def check_cycles(
    entry: LegacyModule, result: ScanResult, exports: Iterable[Export], read: Reader | None = None
) -> None:
    """Raise PlanError when a module the redirect imports imports the legacy module at load time.

    Follows module-level imports (not ``if TYPE_CHECKING:`` ones, not those in functions) across
    the repository. Packages a module lives in are not followed: they are loaded before both.
    """
    graph = _ImportGraph(result, read)
    for module in dict.fromkeys(target.module for _, target in exports):
        chain = graph.path(module, entry.module)
        if chain is not None:
            cycle = " -> ".join([*chain, module])
            raise PlanError(
                f"redirect would create an import cycle: {cycle}",
                path=result.path_of(entry.module),
                hint=f"make {chain[-2]} stop importing {entry.module} at module level, or set redirect = false",
            )


class _ImportGraph:
    """Module-level imports between repository modules, indexed on demand."""

    def __init__(self, result: ScanResult, read: Reader | None) -> None:
        self.result, self.read = result, read
        self.infos: dict[str, ModuleInfo | None] = {}

    def info(self, module: str) -> ModuleInfo | None:
        if module not in self.infos:
            self.infos[module] = self._load(module)
        return self.infos[module]

    def _load(self, module: str) -> ModuleInfo | None:
        path = self.result.path_of(module)
        if path is None:
            return None
        if self.read is None and path in self.result.index:
            return self.result.index[path]
        try:
            source = self.read(path) if self.read is not None else (self.result.root / path).read_bytes()
        except OSError:
            return None
        name, is_package = module_name_for(path, self.result.source_roots)
        info = index_source(path, source, name, is_package)
        return info if isinstance(info, ModuleInfo) else None

    def edges(self, module: str) -> list[str]:
        info = self.info(module)
        if info is None:
            return []
        found = []
        for record in info.imports:
            if record.scope != MODULE_SCOPE or record.guard == "type_checking" or not record.module:
                continue
            target = record.target_module if record.target_module in self.result.modules else record.module
            if target in self.result.modules:
                found.append(target)
        return list(dict.fromkeys(found))

    def path(self, start: str, goal: str) -> list[str] | None:
        """The import chain ``start -> ... -> goal``, or None (depth-first, each module once)."""
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        seen = {start}
        while stack:
            module, chain = stack.pop()
            for imported in reversed(self.edges(module)):
                if imported == goal:
                    return [*chain, goal]
                if imported not in seen:
                    seen.add(imported)
                    stack.append((imported, [*chain, imported]))
        return None
