"""Codemod (pure): rewrite calls of legacy callables so that they bind to the canonical signature.

Runs before the rename and import codemods, on the original file. For every call of a legacy
callable bound in the file (an imported name, an alias, ``module.Name``, ``Name.classmethod``,
``functools.partial(Name, ...)``) it applies ``FileContext.calls``: positional arguments are
named through the legacy signature, keywords renamed, dropped and added (with the imports the
added expressions need), and ``await`` added when the canonical callable is async and the call
sits directly in an ``async def``. A canonical callable that hangs off the mapped canonical
class is called through the legacy local name (``ExecutionEngine.create_from_legacy(...)``),
so the rename stage that follows renames the head; any other canonical callable is imported.

Never written: a call that would not bind to the canonical signature (checked with
``inspect.Signature.bind`` on the rewritten call). It is left unchanged and reported as a
``blocked-call`` finding (``broken-call`` when it binds neither the legacy nor the canonical
signature: it fails today already), and the other calls of the same legacy name in the file are held
back too, so the file can keep its legacy import and still run. Calls that already bind to the
canonical signature with the same parameters need no rule and are not touched. A local or
parameter that shadows the name is not a legacy call (LibCST scope analysis).

Standalone (``--calls`` reads ``[[calls]]`` tables, the format of the snapshot cases)::

    python -m libcst.tool codemod -x --no-format codemods.rewrite_calls.RewriteCallsCommand \\
        --map app.old:ExecutionEngine=app.engine:UserExecutionEngine --calls calls.toml app/
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import (
    PositionProvider,
    QualifiedName,
    QualifiedNameProvider,
    QualifiedNameSource,
    ScopeProvider,
)

from codemods._call_arguments import (
    AlreadyBroken,
    ArgEdit,
    ArgForm,
    Callee,
    await_decision,
    choose_callee,
    described,
    plan_arguments,
    relative_to_absolute,
)
from codemods._call_notation import bind_shape, call_plan_from_table
from codemods._prefilter import may_rewrite_calls
from codemods._prune import StatementPruner
from codemods._runner import add_common_args, context_from_args, run_commands
from ssot_refactor.model import (
    CallPlan,
    FileContext,
    FileResult,
    Finding,
    FindingCode,
    Severity,
    Signature,
    Target,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

PARTIAL = "functools.partial"
_NO_SPACE = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)

# --------------------------------------------------------------------------- checking


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


# --------------------------------------------------------------------------- collecting


@dataclass
class CallEdit:
    """A decided rewrite of one call, keyed by the original node."""

    plan: CallPlan
    args: tuple[ArgEdit, ...]
    callee: Callee
    add_await: bool
    parens: bool
    partial: bool


@dataclass
class CallDecisions:
    """Every legacy call of the file: what to write and what was refused."""

    edits: dict[cst.Call, CallEdit] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    imports: list[Target] = field(default_factory=list)


class _Collector(cst.CSTVisitor):
    """Finds the legacy calls of a module and decides each one (no node is changed here)."""

    def __init__(self, command: RewriteCallsCommand, ctx: FileContext) -> None:
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
                absolute = relative_to_absolute(name.name, self.ctx.module, self.ctx.is_package)
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
            or relative_to_absolute(n.name, self.ctx.module, self.ctx.is_package) != wanted
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
            call = cst.Call(func=call.args[0].value, args=_with_commas(call.args[1:], list(call.args[1:])))
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


def collect(command: RewriteCallsCommand, module: cst.Module, ctx: FileContext) -> CallDecisions:
    """Decide every legacy call; a refusal holds back the other calls of the same legacy name."""
    collector = _Collector(command, ctx)
    module.visit(collector)
    decisions = CallDecisions()
    refused = {_group(plan) for plan, _, decision in collector.decided if isinstance(decision, str)}
    for plan, node, decision in collector.decided:
        line = command.get_metadata(PositionProvider, node).start.line
        if isinstance(decision, str):
            code = FindingCode.BROKEN_CALL if isinstance(decision, AlreadyBroken) else FindingCode.BLOCKED_CALL
            decisions.findings.append(Finding(ctx.path, line, f"{decision}; call left unchanged", code=code,
                                               subject=Target(*_group(plan))))
        elif isinstance(decision, CallEdit) and _group(plan) in refused:
            message = (
                f"call of {plan.legacy} held back: a call of {Target(*_group(plan))} in this file is left "
                "unchanged"
            )
            decisions.findings.append(Finding(ctx.path, line, message, Severity.INFO, code=FindingCode.HELD_CALL))
        elif isinstance(decision, CallEdit):
            decisions.edits[node] = decision
            if decision.callee.imported is not None:
                decisions.imports.append(decision.callee.imported)
            decisions.imports.extend(plan.imports)
    decisions.findings.sort(key=lambda finding: finding.line)
    return decisions


def _group(plan: CallPlan) -> tuple[str, str]:
    return plan.legacy.module, plan.legacy.head


# --------------------------------------------------------------------------- building


def build_call(node: cst.Call, edit: CallEdit) -> cst.BaseExpression:
    """The rewritten call (built from ``node``, whose arguments may already be rewritten)."""
    target_args = list(node.args[1:] if edit.partial else node.args)
    callable_node = node.args[0].value if edit.partial else node.func
    head = (
        callable_node.value
        if "." in edit.plan.legacy.name and isinstance(callable_node, cst.Attribute)
        else callable_node
    )
    new_callee = _callee_node(head, edit.callee)
    items = [_arg(target_args, item) for item in edit.args]
    offset = 1 if edit.partial else 0
    sources = [item.source + offset if isinstance(item.source, int) else None for item in edit.args]
    if edit.partial:
        first = node.args[0].with_changes(value=new_callee)
        call = node.with_changes(args=_with_commas(node.args, [first, *items], [0, *sources]))
    else:
        call = node.with_changes(func=new_callee, args=_with_commas(node.args, items, sources))
    if not edit.add_await:
        return call
    awaited = cst.Await(expression=call.with_changes(lpar=[], rpar=[]), lpar=call.lpar, rpar=call.rpar)
    if edit.parens and not awaited.lpar:
        awaited = awaited.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return awaited


def _callee_node(head: cst.BaseExpression, callee: Callee) -> cst.BaseExpression:
    if callee.imported is not None:
        return cst.parse_expression(callee.imported.name)
    result = head
    for part in callee.suffix:
        result = cst.Attribute(value=result, attr=cst.Name(part))
    return result


def _arg(originals: Sequence[cst.Arg], edit: ArgEdit) -> cst.Arg:
    if isinstance(edit.source, str):
        return cst.Arg(
            value=cst.parse_expression(edit.source), keyword=cst.Name(str(edit.keyword)), equal=_NO_SPACE
        )
    arg = originals[edit.source]
    if edit.keyword is None:
        return arg
    if arg.keyword is None:
        return arg.with_changes(keyword=cst.Name(edit.keyword), equal=_NO_SPACE)
    return arg if arg.keyword.value == edit.keyword else arg.with_changes(keyword=cst.Name(edit.keyword))


def _with_commas(
    originals: Sequence[cst.Arg], items: list[cst.Arg], sources: Sequence[int | None] | None = None
) -> list[cst.Arg]:
    """Arguments with the call's own layout: each kept argument keeps its comma (and comment),
    new ones and a former last argument take the last separator, the last one the trailing comma.
    """
    separators = [arg.comma for arg in originals[:-1]]
    trailing: cst.Comma | cst.MaybeSentinel = originals[-1].comma if originals else cst.MaybeSentinel.DEFAULT
    fallback = separators[-1] if separators else cst.MaybeSentinel.DEFAULT
    result = []
    for index, item in enumerate(items):
        source = sources[index] if sources is not None else index
        if index == len(items) - 1:
            comma = trailing
        elif source is not None and source < len(separators):
            comma = separators[source]
        else:
            comma = fallback
        result.append(item.with_changes(comma=comma))
    return result


# --------------------------------------------------------------------------- the command


class RewriteCallsCommand(VisitorBasedCodemodCommand):
    """Rewrite calls of legacy callables to calls that bind to the canonical signature."""

    DESCRIPTION = "Rewrite calls of legacy callables to calls that bind to the canonical signature."
    METADATA_DEPENDENCIES = (QualifiedNameProvider, ScopeProvider, PositionProvider)

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        """Options of the standalone ``python -m libcst.tool codemod`` run."""
        add_common_args(arg_parser)
        arg_parser.add_argument(
            "--calls",
            dest="calls_file",
            default=None,
            metavar="TOML",
            help="a TOML file of [[calls]] tables (legacy, canonical, signatures, rule)",
        )

    def __init__(
        self,
        context: CodemodContext,
        names: Sequence[str] = (),
        keep_local_names: bool = False,
        module: str | None = None,
        reexported: Sequence[str] = (),
        calls_file: str | None = None,
        file_context: FileContext | None = None,
    ) -> None:
        super().__init__(context)
        self.file_context = file_context
        self.cli_options = (tuple(names), keep_local_names, module, tuple(reexported), calls_file)
        self.findings: list[Finding] = []
        self.decisions = CallDecisions()
        self.pruner: StatementPruner | None = None

    def _context(self) -> FileContext:
        if self.file_context is not None:
            return self.file_context
        names, keep, module, reexported, calls_file = self.cli_options
        ctx = context_from_args(self.context, names, keep, module, reexported)
        if calls_file is None:
            return ctx
        from dataclasses import replace

        return replace(ctx, calls=load_call_plans(Path(calls_file)))

    def visit_Module(self, node: cst.Module) -> bool:
        ctx = self._context()
        if not ctx.calls:
            return False
        self.decisions = collect(self, node, ctx)
        for finding in self.decisions.findings:
            self.findings.append(finding)
            self.warn(str(finding))
        for target in dict.fromkeys(self.decisions.imports):
            AddImportsVisitor.add_needed_import(self.context, target.module, target.head)
        self.pruner = StatementPruner(lambda n: self.get_metadata(PositionProvider, n), self.decisions.edits)
        return bool(self.decisions.edits)

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.pruner is not None and self.pruner.skips(node):
            return False
        return super().on_visit(node)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        edit = self.decisions.edits.get(original_node)
        return updated_node if edit is None else build_call(updated_node, edit)


def load_call_plans(path: Path) -> tuple[CallPlan, ...]:
    """The ``[[calls]]`` tables of a TOML file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return call_plans_from_tables(data.get("calls", []))


def call_plans_from_tables(tables: Sequence[Mapping[str, object]]) -> tuple[CallPlan, ...]:
    """Call plans from ``[[calls]]`` tables (see ``codemods._call_notation.call_plan_from_table``)."""
    return tuple(call_plan_from_table(table) for table in tables)


def run(source: bytes, ctx: FileContext) -> FileResult:
    """Run this codemod alone on exact bytes; never raises."""
    return run_commands([_factory], source, ctx, is_irrelevant=lambda s, c: not may_rewrite_calls(s, c))


def _factory(context: CodemodContext, ctx: FileContext) -> RewriteCallsCommand:
    return RewriteCallsCommand(context, file_context=ctx)
