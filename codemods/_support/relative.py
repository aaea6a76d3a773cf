"""Relative imports, resolved in this one place for every codemod: dots to absolute names and back (pure).

``resolve_module`` is the rule; ``resolve_name`` reads a dotted name that may start with dots
(a qualified name LibCST reports for a relative import) and ``relative_form`` writes a module
back with the dots an import was written with. The engine (``ssot_refactor``) resolves its own
``ast`` imports; the codemods import nothing of it but the model.
"""

from __future__ import annotations


def package_of(module: str | None, is_package: bool) -> str | None:
    """The package a level-1 relative import resolves from (``a.b`` for module ``a.b.c``)."""
    if module is None:
        return None
    if is_package:
        return module
    parent, dot, _ = module.rpartition(".")
    return parent if dot else ""


def relative_base(module: str | None, is_package: bool, level: int) -> str | None:
    """The package a relative import of ``level`` dots starts from, or None when unknown."""
    base = package_of(module, is_package)
    if base is None:
        return None
    for _ in range(level - 1):
        if not base:
            return None
        base = base.rpartition(".")[0]
    return base


def resolve_module(relative: str, level: int, module: str | None, is_package: bool) -> str | None:
    """The absolute module of ``from <level dots><relative> import ...``; None when unresolvable."""
    if level == 0:
        return relative
    base = relative_base(module, is_package, level)
    if base is None or (not base and not relative):
        return None
    return ".".join(part for part in (base, relative) if part)


def resolve_name(name: str, module: str | None, is_package: bool) -> str | None:
    """``.engine.Engine`` seen from ``app.workers.x`` -> ``app.workers.engine.Engine``; None if it escapes."""
    dots = len(name) - len(name.lstrip("."))
    return resolve_module(name[dots:], dots, module, is_package)


def relative_form(canonical_module: str, level: int, module: str | None, is_package: bool) -> tuple[int, str]:
    """How to write ``canonical_module`` in an import that was written with ``level`` dots.

    The rule: an absolute import stays absolute; a relative import keeps its number of dots
    when the canonical module lies inside the package those dots name, and becomes absolute
    otherwise. Returns ``(level, module text)``.
    """
    if level == 0:
        return 0, canonical_module
    base = relative_base(module, is_package, level)
    if base and canonical_module == base:
        return level, ""
    if not base or not canonical_module.startswith(base + "."):
        return 0, canonical_module
    return level, canonical_module[len(base) + 1 :]
