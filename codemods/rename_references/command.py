"""The LibCST command of ``rename_references`` and its ``run`` (see the package for what it does).

Imported on first use: LibCST takes about half a second to load, and a file the stdlib
shortcuts rewrite never needs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.metadata import Assignment, BaseAssignment, PositionProvider, Scope, ScopeProvider

from codemods._support import (
    FileFacts,
    LegacyName,
    LineOf,
    MappingCommand,
    StatementPruner,
    all_scopes,
    binds_target,
    choose_local_name,
    conflict_line,
    factory_of,
    first_conflict,
    imports_no_legacy_module,
    is_redefinition,
    legacy_names,
    line_of_assignment,
    other_referents,
    renamed_string,
    rewrite_annotation,
    run_commands,
)
from ssot_refactor.model import FileContext, FileResult, Finding


@dataclass
class RenamePlan:
    """What the transform changes, keyed by the original nodes."""

    aliases: dict[cst.ImportAlias, str] = field(default_factory=dict)
    names: dict[cst.Name, str] = field(default_factory=dict)
    strings: dict[cst.SimpleString, dict[str, str]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class _FileView:
    """Everything ``rename_problem`` reads about the file."""

    ctx: FileContext
    facts: FileFacts
    scopes: tuple[Scope, ...]
    line_of: LineOf


def wanted_name(binding: LegacyName, view: _FileView) -> str:
    """The local name the binding should have after the migration."""
    public = view.facts.exported | view.ctx.reexported
    return choose_local_name(
        binding.local,
        binding.canonical.name,
        has_alias=binding.has_alias,
        keep_local_names=view.ctx.keep_local_names,
        is_public=binding.local in public,
    )


def is_rewritable(node: cst.BaseString, renames: dict[str, str]) -> bool:
    """True when a string annotation can take the renames."""
    return isinstance(node, cst.SimpleString) and rewrite_annotation(node.value, renames) is not None


def second_binding(
    binding: LegacyName, new: str, view: _FileView, taken: Sequence[LegacyName]
) -> cst.CSTNode | None:
    """An import that would bind ``new`` again in the scope of ``binding``, in another block.

    The imports of the canonical name already there, and the renames already accepted
    (``taken``), count. One in the same block merges with the moved import, one in another
    branch of an ``if``/``try`` never runs with it; any other one would make a second binding.
    """
    if binding.assignment is None:
        return None
    scope = binding.assignment.scope
    imports = [a.node for a in scope.assignments[new] if isinstance(a, Assignment)]
    imports += [b.statement for b in taken if b.assignment is not None and b.assignment.scope is scope]
    place = view.facts.places.get(binding.statement)
    if place is None:
        return None
    twice = [s for s in imports if s in view.facts.places and is_redefinition(place, view.facts.places[s])]
    return min(twice, key=view.line_of, default=None)


def rename_problem(
    binding: LegacyName, new: str, view: _FileView, taken: Sequence[LegacyName] = ()
) -> Finding | None:
    """Why renaming ``binding`` to ``new`` is unsafe, as a finding; None when it is safe."""
    path, local, legacy = view.ctx.path, binding.local, binding.legacy
    kept = f"kept local name {local} for {legacy}"
    if local in view.facts.declared:
        return Finding(path, view.facts.declared[local], f"global/nonlocal {local} may rebind it; {kept}")
    if local in view.facts.deleted:
        return Finding(path, view.facts.deleted[local], f"del {local} removes it; {kept}")
    conflict = first_conflict(view.scopes, new, lambda a: binds_target(a, binding.canonical, view.ctx))
    if conflict is not None:
        where = conflict_line(conflict, view.line_of)
        message = f"canonical name {new} is already bound or used at line {where}; {kept}"
        return Finding(path, binding.line, message)
    twice = second_binding(binding, new, view, taken)
    if twice is not None:
        where = view.line_of(twice)
        message = f"canonical name {new} is also imported at line {where}, in another block; {kept}"
        return Finding(path, binding.line, message)
    for access in binding.assignment.references if binding.assignment else ():
        node = access.node
        if isinstance(node, cst.BaseString) and not is_rewritable(node, {local: new}):
            text = cst.Module(body=()).code_for_node(node)
            return Finding(path, view.line_of(node), f"string annotation {text} cannot be rewritten; {kept}")
        if not isinstance(node, (cst.Name, cst.BaseString)):
            text = cst.Module(body=()).code_for_node(node)
            return Finding(path, view.line_of(node), f"reference {text} cannot be renamed; {kept}")
    return None


def inconsistency(
    binding: LegacyName,
    new: str,
    candidates: dict[LegacyName, str],
    bindings: Sequence[LegacyName],
    line_of: LineOf,
) -> str | None:
    """Why ``binding`` cannot take ``new`` given the other renames ("" to keep it silently), or None."""
    if binding.assignment is None:
        return ""
    allowed = {b.assignment for b, n in candidates.items() if n == new and b.assignment}
    others = other_referents(binding.assignment, allowed)
    if not others:
        return None
    # another import of the same canonical name that keeps this local name by policy is no news
    lines = [
        line_of_assignment(other, line_of)
        for other in others
        if not any(b.assignment is other and b.canonical == binding.canonical for b in bindings)
    ]
    if not lines:
        return ""
    line = min(lines)
    return (
        f"{binding.local} is also bound at line {line}; kept local name {binding.local} for {binding.legacy}"
    )


def drop_inconsistent(
    candidates: dict[LegacyName, str], bindings: Sequence[LegacyName], ctx: FileContext, line_of: LineOf
) -> list[Finding]:
    """Drop renames whose references may also read a binding that is not renamed the same way."""
    findings: list[Finding] = []
    changed = True
    while changed:
        changed = False
        for binding, new in list(candidates.items()):
            reason = inconsistency(binding, new, candidates, bindings, line_of)
            if reason is None:
                continue
            del candidates[binding]
            changed = True
            if reason:
                findings.append(Finding(ctx.path, binding.line, reason))
    return findings


def build_plan(candidates: dict[LegacyName, str], plan: RenamePlan) -> None:
    """Record the alias, name and string edits of the accepted renames."""
    for binding, new in candidates.items():
        plan.aliases[binding.alias] = new
        assignment: BaseAssignment | None = binding.assignment
        for access in assignment.references if assignment else ():
            node = access.node
            if isinstance(node, cst.Name):
                plan.names[node] = new
            elif isinstance(node, cst.SimpleString):
                plan.strings.setdefault(node, {})[binding.local] = new


def plan_renames(bindings: Sequence[LegacyName], view: _FileView, line_of: LineOf) -> RenamePlan:
    """Decide every rename of the file; unsafe ones become findings."""
    plan = RenamePlan()
    candidates: dict[LegacyName, str] = {}
    for binding in bindings:
        if "." in binding.canonical.name or binding.assignment is None:
            continue
        new = wanted_name(binding, view)
        if new == binding.local:
            continue
        taken = [other for other, name in candidates.items() if name == new]
        problem = rename_problem(binding, new, view, taken)
        if problem is not None:
            plan.findings.append(problem)
            continue
        candidates[binding] = new
    plan.findings.extend(drop_inconsistent(candidates, bindings, view.ctx, line_of))
    build_plan(candidates, plan)
    return plan


class RenameReferencesCommand(MappingCommand):
    """Rename legacy names bound by from-imports to their canonical names, with every reference."""

    DESCRIPTION = "Rename legacy names bound by from-imports to their canonical names, with references."
    METADATA_DEPENDENCIES = (ScopeProvider, PositionProvider)
    #: the transform never puts one node object in two places (see ``codemods._support.runner``)
    KEEPS_NODES_UNIQUE = True

    def __init__(
        self,
        context: CodemodContext,
        names: Sequence[str] = (),
        keep_local_names: bool = False,
        module: str | None = None,
        reexported: Sequence[str] = (),
        file_context: FileContext | None = None,
    ) -> None:
        super().__init__(context, names, keep_local_names, module, reexported, file_context)
        self.plan = RenamePlan()
        self.pruner: StatementPruner | None = None

    def _line_of(self, node: cst.CSTNode) -> int:
        return self.get_metadata(PositionProvider, node).start.line

    def _scope_of(self, node: cst.CSTNode) -> Scope | None:
        return self.get_metadata(ScopeProvider, node, None)

    def visit_Module(self, node: cst.Module) -> bool:
        ctx = self.mapping()
        facts = FileFacts(self._line_of)
        node.visit(facts)
        view = _FileView(ctx, facts, all_scopes(self.metadata[ScopeProvider].values()), self._line_of)
        bindings = legacy_names(node, ctx, self._scope_of, self._line_of)
        self.plan = plan_renames(bindings, view, self._line_of)
        for finding in self.plan.findings:
            self.findings.append(finding)
            self.warn(str(finding))
        targets = [*self.plan.aliases, *self.plan.names, *self.plan.strings]
        self.pruner = StatementPruner(lambda n: self.get_metadata(PositionProvider, n), targets)
        return bool(targets)

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.pruner is not None and self.pruner.skips(node):
            return False
        return super().on_visit(node)

    def leave_ImportAlias(
        self, original_node: cst.ImportAlias, updated_node: cst.ImportAlias
    ) -> cst.ImportAlias:
        new = self.plan.aliases.get(original_node)
        if new is None:
            return updated_node
        return updated_node.with_changes(asname=cst.AsName(name=cst.Name(new)))

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        new = self.plan.names.get(original_node)
        return updated_node if new is None else updated_node.with_changes(value=new)

    def leave_SimpleString(
        self, original_node: cst.SimpleString, updated_node: cst.SimpleString
    ) -> cst.SimpleString:
        return renamed_string(original_node, updated_node, self.plan.strings.get(original_node))


def run(source: bytes, ctx: FileContext) -> FileResult:
    """Run this codemod alone on exact bytes; never raises."""
    return run_commands(
        [factory_of(RenameReferencesCommand)], source, ctx, is_irrelevant=imports_no_legacy_module
    )
