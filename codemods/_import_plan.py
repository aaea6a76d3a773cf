"""The plan ``rewrite_imports`` builds before it edits: new statements and reference rewrites (pure).

The planners (``_planner``, ``_module_planner``) read scope metadata through ``MetaView`` and
fill an ``ImportPlan`` keyed by original nodes; the command's ``leave_*`` methods only build
what the plan says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import Scope

from codemods._import_nodes import GroupKey
from codemods._names import dotted_name
from ssot_refactor.model import Finding

Binding = tuple[str, str, str]  #: (module, imported name, local name) an import makes


@dataclass(frozen=True)
class MetaView:
    """The metadata lookups the planner needs, as plain callables."""

    line_of: Callable[[cst.CSTNode], int]
    scope_of: Callable[[cst.CSTNode], Scope | None]
    parent_of: Callable[[cst.CSTNode], cst.CSTNode | None]
    is_load: Callable[[cst.CSTNode], bool]
    text: Callable[[], str] = lambda: ""  #: the module's source (cached by the command)


@dataclass
class StatementPlan:
    """One import statement after the rewrite: the aliases it keeps and the imports it grows."""

    aliases: list[cst.ImportAlias] = field(default_factory=list)
    groups: dict[GroupKey, list[cst.ImportAlias]] = field(default_factory=dict)
    changed: bool = False


@dataclass
class ImportPlan:
    """Every edit of ``rewrite_imports``, keyed by original nodes."""

    statements: dict[cst.CSTNode, StatementPlan] = field(default_factory=dict)
    names: dict[cst.Name, str] = field(default_factory=dict)
    attributes: dict[cst.Attribute, str] = field(default_factory=dict)
    strings: dict[cst.SimpleString, dict[str, str]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def own_key(statement: cst.Import | cst.ImportFrom) -> GroupKey:
    """The group key of the statement as written, so moved aliases can merge into it."""
    if isinstance(statement, cst.Import):
        return GroupKey(False, 0, "")
    module = "" if statement.module is None else (dotted_name(statement.module) or "")
    return GroupKey(True, len(statement.relative), module)
