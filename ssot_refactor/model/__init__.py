"""Value types shared by every stage: targets, name maps, findings, file edits and plans (pure, no effects).

This package imports nothing else of ours, so the codemods in ``codemods/`` can use it and still
run alone under ``python -m libcst.tool codemod``. By noun: ``names`` (targets and name maps),
``findings``, ``context`` (what one file's rewrite knows), ``results`` (one file's result and
edit), ``plan`` (planned commits and the plan), ``source`` (the shared stdlib tree of a file's bytes).
``notation`` (signatures as text, the binding check, call plans from TOML) is imported by its
own name: it builds on the types here. It lives here rather than with the call codemod so
that reading signatures during a scan does not import LibCST.
"""

from __future__ import annotations

from ssot_refactor.model.context import CallPlan, FileContext, MemberCheck, Param, Signature
from ssot_refactor.model.findings import Finding, FindingCode, Severity, SkipReason
from ssot_refactor.model.names import NameMap, Target, TargetSyntaxError, is_dotted_name
from ssot_refactor.model.plan import (
    TRAILER,
    Accept,
    Blocked,
    CommitKind,
    DryRun,
    LegacyKind,
    Plan,
    PlannedCommit,
    Quit,
    Remaining,
    ReviewAnswer,
    SkipFile,
)
from ssot_refactor.model.results import Edited, Failed, FileEdit, FileResult, Skipped, Unchanged
from ssot_refactor.model.source import nodes_of, source_tree, take_tree, take_tree_nodes, tree_nodes

__all__ = [
    "TRAILER",
    "Accept",
    "Blocked",
    "CallPlan",
    "CommitKind",
    "DryRun",
    "Edited",
    "Failed",
    "FileContext",
    "FileEdit",
    "FileResult",
    "Finding",
    "FindingCode",
    "LegacyKind",
    "MemberCheck",
    "NameMap",
    "Param",
    "Plan",
    "PlannedCommit",
    "Quit",
    "Remaining",
    "ReviewAnswer",
    "Severity",
    "Signature",
    "SkipFile",
    "SkipReason",
    "Skipped",
    "Target",
    "TargetSyntaxError",
    "Unchanged",
    "is_dotted_name",
    "nodes_of",
    "source_tree",
    "take_tree",
    "take_tree_nodes",
    "tree_nodes",
]
