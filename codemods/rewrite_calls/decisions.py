"""Deciding every legacy call of a file: the edit to write or the reason it stays (pure, reads metadata).

A call is found through LibCST's qualified names (an import, an alias, ``module.Name``,
``Name.classmethod``, ``functools.partial(Name, ...)``), decided by the pure functions of
``arguments``, built (``build``) and bound to the canonical signature as the last word
(``binds``). A refusal holds back the other calls of the same legacy name.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field

import libcst as cst
from libcst import MetadataDependent
from libcst.metadata import (
    PositionProvider,
    QualifiedName,
    QualifiedNameProvider,
    QualifiedNameSource,
    ScopeProvider,
)

from codemods._support import resolve_name
from codemods.rewrite_calls.arguments import (
    AlreadyBroken,
    ArgForm,
    await_decision,
    choose_callee,
    described,
    plan_arguments,
)
from codemods.rewrite_calls.build import CallEdit, build_call, with_commas
from ssot_refactor.model import CallPlan, FileContext, Finding, FindingCode, Severity, Signature, Target
from ssot_refactor.model.notation import bind_shape

PARTIAL = "functools.partial"


def binds(call_source: str, signature: Signature, *, partial: bool = False) -> str | None:
    """Why the call's arguments do not bind to ``signature`` (placeholders for values); None: they do."""
    try:
        tree = ast.parse(call_source.strip(), mode="eval")
    except SyntaxError as error:
        return f"the call does not parse ({error.msg})"
    call = tree.body
    if not isinstance(call, ast.Call):
        return "not a call"
    if any(isinstance(arg, ast.Starred) for arg in call.args) or any(k.arg is None for k in call.keywords):
        return "it passes *args or **kwargs"
    bound = bind_shape(len(call.args), [str(k.arg) for k in call.keywords], signature, partial=partial)
    return bound if isinstance(bound, str) else None


@dataclass
class CallDecisions:
    """Every legacy call of the file: what to write and what was refused."""

    edits: dict[cst.Call, CallEdit] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    imports: list[Target] = field(default_factory=list)


