"""The statements of a redirect module, as source text laid out the way isort expects (pure).

``redirect_body`` writes, after the docstring, either the plain redirect (imports that bind
each exported name, attribute aliases, ``__all__``) or the warning one (private module
aliases, a table, a PEP 562 ``__getattr__``); ``RedirectModuleCommand`` parses it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

from ssot_refactor.model import Target, TargetSyntaxError

Export = tuple[str, Target]  #: (legacy name the redirect provides, where it really lives)
Member = tuple[str, str | None]  #: an imported name and its ``as`` alias (also ``import module as alias``)


def parse_export(text: str) -> Export:
    """Parse ``Name=module:Name`` (the ``--export`` option); raise TargetSyntaxError otherwise."""
    name, sep, target = text.partition("=")
    name = name.strip()
    if not sep:
        raise TargetSyntaxError(f'"{text}" lacks "=" (write LegacyName=canonical.module:Name)')
    if not name.isidentifier():
        raise TargetSyntaxError(f'"{text}": "{name}" is not a Python name')
    return name, Target.parse(target.strip())


TABLE = "_CANONICAL"
#: a grouped ``from`` import longer than this is written one name per line
IMPORT_WIDTH = 88


def canonical_modules(exports: Iterable[Export]) -> tuple[str, ...]:
    """The modules the exports come from, in first-seen order."""
    return tuple(dict.fromkeys(target.module for _, target in exports))


def module_aliases(modules: Sequence[str], taken: Iterable[str] = ()) -> dict[str, str]:
    """Private aliases for the canonical modules: ``_engine`` for ``app.engine``, longer on a clash."""
    used = set(taken) | {TABLE}
    aliases: dict[str, str] = {}
    for module in modules:
        parts = module.split(".")
        candidates = ["_" + "_".join(parts[-depth:]) for depth in range(1, len(parts) + 1)]
        alias = next((c for c in candidates if c not in used), None)
        counter = 2
        while alias is None or alias in used:
            alias, counter = f"{candidates[-1]}_{counter}", counter + 1
        used.add(alias)
        aliases[module] = alias
    return aliases


def is_stdlib(module: str) -> bool:
    """True for a module of the standard library (its own import section)."""
    return module.split(".")[0] in sys.stdlib_module_names


def module_order(module: str) -> tuple[str, str]:
    """The isort order of modules: case-insensitive, then exact."""
    return module.lower(), module


def member_order(member: Member) -> tuple[int, str, str, str]:
    """The isort order of imported names: CONSTANTS, then Classes, then the rest; aliases last."""
    name, alias = member
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, name.lower(), name, alias or ""


def from_import(module: str, members: Sequence[Member], indent: str = "") -> str:
    """One ``from module import ...`` statement, parenthesized one name per line when too long."""
    names = [name if alias is None else f"{name} as {alias}" for name, alias in members]
    line = f"{indent}from {module} import {', '.join(names)}"
    if len(line) <= IMPORT_WIDTH:
        return line + "\n"
    body = "".join(f"{indent}    {name},\n" for name in names)
    return f"{indent}from {module} import (\n{body}{indent})\n"


def import_block(straight: Iterable[Member], members: Iterable[tuple[str, Member]], indent: str = "") -> str:
    """Import statements sorted the way isort (and ruff's I001) does with its default settings.

    The standard library comes first, then everything else; in each section ``import x``
    precedes ``from x import``; names imported ``as`` something get a statement each.
    """
    sections = []
    for stdlib in (True, False):
        lines = [
            f"{indent}import {module}" + (f" as {alias}" if alias else "") + "\n"
            for module, alias in sorted(set(straight), key=lambda s: (module_order(s[0]), s[1] or ""))
            if is_stdlib(module) == stdlib
        ]
        grouped: dict[str, list[Member]] = {}
        for module, member in members:
            if is_stdlib(module) == stdlib and member not in grouped.setdefault(module, []):
                grouped[module].append(member)
        statements: list[tuple[str, list[Member]]] = []
        for module, found in grouped.items():
            plain = sorted((m for m in found if m[1] is None), key=member_order)
            statements += [(module, plain)] if plain else []
            statements += [(module, [m]) for m in found if m[1] is not None]
        statements.sort(key=lambda s: (module_order(s[0]), member_order(s[1][0])))
        lines += [from_import(module, found, indent) for module, found in statements]
        if lines:
            sections.append("".join(lines))
    return "\n".join(sections)


def all_order(name: str) -> tuple[int, str]:
    """The isort-style order of ``__all__``: CONSTANTS, then Classes, then the rest."""
    if name.isupper() and len(name) > 1:
        return 0, name
    return (1 if name[:1].isupper() else 2), name


def dunder_all(names: Sequence[str]) -> str:
    """``__all__ = [...]`` in isort-style order, one name per line when the list is long."""
    names = sorted(names, key=all_order)
    line = "__all__ = [" + ", ".join(f'"{name}"' for name in names) + "]"
    if len(line) <= IMPORT_WIDTH:
        return line + "\n"
    return "__all__ = [\n" + "".join(f'    "{name}",\n' for name in names) + "]\n"


def head_bindings(exports: Sequence[Export]) -> dict[tuple[str, str], str]:
    """For each dotted target's (module, Name): the local name that binds ``Name``.

    An export bound straight to ``module:Name`` is reused; otherwise ``Name`` is imported under
    a private ``_Name``.
    """
    plain = {
        (target.module, target.head): name for name, target in reversed(exports) if "." not in target.name
    }
    return {
        (target.module, target.head): plain.get((target.module, target.head), f"_{target.head}")
        for _, target in exports
        if "." in target.name
    }


def export_members(exports: Sequence[Export]) -> list[tuple[str, Member]]:
    """(module, (Name, alias)) binding every export and the head of every dotted target."""
    members = [
        (target.module, (target.head, None if target.head == name else name))
        for name, target in exports
        if "." not in target.name
    ]
    for (module, head), local in head_bindings(exports).items():
        if local.startswith("_"):
            members.append((module, (head, local)))
    return members


def attribute_assignments(exports: Sequence[Export], indent: str = "") -> str:
    """``name = Head.attr`` for each export whose target is dotted."""
    bound = head_bindings(exports)
    return "".join(
        f"{indent}{name} = {bound[(target.module, target.head)]}.{target.name.split('.', 1)[1]}\n"
        for name, target in exports
        if "." in target.name
    )


def plain_redirect(exports: Sequence[Export]) -> str:
    """The body of a redirect without warnings: imports, attribute aliases, ``__all__``."""
    assignments = attribute_assignments(exports)
    parts = [import_block((), export_members(exports))]
    if assignments:
        parts.append(assignments)
    parts.append(dunder_all([name for name, _ in exports]))
    return "\n".join(parts)


_GETATTR = '''
def __getattr__(name: str) -> object:
    """Serve the moved names, warning the caller that they are deprecated."""
    try:
        module, attribute = {table}[name]
    except KeyError:
        raise AttributeError(f"module {{__name__!r}} has no attribute {{name!r}}") from None
    {warnings}.warn(
        f"{{__name__}}.{{name}} is deprecated; use {{module.__name__}}.{{attribute}} instead",
        DeprecationWarning,
        stacklevel=2,
    )
{lookup}

def __dir__() -> "list[str]":
    return sorted({{*globals(), *__all__}})
'''

_SIMPLE_LOOKUP = "    return getattr(module, attribute)\n"
_DOTTED_LOOKUP = """\
    value = module
    for part in attribute.split("."):
        value = getattr(value, part)
    return value
"""


def warning_redirect(exports: Sequence[Export]) -> str:
    """The body of a redirect that warns: module imports, the table, ``__getattr__``, ``__dir__``."""
    names = [name for name, _ in exports]
    warnings_name = "_warnings" if "warnings" in names else "warnings"
    aliases = module_aliases(canonical_modules(exports), names)
    straight = [("warnings", None if warnings_name == "warnings" else warnings_name), *aliases.items()]
    type_checking: list[tuple[str, Member]] = [("typing", ("TYPE_CHECKING", None))] if exports else []
    checking = ""
    if exports:
        bindings = import_block((), export_members(exports), "    ") + attribute_assignments(exports, "    ")
        checking = f"if TYPE_CHECKING:\n{bindings}"
    rows = "".join(
        f'    "{name}": ({aliases[target.module]}, "{target.name}"),\n' for name, target in exports
    )
    table = f"{TABLE} = {{\n{rows}}}\n" if rows else f'{TABLE}: "dict[str, tuple[object, str]]" = {{}}\n'
    lookup = _DOTTED_LOOKUP if any("." in target.name for _, target in exports) else _SIMPLE_LOOKUP
    function = _GETATTR.format(table=TABLE, warnings=warnings_name, lookup=lookup)
    parts = [import_block(straight, type_checking), checking, dunder_all(names), table]
    return "\n".join(part for part in parts if part) + "\n" + function


def redirect_body(exports: Sequence[Export], warn: bool) -> str:
    """The redirect's statements after the docstring, as source text with ``\\n`` newlines."""
    return warning_redirect(exports) if warn else plain_redirect(exports)
