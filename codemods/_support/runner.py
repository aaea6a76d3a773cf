"""Running one codemod on exact bytes and turning the outcome into a FileResult (pure)."""

from __future__ import annotations

import argparse
import ast
import dataclasses
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Protocol, TypeVar, cast

import libcst as cst
from libcst._metadata_dependent import LazyValue  # not exported; see lazy_metadata
from libcst.codemod import Codemod, CodemodContext, SkipFile
from libcst.metadata import BaseMetadataProvider, MetadataWrapper, PositionProvider

from codemods._support.prefilter import parse_or_none
from ssot_refactor.model import (
    Edited,
    Failed,
    FileContext,
    FileResult,
    Finding,
    NameMap,
    Skipped,
    SkipReason,
    Unchanged,
)


class FindingCommand(Protocol):
    """A codemod command that records typed findings next to its CLI warnings."""

    findings: list[Finding]

    def transform_module(self, tree: cst.Module) -> cst.Module: ...


T = TypeVar("T")
CommandFactory = Callable[[CodemodContext, FileContext], FindingCommand]


def factory_of(command: Callable[..., FindingCommand]) -> CommandFactory:
    """The factory of a command built from its ``file_context`` (the pipeline's way)."""
    return lambda context, ctx: command(context, file_context=ctx)


def add_common_args(parser: argparse.ArgumentParser) -> None:
    """The standalone CLI options both codemods take."""
    parser.add_argument(
        "--map",
        dest="names",
        metavar="LEGACY=CANONICAL",
        action="append",
        default=[],
        help="legacy.module:Name=canonical.module:Name (repeatable)",
    )
    parser.add_argument(
        "--keep-local-names",
        action="store_true",
        help="bind canonical names under the legacy local name (smallest diff)",
    )
    parser.add_argument(
        "--module",
        default=None,
        help="dotted module name of the file, for relative imports (default: from the repo root)",
    )
    parser.add_argument(
        "--reexported",
        action="append",
        default=[],
        help="a local name other modules import from this file (repeatable)",
    )


def context_from_args(
    context: CodemodContext,
    names: Sequence[str],
    keep_local_names: bool,
    module: str | None,
    reexported: Sequence[str],
) -> FileContext:
    """The FileContext of a standalone CLI run, from options and LibCST's own context."""
    filename = context.filename or "<stdin>"
    return FileContext(
        path=filename,
        module=module or context.full_module_name,
        is_package=filename.endswith("__init__.py"),
        name_map=NameMap.parse(names),
        keep_local_names=keep_local_names,
        reexported=frozenset(reexported),
    )


def python_syntax_error(source: bytes) -> tuple[str, int] | None:
    """CPython's own message and line for a syntax error (clearer than the CST parser's)."""
    try:
        ast.parse(source)
    except SyntaxError as error:
        return error.msg, error.lineno or 0
    except (ValueError, UnicodeDecodeError):
        return None
    return None


def parse_source(source: bytes, path: str) -> cst.Module | Skipped:
    """Parse exact bytes, or say why the file is skipped."""
    try:
        return cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        detail, line = python_syntax_error(source) or (str(error.message), error.raw_line)
        return Skipped(path, SkipReason.SYNTAX_ERROR, detail.removeprefix("parser error: "), line)
    except (SyntaxError, UnicodeDecodeError, LookupError) as error:
        return Skipped(path, SkipReason.DECODE_ERROR, str(error))


def transform(
    factories: Sequence[CommandFactory], tree: cst.Module, ctx: FileContext
) -> tuple[cst.Module, tuple[Finding, ...]]:
    """Apply commands in order to a parsed module, collecting their findings."""
    findings: list[Finding] = []
    # A tree straight from the parser has no node in two places, so it needs no defensive copy;
    # it stays so through commands that declare ``KEEPS_NODES_UNIQUE`` (they only build new nodes).
    fresh = True
    for factory in factories:
        command = factory(CodemodContext(filename=ctx.path, full_module_name=ctx.module), ctx)
        try:
            done = _transform_module(command, tree) if fresh else None
            if done is None and fresh:
                # it scheduled a helper transform (added imports): a new command, LibCST's full path
                command = factory(CodemodContext(filename=ctx.path, full_module_name=ctx.module), ctx)
            tree = done if done is not None else command.transform_module(tree)
        except SkipFile:
            continue
        fresh = fresh and getattr(command, "KEEPS_NODES_UNIQUE", False)
        findings.extend(command.findings)
    return tree, tuple(findings)


def _transform_module(command: FindingCommand, tree: cst.Module) -> cst.Module | None:
    """``Codemod.transform_module`` on a tree without duplicate nodes, minus its deep copy.

    ``MetadataWrapper`` copies the tree unless told it has no duplicate nodes; a parsed tree
    has none (LibCST's own guarantee), and the copy costs as much as a transform. None when
    the command scheduled one of LibCST's helper transforms (``AddImportsVisitor``...), which
    only ``CodemodCommand.transform_module`` runs: the caller then uses that.
    """
    if not isinstance(command, Codemod) or command.should_allow_multiple_passes():
        return command.transform_module(tree)
    wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
    with command.resolve(wrapper):
        previous = command.context
        command.context = replace(previous, wrapper=wrapper)
        try:
            result = command.transform_module_impl(wrapper.module)
        finally:
            command.context = previous
    return None if command.context.scratch else result


