"""The context a snapshot case's ``spec.toml`` describes (for ``codemods/test_snapshots.py`` and
the tests that reuse the snapshot cases)."""

from __future__ import annotations

from typing import Any

from ssot_refactor.model import FileContext, NameMap, Target
from support.snapshot_fields import parse_calls


def module_for_path(path: str) -> tuple[str, bool]:
    """``app/consumer.py`` -> ``("app.consumer", False)``; ``app/__init__.py`` -> ``("app", True)``."""
    parts = path.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def load_context(spec: dict[str, Any]) -> FileContext:
    """The FileContext a case's spec.toml describes."""
    path = spec.get("path", "pkg/mod.py")
    derived_module, derived_package = module_for_path(path)
    return FileContext(
        path=path,
        module=spec.get("module", derived_module) or None,
        is_package=spec.get("is_package", derived_package),
        name_map=NameMap.parse(spec.get("names", {})),
        keep_local_names=spec.get("keep_local_names", False),
        reexported=frozenset(spec.get("reexported", [])),
        path_renames=tuple(spec.get("path_renames", {}).items()),
        calls=parse_calls(spec.get("calls", [])),
        exports=tuple((name, Target.parse(origin)) for name, origin in spec.get("exports", {}).items()),
        warn=spec.get("warn", False),
    )
