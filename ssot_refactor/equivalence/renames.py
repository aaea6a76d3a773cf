"""Verify stage: the renames the safety check's normal form maps, read from a file context (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ssot_refactor.model import FileContext, is_dotted_name


@dataclass(frozen=True, slots=True)
class Renames:
    """What the normal form maps, derived once from a FileContext."""

    paths: tuple[tuple[str, str], ...]  #: (legacy prefix, canonical prefix), longest first
    canonical: frozenset[str]  #: dotted paths of canonical targets
    modules: frozenset[str]  #: legacy and canonical modules (their imports are dropped)
    module_groups: tuple[tuple[str, str], ...]  #: (module, group token) for import_module strings
    ctx: FileContext
    #: the rules for string constants: an identity path rename keeps a path as written there
    string_paths: tuple[tuple[str, str], ...] = ()
    #: canonical dotted path -> the module-level name an import binds for it (``m.Name`` for
    #: ``m:Name.attr``), so ``from m import Name`` counts as an import of ``m:Name.attr``
    heads: tuple[tuple[str, str], ...] = ()
    #: the tuples above as dicts, for lookups by key (``path`` tries each dotted prefix, longest first)
    _paths: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _string_paths: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _heads: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _groups: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name, pairs in (
            ("_paths", self.paths),
            ("_string_paths", self.string_paths),
            ("_heads", self.heads),
            ("_groups", self.module_groups),
        ):
            object.__setattr__(self, name, dict(pairs))

    @classmethod
    def of(cls, ctx: FileContext) -> Renames:
        """The renames a file context declares."""
        rules = {legacy: canonical for legacy, canonical in ctx.path_renames if legacy != canonical}
        strings = dict(ctx.path_renames)
        for legacy, target in ctx.name_map:
            rules.setdefault(legacy.dotted, target.dotted)
            strings.setdefault(legacy.dotted, target.dotted)
        paths = tuple(sorted(rules.items(), key=lambda rule: (-len(rule[0]), rule[0])))
        string_paths = tuple(
            sorted(
                ((legacy, canonical) for legacy, canonical in strings.items() if legacy != canonical),
                key=lambda rule: (-len(rule[0]), rule[0]),
            )
        )
        modules = frozenset(ctx.name_map.legacy_modules) | frozenset(ctx.name_map.canonical_modules)
        heads = tuple((target.dotted, f"{target.module}.{target.head}") for _, target in ctx.name_map)
        return cls(paths, frozenset(rules.values()), modules, module_groups(ctx), ctx, string_paths, heads)

    def path(self, text: str, rules: dict[str, str] | None = None) -> str:
        """``text`` with its longest legacy dotted-path prefix replaced by the canonical one."""
        rules = self._paths if rules is None else rules
        if not rules or not is_dotted_name(text):
            return text
        end = len(text)
        while end > 0:
            canonical = rules.get(text[:end])
            if canonical is not None:
                return canonical + text[end:]
            end = text.rfind(".", 0, end)
        return text

    def string(self, text: str) -> str:
        """A string constant's dotted path, normalised as the patch-target codemod rewrites it."""
        return self.path(text, self._string_paths)

    def migrated_head(self, origin: str) -> str | None:
        """For an import of a mapped target (or of its head), the head it binds; else None."""
        if origin in self._heads:
            return self._heads[origin]
        if origin in self.canonical or origin in self._heads.values():
            return origin
        return None

    def module_string(self, text: str) -> str:
        """The group token of a legacy or canonical module name, else ``text``."""
        return self._groups.get(text, text)


def module_groups(ctx: FileContext) -> tuple[tuple[str, str], ...]:
    """Legacy modules and their canonical modules, joined into groups that share one token.

    Each module points at another of its group until the group's root (a union-find), so the
    cost grows with the pairs, not with pairs times group sizes: a spec whose re-exporters add
    a pair each makes one group of a hundred modules or more.
    """
    parent: dict[str, str] = {}

    def root(module: str) -> str:
        parent.setdefault(module, module)
        while parent[module] != module:
            parent[module] = parent[parent[module]]
            module = parent[module]
        return module

    for legacy, canonical in ctx.name_map:
        first, second = root(legacy.module), root(canonical.module)
        if first != second:
            parent[second] = first
    members: dict[str, list[str]] = {}
    for module in parent:
        members.setdefault(root(module), []).append(module)
    tokens = {top: "<" + "|".join(sorted(group)) + ">" for top, group in members.items()}
    return tuple((module, tokens[root(module)]) for module in parent)