def resolved(
    command: Codemod, providers: Sequence[type[BaseMetadataProvider[object]]]
) -> Mapping[type[BaseMetadataProvider[object]], Mapping[cst.CSTNode, object]]:
    """Providers' metadata for the tree a command is transforming, computed on first use.

    For commands that declare no ``METADATA_DEPENDENCIES`` and ask only when a decision needs
    it; the wrapper caches every result, and providers asked for together share one walk.
    """
    wrapper = command.context.wrapper
    assert wrapper is not None, "metadata is only available inside transform_module"
    return wrapper.resolve_many(providers)


def parent_of(command: Codemod, node: cst.CSTNode) -> cst.CSTNode | None:
    """The parent of ``node`` in the tree the command is transforming (None for the module).

    What LibCST's ``ParentNodeProvider`` answers, from a map built on first use by reading the
    nodes' dataclass fields: a tenth of the provider's cost, which reaches every child through
    ``CSTNode.children`` (a copy of the node per visit).
    """
    return tree_maps(command)[0].get(node)


#: every node of a tree with its parent, and its ``Name`` nodes by identifier
TreeMaps = tuple[dict[cst.CSTNode, cst.CSTNode], dict[str, list[cst.Name]]]


def tree_maps(command: Codemod) -> TreeMaps:
    """The parents (what ``parent_of`` reads) and the ``Name`` nodes of the tree the command is
    transforming, from one walk on first use."""
    wrapper = command.context.wrapper
    assert wrapper is not None, "metadata is only available inside transform_module"
    cached = getattr(command, "_tree_maps", None)
    if cached is None or cached[0] is not wrapper:
        names: dict[str, list[cst.Name]] = {}
        cached = (wrapper, (parent_map(wrapper.module, names), names))
        command._tree_maps = cached  # type: ignore[attr-defined]
    return cached[1]


def parent_map(
    root: cst.CSTNode, names: dict[str, list[cst.Name]] | None = None
) -> dict[cst.CSTNode, cst.CSTNode]:
    """Every node below ``root`` with its parent (each node of a parsed tree is in one place);
    ``names``, when given, gets every ``Name`` node by identifier."""
    parents: dict[cst.CSTNode, cst.CSTNode] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        if names is not None and isinstance(node, cst.Name):
            names.setdefault(node.value, []).append(node)
        for name in _node_fields(type(node)):
            value = getattr(node, name)
            if isinstance(value, cst.CSTNode):
                parents[value] = node
                stack.append(value)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    if isinstance(item, cst.CSTNode):
                        parents[item] = node
                        stack.append(item)
    return parents


@functools.cache
def _node_fields(kind: type[cst.CSTNode]) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(kind))


def lazy_metadata(
    command: Codemod, provider: type[BaseMetadataProvider[T]], node: cst.CSTNode, default: T
) -> T:
    """``get_metadata`` for a provider resolved on first use (see ``resolved``)."""
    value = resolved(command, [provider])[provider].get(node, default)
    # QualifiedNameProvider stores lazy values, which get_metadata would unwrap the same way
    return cast(T, value() if isinstance(value, LazyValue) else value)


def line_of(command: Codemod, node: cst.CSTNode) -> int:
    """The first line of ``node``, from positions resolved on first use."""
    position = lazy_metadata(command, PositionProvider, node, None)
    return 0 if position is None else position.start.line


def run_commands(
    factories: Sequence[CommandFactory],
    source: bytes,
    ctx: FileContext,
    *,
    is_irrelevant: Callable[[bytes, FileContext], bool] | None = None,
) -> FileResult:
    """Run commands on exact bytes; never raises. Unchanged output is reported as Unchanged.

    ``is_irrelevant`` is a cheap conservative check (bytes or the stdlib ``ast``); when it says
    so, the file comes back Unchanged without a CST, once the stdlib parser has read it (a file
    it cannot read goes through LibCST's parser, so syntax errors are still reported).
    """
    irrelevant = is_irrelevant is not None and is_irrelevant(source, ctx)
    if irrelevant and parse_or_none(source) is not None:
        return Unchanged(ctx.path)  # the stdlib parser read it: no CST needed to say so
    parsed = parse_source(source, ctx.path)
    if isinstance(parsed, Skipped):
        return parsed
    if irrelevant:
        return Unchanged(ctx.path)
    _SOURCES[id(parsed)] = source
    try:
        tree, findings = transform(factories, parsed, ctx)
        after = tree.bytes
    except Exception as error:  # noqa: BLE001 - a bug in a codemod becomes data, not a crash
        return Failed(ctx.path, f"{type(error).__name__}: {error}")
    finally:
        del _SOURCES[id(parsed)]
    if after == source:
        return Unchanged(ctx.path, findings)
    if not output_parses(source, after, ctx.path):
        return Failed(ctx.path, "the rewrite produced code that does not parse; file left unchanged")
    return Edited(ctx.path, after, findings)


#: id of a module being transformed by ``run_commands`` -> the bytes it was parsed from
_SOURCES: dict[int, bytes] = {}


def source_text(module: cst.Module) -> str:
    """``module.code`` without generating it when ``module`` is the tree ``run_commands`` parsed
    from plain UTF-8 bytes (a round trip gives them back exactly)."""
    source = _SOURCES.get(id(module))
    if source is None or module.encoding != "utf-8" or source.startswith(b"\xef\xbb\xbf"):
        return module.code
    return source.decode("utf-8")


def output_parses(source: bytes, after: bytes, path: str) -> bool:
    """The rewritten bytes parse: with CPython's parser when it reads the input, else LibCST's."""
    if parse_or_none(after) is not None:
        return True
    if parse_or_none(source) is not None:
        return False
    return not isinstance(parse_source(after, path), Skipped)
