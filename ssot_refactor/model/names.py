"""Model: targets (``module:Name``) and name maps, the vocabulary of a migration (pure)."""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*\Z")


def is_dotted_name(text: str) -> bool:
    """Return True when ``text`` is a dotted Python identifier such as ``pkg.mod``."""
    return bool(_DOTTED.match(text)) and all(
        part.isidentifier() and not keyword.iskeyword(part) for part in text.split(".")
    )


class TargetSyntaxError(ValueError):
    """A target string is not of the form ``package.module:Name``."""


@dataclass(frozen=True, slots=True, order=True)
class Target:
    """A name in a module: ``package.module:Name`` (``Name`` may be dotted, ``Name.attr``)."""

    module: str
    name: str

    @classmethod
    def parse(cls, text: str) -> Target:
        """Parse ``module:Name``; raise TargetSyntaxError with the reason otherwise."""
        if not isinstance(text, str):
            raise TargetSyntaxError(f"expected a string, got {type(text).__name__}")
        if ":" not in text:
            raise TargetSyntaxError(f'"{text}" lacks ":Name" (write module:Name)')
        module, _, name = text.partition(":")
        if not is_dotted_name(module):
            raise TargetSyntaxError(f'"{text}": "{module}" is not a dotted module path')
        if not is_dotted_name(name):
            raise TargetSyntaxError(f'"{text}": "{name}" is not a Python name')
        return cls(module, name)

    @property
    def head(self) -> str:
        """The module-level name: ``Name`` for ``Name.attr``."""
        return self.name.split(".", 1)[0]

    @property
    def dotted(self) -> str:
        """The target as one dotted path: ``package.module.Name``."""
        return f"{self.module}.{self.name}"

    def __str__(self) -> str:
        return f"{self.module}:{self.name}"


@dataclass(frozen=True, slots=True)
class NameMap:
    """The mapping from legacy targets to canonical targets, in spec order.

    Several legacy names may map to one canonical name; a legacy module may appear with
    several names. Lookups are by module and name.
    """

    pairs: tuple[tuple[Target, Target], ...] = ()
    #: (legacy module, legacy name) -> canonical target (the first pair's), for O(1) lookups
    _lookup: dict[tuple[str, str], Target] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    #: legacy module -> its mapped names, in spec order
    _names: dict[str, tuple[str, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup: dict[tuple[str, str], Target] = {}
        names: dict[str, list[str]] = {}
        for legacy, canonical in self.pairs:
            lookup.setdefault((legacy.module, legacy.name), canonical)
            names.setdefault(legacy.module, []).append(legacy.name)
        object.__setattr__(self, "_lookup", lookup)
        object.__setattr__(self, "_names", {module: tuple(found) for module, found in names.items()})

    @classmethod
    def parse(cls, entries: Iterable[str] | Mapping[str, str]) -> NameMap:
        """Build from ``"legacy.mod:Name=canonical.mod:Name"`` strings or a legacy->canonical dict."""
        items: list[tuple[Target, Target]] = []
        if isinstance(entries, Mapping):
            raw = list(entries.items())
        else:
            raw = []
            for entry in entries:
                legacy, sep, canonical = entry.partition("=")
                if not sep:
                    raise TargetSyntaxError(f'"{entry}" lacks "=" (write legacy.mod:Name=canonical.mod:Name)')
                raw.append((legacy.strip(), canonical.strip()))
        for legacy, canonical in raw:
            items.append((Target.parse(legacy), Target.parse(canonical)))
        return cls(tuple(items))

    def __iter__(self) -> Iterator[tuple[Target, Target]]:
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    @property
    def legacy_modules(self) -> tuple[str, ...]:
        """Legacy modules in first-seen order."""
        return tuple(self._names)

    @property
    def canonical_modules(self) -> tuple[str, ...]:
        """Canonical modules in first-seen order."""
        return tuple(dict.fromkeys(canonical.module for _, canonical in self.pairs))

    def canonical_for(self, module: str, name: str) -> Target | None:
        """The canonical target of legacy ``module:name``, or None when it is not mapped."""
        return self._lookup.get((module, name))

    def names_in(self, module: str) -> tuple[str, ...]:
        """The mapped legacy names of one legacy module."""
        return self._names.get(module, ())

    def is_legacy_module(self, module: str) -> bool:
        """True when ``module`` is one of the legacy modules."""
        return module in self._names

    def restricted_to(self, modules: Iterable[str]) -> NameMap:
        """The sub-map of the given legacy modules (one planned commit's worth)."""
        wanted = set(modules)
        return NameMap(tuple(pair for pair in self.pairs if pair[0].module in wanted))

    def as_args(self) -> tuple[str, ...]:
        """The map as ``legacy=canonical`` strings, the form ``parse`` and the codemod CLI take."""
        return tuple(f"{legacy}={canonical}" for legacy, canonical in self.pairs)
