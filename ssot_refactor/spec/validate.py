"""Spec: validation of the TOML data, naming the key and line of the first problem (pure)."""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ssot_refactor.errors import SpecError
from ssot_refactor.model import Target, TargetSyntaxError, is_dotted_name
from ssot_refactor.spec.locate import Locator
from ssot_refactor.spec.types import AWAIT_MODES, SPLIT_MODES, CallRule, LegacyModule, Migration, Spec

_TOP_KEYS = frozenset({"migration", "legacy"})
_MIGRATION_KEYS = frozenset(
    {"name", "branch", "include", "exclude", "source_roots", "keep_local_names", "split_by", "tests"}
)
_LEGACY_KEYS = frozenset({"module", "redirect", "warn", "keep", "names", "calls"})
_CALL_KEYS = frozenset(
    {"name", "canonical", "keywords", "rename", "drop", "add", "imports", "await", "same_signature"}
)
_BRANCH_BAD = re.compile(r"(\.\.|[\s~^:?*\[\\]|@\{|//|^/|/$|\.lock$|^-|\.$)")


class Checker:
    """Validates the TOML data, naming the key and line of the first problem found."""

    def __init__(self, source: str, text: str, prefix: str) -> None:
        self.source = source
        self.locator = Locator(text, prefix)
        self.prefix = f"{prefix}." if prefix else ""

    def fail(self, key: str, message: str, hint: str | None = None) -> SpecError:
        """An error about ``key`` (dotted path such as ``legacy[2].names.X``)."""
        shown = f"[{self.prefix}{key}]" if "." not in key and "[" not in key else self.prefix + key
        return SpecError(f"{shown}: {message}", path=self.source, line=self.locator.line_of(key), hint=hint)

    def spec(self, data: Mapping[str, Any]) -> Spec:
        self.unknown_keys("", data, _TOP_KEYS)
        migration = self.migration(data.get("migration"))
        raw_legacy = data.get("legacy")
        if raw_legacy is None or raw_legacy == []:
            raise self.fail("legacy", "no [[legacy]] module listed", hint="add a [[legacy]] table")
        if not isinstance(raw_legacy, list):
            raise self.fail("legacy", "must be an array of tables (write [[legacy]])")
        legacy = tuple(self.legacy(index, entry) for index, entry in enumerate(raw_legacy))
        self.cross_checks(legacy)
        return Spec(migration=migration, legacy=legacy, source=self.source)

    def unknown_keys(self, where: str, table: Mapping[str, Any], allowed: frozenset[str]) -> None:
        for key in table:
            if key not in allowed:
                full = f"{where}.{key}" if where else key
                raise self.fail(full, "unknown key", hint="allowed: " + ", ".join(sorted(allowed)))

    def migration(self, raw: object) -> Migration:
        if raw is None:
            raise self.fail("migration", "missing table", hint='add [migration] with name = "..."')
        if not isinstance(raw, dict):
            raise self.fail("migration", "must be a table")
        self.unknown_keys("migration", raw, _MIGRATION_KEYS)
        if "name" not in raw:
            raise self.fail("migration", "missing required key name", hint='add name = "my-migration"')
        name = self.string("migration.name", raw["name"])
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
            raise self.fail("migration.name", f'"{name}" may hold only letters, digits, ".", "_" and "-"')
        branch = self.string("migration.branch", raw.get("branch", f"ssot/{name}"))
        if _BRANCH_BAD.search(branch):
            raise self.fail("migration.branch", f'"{branch}" is not a valid git branch name')
        split_by = self.string("migration.split_by", raw.get("split_by", "module"))
        if split_by not in SPLIT_MODES:
            raise self.fail("migration.split_by", f'"{split_by}" is not one of {", ".join(SPLIT_MODES)}')
        tests = raw.get("tests")
        if tests is not None:
            tests = self.repo_path("migration.tests", tests)
            if not tests.endswith(".py"):
                raise self.fail("migration.tests", f'"{tests}" must be a .py file')
        return Migration(
            name=name,
            branch=branch,
            include=self.globs("migration.include", raw.get("include", ["**"])),
            exclude=self.globs("migration.exclude", raw.get("exclude", [])),
            source_roots=tuple(
                self.repo_path(f"migration.source_roots[{i}]", root)
                for i, root in enumerate(self.list_of("migration.source_roots", raw.get("source_roots", [])))
            ),
            keep_local_names=self.boolean("migration.keep_local_names", raw.get("keep_local_names", False)),
            split_by=split_by,
            tests=tests,
        )

    def legacy(self, index: int, raw: object) -> LegacyModule:
        key = f"legacy[{index}]"
        if not isinstance(raw, dict):
            raise self.fail(key, "must be a table")
        self.unknown_keys(key, raw, _LEGACY_KEYS)
        if "module" not in raw:
            raise self.fail(key, "missing required key module", hint='add module = "pkg.legacy_module"')
        module = self.string(f"{key}.module", raw["module"])
        if not is_dotted_name(module):
            raise self.fail(f"{key}.module", f'"{module}" is not a dotted module path')
        redirect = self.boolean(f"{key}.redirect", raw.get("redirect", False))
        warn = self.boolean(f"{key}.warn", raw.get("warn", False))
        if warn and not redirect:
            raise self.fail(f"{key}.warn", "warn = true needs redirect = true", hint="set redirect = true")
        keep = tuple(
            self.identifier(f"{key}.keep", item) for item in self.list_of(f"{key}.keep", raw.get("keep", []))
        )
        names = self.names(key, module, raw.get("names"))
        calls = tuple(
            self.call(f"{key}.calls[{i}]", names, call)
            for i, call in enumerate(self.list_of(f"{key}.calls", raw.get("calls", [])))
        )
        return LegacyModule(module=module, names=names, redirect=redirect, warn=warn, keep=keep, calls=calls)

    def names(self, key: str, module: str, raw: object) -> tuple[tuple[str, Target], ...]:
        if raw is None or raw == {}:
            raise self.fail(
                f"{key}.names", "maps no names", hint='add [legacy.names] LegacyName = "module:Name"'
            )
        if not isinstance(raw, dict):
            raise self.fail(f"{key}.names", 'must be a table of LegacyName = "module:Name"')
        names = []
        for name, value in raw.items():
            name_key = f"{key}.names.{name}"
            if not name.isidentifier():
                raise self.fail(name_key, f'"{name}" is not a Python name')
            target = self.target(name_key, value)
            if target.module == module:
                raise self.fail(
                    name_key, f"maps legacy module {module} onto itself", hint="name a canonical module"
                )
            names.append((name, target))
        return tuple(names)

    def call(self, key: str, names: Sequence[tuple[str, Target]], raw: object) -> CallRule:
        if not isinstance(raw, dict):
            raise self.fail(key, "must be a table")
        self.unknown_keys(key, raw, _CALL_KEYS)
        if "name" not in raw:
            raise self.fail(key, "missing required key name", hint='add name = "LegacyName"')
        name = self.string(f"{key}.name", raw["name"])
        mapped = {legacy for legacy, _ in names}
        if not is_dotted_name(name) or name.split(".")[0] not in mapped:
            raise self.fail(
                f"{key}.name",
                f'"{name}" is not a mapped legacy name of this module',
                hint="mapped: " + ", ".join(sorted(mapped)),
            )
        canonical = self.target(f"{key}.canonical", raw["canonical"]) if "canonical" in raw else None
        await_mode = self.string(f"{key}.await", raw.get("await", "auto"))
        if await_mode not in AWAIT_MODES:
            raise self.fail(f"{key}.await", f'"{await_mode}" is not one of {", ".join(AWAIT_MODES)}')
        same = self.boolean(f"{key}.same_signature", raw.get("same_signature", False))
        changes = sorted(set(raw) & {"keywords", "rename", "drop", "add", "imports"})
        if same and changes:
            raise self.fail(
                f"{key}.same_signature",
                f"says the calls need no change, but the rule also sets {', '.join(changes)}",
                hint="drop same_signature, or the changes",
            )
        return CallRule(
            name=name,
            canonical=canonical,
            same_signature=same or not (set(raw) - {"name", "await"}),
            keywords=self.boolean(f"{key}.keywords", raw.get("keywords", False)),
            rename=self.identifier_map(f"{key}.rename", raw.get("rename", {})),
            drop=tuple(
                self.identifier(f"{key}.drop", item)
                for item in self.list_of(f"{key}.drop", raw.get("drop", []))
            ),
            add=self.expression_map(f"{key}.add", raw.get("add", {})),
            imports=tuple(
                self.target(f"{key}.imports", item)
                for item in self.list_of(f"{key}.imports", raw.get("imports", []))
            ),
            await_mode=await_mode,
        )

    def cross_checks(self, legacy: Sequence[LegacyModule]) -> None:
        seen: dict[str, int] = {}
        for index, entry in enumerate(legacy):
            if entry.module in seen:
                raise self.fail(
                    f"legacy[{index}].module",
                    f"legacy module {entry.module} is already listed as legacy[{seen[entry.module]}]",
                    hint="merge the two [[legacy]] tables",
                )
            seen[entry.module] = index
        legacy_names = {
            (entry.module, name): f"legacy[{i}].names.{name}"
            for i, entry in enumerate(legacy)
            for name, _ in entry.names
        }
        for index, entry in enumerate(legacy):
            for name, target in entry.names:
                key = f"legacy[{index}].names.{name}"
                if target.module in seen:
                    other = f"legacy[{seen[target.module]}].module"
                    raise self.fail(
                        key,
                        f"target {target} lies in legacy module {target.module} ({other})",
                        hint="map to the canonical module instead",
                    )
                if (target.module, target.head) in legacy_names:
                    raise self.fail(
                        key,
                        f"target {target} is itself a legacy name ({legacy_names[(target.module, target.head)]})",
                    )

    # ----------------------------------------------------------------- scalar helpers

    def string(self, key: str, value: object) -> str:
        if not isinstance(value, str):
            raise self.fail(key, f"must be a string, not {toml_type(value)}")
        return value

    def boolean(self, key: str, value: object) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false, not {toml_type(value)}")
        return value

    def list_of(self, key: str, value: object) -> list[object]:
        if not isinstance(value, list):
            raise self.fail(key, f"must be an array, not {toml_type(value)}")
        return value

    def globs(self, key: str, value: object) -> tuple[str, ...]:
        items = self.list_of(key, value)
        for item in items:
            if not isinstance(item, str):
                raise self.fail(key, f"glob {item!r} must be a string, not {toml_type(item)}")
        return tuple(str(item) for item in items)

    def identifier(self, key: str, value: object) -> str:
        text = self.string(key, value)
        if not text.isidentifier():
            raise self.fail(key, f'"{text}" is not a Python name')
        return text

    def identifier_map(self, key: str, value: object) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a table, not {toml_type(value)}")
        return tuple((self.identifier(key, k), self.identifier(f"{key}.{k}", v)) for k, v in value.items())

    def expression_map(self, key: str, value: object) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a table, not {toml_type(value)}")
        pairs = []
        for name, expression in value.items():
            self.identifier(key, name)
            text = self.string(f"{key}.{name}", expression)
            try:
                ast.parse(text, mode="eval")
            except SyntaxError:
                raise self.fail(f"{key}.{name}", f'"{text}" is not a Python expression') from None
            pairs.append((name, text))
        return tuple(pairs)

    def target(self, key: str, value: object) -> Target:
        try:
            return Target.parse(self.string(key, value))
        except TargetSyntaxError as exc:
            raise self.fail(key, str(exc)) from None

    def repo_path(self, key: str, value: object) -> str:
        text = self.string(key, value).replace("\\", "/").strip("/")
        if text.startswith("..") or "/../" in f"/{text}/" or Path(text).is_absolute():
            raise self.fail(key, f'"{text}" must be a path inside the repository')
        return text or "."


def toml_type(value: object) -> str:
    names = {
        bool: "a boolean",
        int: "an integer",
        float: "a float",
        str: "a string",
        list: "an array",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)
