"""The draft spec as TOML text, every entry under the evidence for it (pure).

The text is meant to be read and edited: each legacy module starts with what kind of module
the evidence shows and why each name is mapped; a redirect left off says which names have no
home; an open call question is a commented-out rule with its call sites.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from ssot_refactor.draft.calls import CallDraft
from ssot_refactor.draft.modules import DraftModule
from ssot_refactor.model import Target

HEADER = (
    "# Drafted by `ssot-refactor init` from the code of this repository. Every entry below is a\n"
    "# proposal with the evidence for it: read them, edit what is wrong, then preview the migration\n"
    "# with `ssot-refactor diff`.\n"
)


@dataclass(slots=True)
class ModuleText:
    """What the text says of one legacy module beyond its names."""

    drafted: DraftModule
    redirect: bool = False
    redirect_note: str = ""  #: why there is no redirect (names without a home), or ""
    calls: list[CallDraft] = field(default_factory=list)


def migration_name(canonicals: Sequence[Target]) -> str:
    """``user-execution-engine-ssot`` for ``UserExecutionEngine``: the first canonical class, in kebab case."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", canonicals[0].name).replace("_", "-").lower()
    return f"{words}-ssot"


def spec_text(canonicals: Sequence[Target], modules: Sequence[ModuleText]) -> str:
    """The whole draft spec."""
    lines = [HEADER, "[migration]", f"name = {_string(migration_name(canonicals))}"]
    lines.append("# canonical: " + ", ".join(str(target) for target in canonicals))
    for module in modules:
        lines += ["", *_module_lines(module)]
    return "\n".join(lines) + "\n"


def _module_lines(module: ModuleText) -> list[str]:
    drafted = module.drafted
    lines = [f"# {drafted.module} ({drafted.path}): {drafted.kind}"]
    for name in drafted.names:
        lines += _comment(f"{name.name}: {'; '.join(name.reasons)}")
    for note in drafted.notes:
        lines += _comment(note)
    lines += ["[[legacy]]", f"module = {_string(drafted.module)}"]
    if module.redirect:
        lines.append("redirect = true")
        lines.append("# warn = true  # the redirect warns (DeprecationWarning) when it is imported")
    else:
        lines.append("redirect = false")
        lines += _comment(f"no redirect: {module.redirect_note}") if module.redirect_note else []
    lines += ["", "[legacy.names]"]
    lines += [f"{_key(name.name)} = {_string(str(name.target))}" for name in drafted.names]
    for call in module.calls:
        lines += ["", *_call_lines(call)]
    return lines


def _call_lines(call: CallDraft) -> list[str]:
    if call.todo:
        return [f"# {line}" for line in call.todo]
    lines = [f"# {call.reason}", "[[legacy.calls]]", f"name = {_string(call.name)}"]
    if call.canonical is not None:
        lines.append(f"canonical = {_string(str(call.canonical))}")
    if call.keywords:
        lines.append("keywords = true")
    if call.rename:
        pairs = ", ".join(f"{_key(old)} = {_string(new)}" for old, new in call.rename)
        lines.append(f"rename = {{ {pairs} }}")
    return lines


def _comment(text: str) -> list[str]:
    """An evidence line as comment lines of at most 100 columns."""
    return textwrap.wrap(text, 100, initial_indent="#   ", subsequent_indent="#     ", break_on_hyphens=False)


def _key(name: str) -> str:
    """A TOML key: bare when it can be (ASCII identifiers), else quoted (``"Größe"``)."""
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _string(name)


def _string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)
