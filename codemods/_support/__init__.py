"""Support shared by the codemod commands: running, prefilters, names, bindings, facts, pruning (pure).

Only what several commands (or the pipeline in ``codemods``) use lives here; a helper of one
command lives in that command's package. Import these names from ``codemods._support``, never
from its modules (``tests/test_architecture.py`` checks it):

- ``runner``: one codemod on exact bytes -> ``FileResult``; the standalone CLI options.
- ``prefilter``: the cached stdlib parse, the byte test "can an import name a legacy module?"
  and the statements of a body's own scope (``own_scope_statements``).
- ``relative``: relative imports, resolved in this one place (``resolve_module``).
- ``names``: local-name choice, dotted names, string annotations.
- ``bindings``: scope facts about legacy imports (``legacy_names``, conflicts, free names).
- ``facts``: syntactic facts (``__all__``, ``global``, ``del``, where each import is).
- ``prune``: the statements a planned transform can skip.

``prefilter`` and ``relative`` read the stdlib ``ast`` only and are imported with the package;
the others load LibCST and are imported on first use of one of their names.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from codemods._support.prefilter import (
    imports_no_legacy_module,
    legacy_markers,
    line_starts,
    may_import_legacy,
    own_scope_statements,
    parse_or_none,
    plain_bytes,
)
from codemods._support.relative import package_of, relative_base, relative_form, resolve_module, resolve_name

if TYPE_CHECKING:
    from codemods._support.bindings import (
        LegacyName,
        all_scopes,
        assignment_for,
        binds_target,
        conflict_line,
        first_conflict,
        import_module_of,
        is_name_free,
        iter_aliases,
        legacy_names,
        line_of_assignment,
        local_name,
        other_referents,
    )
    from codemods._support.command import Command, MappingCommand
    from codemods._support.facts import FileFacts, LineOf, Place, StatementSurvey, is_redefinition
    from codemods._support.names import (
        annotation_chains,
        choose_local_name,
        dotted_name,
        renamed_string,
        replace_prefix,
        rewrite_annotation,
    )
    from codemods._support.prune import AncestorPruner, StatementPruner
    from codemods._support.runner import (
        CommandFactory,
        add_common_args,
        context_from_args,
        factory_of,
        lazy_metadata,
        line_of,
        parent_of,
        parse_source,
        resolved,
        run_commands,
        source_text,
        tree_maps,
    )

#: the names whose modules load LibCST, by module: imported on first use, so that a file the
#: stdlib shortcuts rewrite never waits for LibCST to load (half a second per process)
_LAZY = {
    "bindings": (
        "LegacyName", "all_scopes", "assignment_for", "binds_target", "conflict_line", "first_conflict",
        "import_module_of", "is_name_free", "iter_aliases", "legacy_names", "line_of_assignment",
        "local_name", "other_referents",
    ),
    "command": ("Command", "MappingCommand"),
    "facts": ("FileFacts", "LineOf", "Place", "StatementSurvey", "is_redefinition"),
    "names": (
        "annotation_chains", "choose_local_name", "dotted_name", "renamed_string", "replace_prefix",
        "rewrite_annotation",
    ),
    "prune": ("AncestorPruner", "StatementPruner"),
    "runner": (
        "CommandFactory", "add_common_args", "context_from_args", "factory_of", "lazy_metadata", "line_of", "parent_of",
        "parse_source", "resolved", "run_commands", "source_text", "tree_maps",
    ),
}  # fmt: skip
_MODULE_OF = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = [
    "AncestorPruner",
    "Command",
    "CommandFactory",
    "FileFacts",
    "LegacyName",
    "LineOf",
    "MappingCommand",
    "Place",
    "StatementPruner",
    "StatementSurvey",
    "add_common_args",
    "all_scopes",
    "annotation_chains",
    "assignment_for",
    "binds_target",
    "choose_local_name",
    "conflict_line",
    "context_from_args",
    "dotted_name",
    "factory_of",
    "first_conflict",
    "import_module_of",
    "imports_no_legacy_module",
    "is_name_free",
    "is_redefinition",
    "iter_aliases",
    "lazy_metadata",
    "legacy_markers",
    "legacy_names",
    "line_of",
    "line_of_assignment",
    "line_starts",
    "local_name",
    "may_import_legacy",
    "other_referents",
    "own_scope_statements",
    "package_of",
    "parent_of",
    "parse_or_none",
    "parse_source",
    "plain_bytes",
    "relative_base",
    "relative_form",
    "renamed_string",
    "replace_prefix",
    "resolve_module",
    "resolve_name",
    "resolved",
    "rewrite_annotation",
    "run_commands",
    "source_text",
    "tree_maps",
]
