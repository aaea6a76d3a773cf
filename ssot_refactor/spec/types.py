"""Spec: the migration spec as frozen dataclasses, and the values its keys take (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from ssot_refactor.model import NameMap, Target

SPEC_FILE = "ssot.toml"
PYPROJECT_TABLE = "tool.ssot-refactor"
SPLIT_MODES = ("module", "package", "none")
AWAIT_MODES = ("auto", "always", "never")


@dataclass(frozen=True, slots=True)
class CallRule:
    """How a call of a legacy callable becomes a call of a canonical one."""

    name: str  #: legacy callable, ``Name`` or ``Name.classmethod``
    canonical: Target | None  #: the callable to call instead; None keeps the mapped name
    keywords: bool = False  #: positional arguments become keywords (legacy signature)
    rename: tuple[tuple[str, str], ...] = ()  #: legacy keyword -> canonical keyword
    drop: tuple[str, ...] = ()  #: legacy parameters dropped from the call
    add: tuple[tuple[str, str], ...] = ()  #: canonical keyword -> Python expression
    imports: tuple[Target, ...] = ()  #: what the added expressions need
    await_mode: str = "auto"  #: auto | always | never
    #: the calls bind to the canonical callable as written (said by ``same_signature = true``, or
    #: by a rule that changes nothing); trusted where a signature cannot be read
    same_signature: bool = False


@dataclass(frozen=True, slots=True)
class LegacyModule:
    """One legacy module: the names it maps and what becomes of it."""

    module: str
    names: tuple[tuple[str, Target], ...]  #: legacy name -> canonical target, in spec order
    redirect: bool = False
    warn: bool = False
    keep: tuple[str, ...] = ()
    calls: tuple[CallRule, ...] = ()


@dataclass(frozen=True, slots=True)
class Migration:
    """The ``[migration]`` table."""

    name: str
    branch: str
    include: tuple[str, ...] = ("**",)
    exclude: tuple[str, ...] = ()
    source_roots: tuple[str, ...] = ()  #: empty: detected by the scan
    keep_local_names: bool = False
    split_by: str = "module"
    tests: str | None = None


@dataclass(frozen=True, slots=True)
class Spec:
    """A validated migration spec."""

    migration: Migration
    legacy: tuple[LegacyModule, ...]
    source: str  #: where the spec was read from, for messages

    @property
    def name_map(self) -> NameMap:
        """Every legacy target mapped to its canonical target."""
        return NameMap(
            tuple(
                (Target(entry.module, name), canonical)
                for entry in self.legacy
                for name, canonical in entry.names
            )
        )

    def legacy_module(self, module: str) -> LegacyModule | None:
        """The spec entry of a legacy module, or None."""
        return next((entry for entry in self.legacy if entry.module == module), None)