class _Collector(cst.CSTVisitor):
    """Finds the legacy calls of a module and decides each one (no node is changed here)."""

    def __init__(self, command: MetadataDependent, ctx: FileContext) -> None:
        self.command, self.ctx = command, ctx
        mapped = (p for p in ctx.calls if ctx.name_map.canonical_for(p.legacy.module, p.legacy.head))
        self.plans = {plan.legacy.dotted: plan for plan in mapped}
        self.async_stack = [False]
        self.awaited: set[cst.CSTNode] = set()
        self.primary: set[cst.CSTNode] = set()
        self.decided: list[tuple[CallPlan, cst.Call, CallEdit | str | None]] = []

    # context ----------------------------------------------------------------

    # Only a body runs in its own frame: decorators, defaults and bases belong to the outer one.

    def visit_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self.async_stack.append(node.asynchronous is not None)

    def leave_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self.async_stack.pop()

    def visit_Lambda_body(self, node: cst.Lambda) -> None:
        self.async_stack.append(False)

    def leave_Lambda_body(self, node: cst.Lambda) -> None:
        self.async_stack.pop()

    def visit_ClassDef_body(self, node: cst.ClassDef) -> None:
        self.async_stack.append(False)

    def leave_ClassDef_body(self, node: cst.ClassDef) -> None:
        self.async_stack.pop()

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self.async_stack.append(False)

    def leave_GeneratorExp(self, original_node: cst.GeneratorExp) -> None:
        self.async_stack.pop()

    def visit_Await(self, node: cst.Await) -> None:
        self.awaited.add(node.expression)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.primary.add(node.value)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        self.primary.add(node.value)

    # calls ------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        self.primary.add(node.func)
        plan, partial = self.plan_of(node.func), False
        if plan is None and PARTIAL in self.dotted_names(node.func) and node.args and _is_plain(node.args[0]):
            plan, partial = self.plan_of(node.args[0].value), True
        if plan is not None:
            self.decided.append((plan, node, self.decide(node, plan, partial)))

    def dotted_names(self, node: cst.CSTNode) -> set[str]:
        names: Iterable[QualifiedName] = self.command.get_metadata(QualifiedNameProvider, node, set())
        found = set()
        for name in names:
            if name.source == QualifiedNameSource.IMPORT:
                absolute = resolve_name(name.name, self.ctx.module, self.ctx.is_package)
                if absolute:
                    found.add(absolute)
        return found

    def plan_of(self, node: cst.CSTNode) -> CallPlan | None:
        found = {
            self.plans[name].legacy: self.plans[name]
            for name in self.dotted_names(node)
            if name in self.plans
        }
        if len(found) != 1:
            return None
        (plan,) = found.values()
        if "." in plan.legacy.name and not isinstance(node, cst.Attribute):
            return None
        return plan

    def decide(self, node: cst.Call, plan: CallPlan, partial: bool) -> CallEdit | str | None:
        args = node.args[1:] if partial else node.args
        arguments = plan_arguments([_form(arg) for arg in args], plan, partial=partial)
        if arguments is None or isinstance(arguments, str):
            return arguments
        mapped = self.ctx.name_map.canonical_for(plan.legacy.module, plan.legacy.head)
        callee = choose_callee(plan, mapped)
        needed = [callee.imported] if callee.imported else []
        needed += list(plan.imports)
        for target in needed:
            if target is not None and self.conflicts(node, target):
                return (
                    f"call of {plan.legacy}: {target.head} is already bound in this file to something other "
                    f"than {target.module}:{target.head}"
                )
        awaiting = await_decision(
            plan, in_async=self.async_stack[-1], awaited=node in self.awaited, partial=partial
        )
        if isinstance(awaiting, str):
            return awaiting
        edit = CallEdit(plan, arguments, callee, awaiting, node in self.primary, partial)
        return self.final_check(node, edit)

    def conflicts(self, node: cst.CSTNode, target: Target) -> bool:
        """``target.head`` is bound, where the call is, to anything but an import of ``target``."""
        scope = self.command.get_metadata(ScopeProvider, node, None)
        if scope is None or target.head not in scope:
            return False
        wanted = f"{target.module}.{target.head}"
        names = scope.get_qualified_names_for(target.head)
        return not names or any(
            n.source != QualifiedNameSource.IMPORT
            or resolve_name(n.name, self.ctx.module, self.ctx.is_package) != wanted
            for n in names
        )

    def final_check(self, node: cst.Call, edit: CallEdit) -> CallEdit | str:
        """Build the rewritten call and bind it to the canonical signature: the last word."""
        signature = edit.plan.canonical_signature
        if edit.plan.same_signature and (signature is None or any(arg.star for arg in node.args)):
            return edit  # declared compatible, and nothing here can be checked
        if signature is None:
            return f"call of {edit.plan.legacy}: the signature of {edit.plan.canonical} is unknown"
        built = build_call(node, edit)
        call = built.expression if isinstance(built, cst.Await) else built
        assert isinstance(call, cst.Call)
        if edit.partial:
            call = cst.Call(func=call.args[0].value, args=with_commas(call.args[1:], list(call.args[1:])))
        problem = binds(cst.Module([]).code_for_node(call), signature, partial=edit.partial)
        if problem:
            return (
                f"call of {edit.plan.legacy} rewritten for {described(edit.plan)} would not bind ({problem})"
            )
        return edit


def _is_plain(arg: cst.Arg) -> bool:
    return arg.keyword is None and arg.star == ""


def _form(arg: cst.Arg) -> ArgForm:
    if arg.star:
        return str(arg.star)
    return arg.keyword.value if arg.keyword is not None else None


def collect(command: MetadataDependent, module: cst.Module, ctx: FileContext) -> CallDecisions:
    """Decide every legacy call; a refusal holds back the other calls of the same legacy name."""
    collector = _Collector(command, ctx)
    module.visit(collector)
    decisions = CallDecisions()
    refused = {_group(plan) for plan, _, decision in collector.decided if isinstance(decision, str)}
    for plan, node, decision in collector.decided:
        line = command.get_metadata(PositionProvider, node).start.line
        if isinstance(decision, str):
            code = (
                FindingCode.BROKEN_CALL if isinstance(decision, AlreadyBroken) else FindingCode.BLOCKED_CALL
            )
            decisions.findings.append(
                Finding(
                    ctx.path,
                    line,
                    f"{decision}; call left unchanged",
                    code=code,
                    subject=Target(*_group(plan)),
                )
            )
        elif isinstance(decision, CallEdit) and _group(plan) in refused:
            message = (
                f"call of {plan.legacy} held back: a call of {Target(*_group(plan))} in this file is left "
                "unchanged"
            )
            decisions.findings.append(
                Finding(ctx.path, line, message, Severity.INFO, code=FindingCode.HELD_CALL)
            )
        elif isinstance(decision, CallEdit):
            decisions.edits[node] = decision
            if decision.callee.imported is not None:
                decisions.imports.append(decision.callee.imported)
            decisions.imports.extend(plan.imports)
    decisions.findings.sort(key=lambda finding: finding.line)
    return decisions


def _group(plan: CallPlan) -> tuple[str, str]:
    return plan.legacy.module, plan.legacy.head
