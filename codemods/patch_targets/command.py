"""The LibCST command of ``patch_targets`` and its ``run`` (see the package for what it does).

Imported on first use: LibCST takes about half a second to load, and a file the stdlib
shortcuts rewrite never needs it.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.metadata import (
    QualifiedNameProvider,
    QualifiedNameSource,
    ScopeProvider,
)

from codemods._support import Command, lazy_metadata, line_of, parent_of, resolve_name, run_commands
from codemods.patch_targets.nodes import (
    as_string_patch,
    is_patch_object,
    keyword_attribute,
    literal_text,
    positional_attribute,
    with_attribute,
    with_text,
)
from codemods.patch_targets.paths import (
    PathRule,
    find_legacy_path,
    module_for_names,
    parse_path_renames,
    patch_object_edit,
    path_rules,
    rewrite_dotted_path,
)
from codemods.patch_targets.prefilter import no_paths_to_touch
from ssot_refactor.model import FileContext, FileResult, Finding, NameMap

_IMPORT_MODULE = frozenset({"importlib.import_module"})


class PatchTargetsCommand(Command):
    """Rewrite legacy dotted-path strings, patch.object targets and import_module arguments."""

    DESCRIPTION: str = "Point mock.patch targets and dotted-path strings at canonical names."
    #: No metadata up front: a file whose strings hold legacy paths (a type checker's source
    #: is full of "typing.X") needs none to rewrite them. Positions are resolved for a warning,
    #: qualified names for a ``patch.object`` or ``import_module`` call, parents and scopes for
    #: what an ``import_module`` result is used for (``_support.lazy_metadata``).
    METADATA_DEPENDENCIES = ()

    def __init__(
        self,
        context: CodemodContext,
        name_map: NameMap | Sequence[str] = (),
        path_renames: Sequence[PathRule] | Sequence[str] = (),
        module: str | None = None,
        is_package: bool = False,
        file_context: FileContext | None = None,
    ) -> None:
        super().__init__(context)
        if file_context is not None:
            name_map, path_renames = file_context.name_map, file_context.path_renames
            module, is_package = file_context.module, file_context.is_package
        self.name_map = name_map if isinstance(name_map, NameMap) else NameMap.parse(name_map)
        self.rules = path_rules(self.name_map, parse_path_renames(path_renames))
        self.module_name = module if module is not None else context.full_module_name
        self.is_package = is_package
        self.findings: list[Finding] = []
        self._in_documentation = False
        self._concatenated: set[cst.CSTNode] = set()  #: the parts of concatenated strings
        self._source: str | None = None

    @classmethod
    def for_file(cls, context: CodemodContext, ctx: FileContext) -> PatchTargetsCommand:
        """The command configured for one file of a plan."""
        return cls(context, file_context=ctx)

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument(
            "--map",
            dest="name_map",
            action="append",
            required=True,
            help="legacy.mod:Name=canonical.mod:Name (repeatable)",
        )
        arg_parser.add_argument(
            "--path-rename",
            dest="path_renames",
            action="append",
            default=[],
            help="legacy.dotted.path=canonical.dotted.path (repeatable)",
        )

    def report(self, node: cst.CSTNode, message: str) -> None:
        """Record a finding at ``node``'s line and pass it to LibCST's warnings."""
        line = line_of(self, node)
        finding = Finding(self.context.filename or "<unknown>", line, message)
        self.findings.append(finding)
        self.warn(str(finding))

    def _text(self) -> str:
        if self._source is None:
            self._source = self.module.code
        return self._source

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        self._concatenated.update((node.left, node.right))

    def visit_Expr(self, node: cst.Expr) -> None:
        self._in_documentation = isinstance(node.value, (cst.SimpleString, cst.ConcatenatedString))

    def leave_Expr(self, original_node: cst.Expr, updated_node: cst.Expr) -> cst.Expr:
        self._in_documentation = False
        return updated_node

    def leave_SimpleString(
        self, original_node: cst.SimpleString, updated_node: cst.SimpleString
    ) -> cst.SimpleString:
        if self._in_documentation or original_node in self._concatenated:
            return updated_node
        value = original_node.evaluated_value
        if not isinstance(value, str):
            return updated_node
        rewritten = rewrite_dotted_path(value, self.rules)
        if rewritten is None:
            return updated_node
        if literal_text(original_node) is None:
            self.report(original_node, f'string with escapes names legacy path "{value}"; left unchanged')
            return updated_node
        return with_text(updated_node, rewritten)

    def leave_ConcatenatedString(
        self, original_node: cst.ConcatenatedString, updated_node: cst.ConcatenatedString
    ) -> cst.ConcatenatedString:
        value = original_node.evaluated_value
        if self._in_documentation or not isinstance(value, str):
            return updated_node
        if rewrite_dotted_path(value, self.rules) is not None:
            message = f'implicitly concatenated string "{value}" names a legacy path; left unchanged'
            self.report(original_node, message)
        return updated_node

    def leave_FormattedString(
        self, original_node: cst.FormattedString, updated_node: cst.FormattedString
    ) -> cst.FormattedString:
        if self._in_documentation:
            return updated_node
        for part in original_node.parts:
            if isinstance(part, cst.FormattedStringText):
                legacy = find_legacy_path(part.value, self.rules)
                if legacy is not None:
                    self.report(original_node, f'f-string contains legacy path "{legacy}"; left unchanged')
                    break
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if is_patch_object(original_node.func):
            return self.rewrite_patch_object(original_node, updated_node)
        if self.is_import_module(original_node):
            return self.rewrite_import_module(original_node, updated_node)
        return updated_node

    def imported_name(self, node: cst.BaseExpression) -> str | None:
        """The absolute dotted name an expression refers to through imports, when it is one."""
        names = lazy_metadata(self, QualifiedNameProvider, node, set())
        if len(names) != 1:
            return None
        (qualified,) = names
        if qualified.source is not QualifiedNameSource.IMPORT:
            return None
        return resolve_name(qualified.name, self.module_name, self.is_package)

    def is_legacy_attribute(self, attribute: str) -> bool:
        """True when ``attribute`` is the last component of a legacy path."""
        return any(legacy.rsplit(".", 1)[-1] == attribute for legacy, _ in self.rules)

    def rewrite_patch_object(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        """Apply the patch-target rule to ``patch.object(module, "Name", ...)``."""
        attribute = positional_attribute(original)
        if attribute is None:
            named = keyword_attribute(original)
            if named is not None and self.is_legacy_attribute(named):
                self.report(original, keyword_attribute_message(named))
            return updated
        owner = self.imported_name(original.args[0].value)
        edit = None if owner is None else patch_object_edit(owner, attribute, self.rules)
        if owner is None and self.is_legacy_attribute(attribute):
            self.report(original, object_unresolved_message(attribute))
        if edit is None:
            return updated
        kind, text = edit
        return with_attribute(updated, text) if kind == "attribute" else as_string_patch(updated, text)

    def is_import_module(self, call: cst.Call) -> bool:
        """True for ``importlib.import_module(...)`` however importlib was imported."""
        if "import_module" not in self._text():
            return False  # it cannot be called without being named
        names = lazy_metadata(self, QualifiedNameProvider, call.func, set())
        return any(qualified.name in _IMPORT_MODULE for qualified in names)

    def rewrite_import_module(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        """Rewrite ``import_module("legacy")`` when every name the code reads is canonical."""
        if not original.args or original.args[0].keyword or original.args[0].star:
            return updated
        module = literal_text(original.args[0].value)
        if module is None or not self.name_map.is_legacy_module(module):
            return updated
        used = self.names_read_from(original)
        if used is None:
            message = f'import_module("{module}"): cannot tell which names the code reads; left unchanged'
            self.report(original, message)
            return updated
        canonical = module_for_names(module, used, self.name_map)
        if not used:
            return updated
        if canonical is None:
            self.report(original, import_module_message(module, used))
            return updated
        string = updated.args[0].value
        assert isinstance(string, cst.SimpleString)
        first = updated.args[0].with_changes(value=with_text(string, canonical))
        return updated.with_changes(args=[first, *updated.args[1:]])

    def names_read_from(self, call: cst.Call) -> frozenset[str] | None:
        """Attribute names read from the module a call returns, or None when it escapes."""
        parent = parent_of(self, call)
        if isinstance(parent, cst.Attribute) and parent.value is call:
            return frozenset({parent.attr.value})
        if not (isinstance(parent, cst.Assign) and len(parent.targets) == 1):
            return None
        target = parent.targets[0].target
        if not isinstance(target, cst.Name):
            return None
        scope = lazy_metadata(self, ScopeProvider, target, None)
        assignments = list(scope.assignments[target.value]) if scope is not None else []
        if len(assignments) != 1:
            return None
        used: set[str] = set()
        for access in assignments[0].references:
            holder = parent_of(self, access.node)
            if not (isinstance(holder, cst.Attribute) and holder.value is access.node):
                return None
            used.add(holder.attr.value)
        return frozenset(used)


def object_unresolved_message(attribute: str) -> str:
    """The warning for ``patch.object(<unresolvable>, "LegacyName")``."""
    return (
        f'patch.object(..., "{attribute}"): the patched object is not an imported module; '
        "left unchanged (check that it patches where the name is looked up after the migration)"
    )


def keyword_attribute_message(attribute: str) -> str:
    """The warning for ``patch.object(..., attribute="LegacyName")``."""
    return (
        f'patch.object(..., attribute="{attribute}"): keyword arguments are not rewritten; '
        "left unchanged (pass the module and the name positionally)"
    )


def import_module_message(module: str, used: frozenset[str]) -> str:
    """The warning for an ``import_module`` whose names no single canonical module defines."""
    names = ", ".join(sorted(used))
    return (
        f'import_module("{module}"): reads {names}, which no single canonical module defines '
        "under the same name; left unchanged"
    )


def run(source: bytes, ctx: FileContext) -> FileResult:
    """Rewrite one file's patch targets alone with LibCST; never raises."""
    return run_commands([PatchTargetsCommand.for_file], source, ctx, is_irrelevant=no_paths_to_touch)
