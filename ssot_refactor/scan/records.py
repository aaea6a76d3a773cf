"""Scan stage: the index's records (imports, classes, modules) and how paths name modules (pure).

``ModuleInfo`` is what the index (``scan.index``) knows of one parsed file; ``module_name_for``
and ``resolve_relative`` turn repository paths and relative imports into dotted module names,
and ``decode_source`` reads source bytes the way the interpreter does.
"""

from __future__ import annotations

import io
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

MODULE_SCOPE = 0


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One name bound by an import statement."""

    line: int
    module: str  #: absolute module imported from ("" when a relative import cannot resolve)
    name: str | None  #: imported name; None for ``import module``; "*" for a star import
    local: str  #: the local name (or dotted prefix for ``import a.b.c``) it is used through
    scope: int  #: scope id; MODULE_SCOPE for the module body
    scope_kind: str  #: "module" | "class" | "function"
    guard: str  #: "" | "try" | "type_checking" | "if"
    aliased: bool  #: written with ``as``
    level: int = 0  #: relative import level
    uses: int = 0  #: name loads resolved to this binding
    attrs: tuple[tuple[str, int], ...] = ()  #: ``local.attr`` uses, by attr
    #: ``local.a.b`` uses reaching two attributes deep or more, by ``a.b`` (``pkg.sub.Name`` through a package)
    chains: tuple[tuple[str, int], ...] = ()

    @property
    def target_module(self) -> str:
        """For ``import x.y`` the module bound; for ``from x import y`` the possible submodule x.y."""
        return self.module if self.name is None else f"{self.module}.{self.name}"


@dataclass(frozen=True, slots=True)
class ClassInfo:
    """A top-level class: where, its bases and the methods it defines."""

    name: str
    line: int
    bases: tuple[str, ...]
    methods: tuple[str, ...]
    decorated: bool = False  #: has class decorators (they may generate a constructor)


@dataclass(frozen=True, slots=True)
class ModuleInfo:
    """Everything the planner and the audit need to know about one parsed file."""

    path: str
    module: str | None
    is_package: bool
    imports: tuple[ImportRecord, ...]
    all_names: tuple[str, ...] | None  #: the literal ``__all__``, None when absent or computed
    defined: tuple[tuple[str, int], ...]  #: top-level names the file defines, with their line
    classes: tuple[ClassInfo, ...] = ()
    strings: tuple[tuple[int, str], ...] = ()  #: dotted-path string constants with their line
    parser: str = "ast"  #: "ast", or "libcst" for syntax newer than the running Python
    #: names loaded but bound nowhere (not even as builtins), with their line; None when unknowable
    undefined: tuple[tuple[str, int], ...] | None = ()

    def module_level_bindings(self) -> Iterator[ImportRecord]:
        """Imports that bind in the module namespace (importable by other files)."""
        return (record for record in self.imports if record.scope == MODULE_SCOPE)

    def defines(self, name: str) -> bool:
        """True when the file itself defines ``name`` at module level."""
        return any(defined == name for defined, _ in self.defined)


def module_name_for(path: str, roots: Iterable[str]) -> tuple[str | None, bool]:
    """Dotted module name of a repository path under the deepest matching source root."""
    if not path.endswith((".py", ".pyi")):
        return None, False
    best = None
    for root in roots:
        prefix = "" if root in ("", ".") else root.rstrip("/") + "/"
        if path.startswith(prefix) and (best is None or len(prefix) > len(best)):
            best = prefix
    if best is None:
        return None, False
    parts = path[len(best) :].rsplit(".", 1)[0].split("/")
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    if not parts or not all(part.isidentifier() for part in parts):
        return None, is_package
    return ".".join(parts), is_package


def resolve_relative(module: str | None, is_package: bool, level: int, target: str | None) -> str:
    """The absolute module of ``from <level dots><target> import ...``; "" when it escapes the root."""
    if level == 0:
        return target or ""
    if module is None:
        return ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    if level - 1 > len(package) or (level - 1 == len(package) and not target):
        return ""
    base = package[: len(package) - (level - 1)]
    return ".".join([*base, target] if target else base)


def decode_source(source: bytes) -> str:
    """Decode Python source bytes the way the interpreter does (cookie, BOM, default UTF-8)."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    return source.decode(encoding)
