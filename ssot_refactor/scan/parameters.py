"""Scan stage: the parameters one ``def`` or dataclass body declares, and the decorators that keep them (pure).

Read from a single stdlib ``ast`` node, nothing imported or executed; ``definitions`` follows
names, imports and bases across the repository and asks this module about each node it finds.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ssot_refactor.model import Param, Signature
from ssot_refactor.model.notation import (
    KEYWORD_ONLY,
    POSITIONAL_ONLY,
    POSITIONAL_OR_KEYWORD,
    VAR_KEYWORD,
    VAR_POSITIONAL,
)
from ssot_refactor.scan.namespace import dotted_chain

#: decorators that leave the parameters of the function they wrap as they are
_PRESERVING_DECORATORS = frozenset(
    {
        "abstractmethod",
        "override",
        "final",
        "cache",
        "lru_cache",
        "cached_property",
        "contextmanager",
        "asynccontextmanager",
        "wraps",
        "no_type_check",
        "deprecated",
    }
)
#: class decorators that return the class unchanged
_PRESERVING_CLASS_DECORATORS = frozenset(
    {"final", "total_ordering", "runtime_checkable", "unique", "deprecated"}
)
_PLAIN_METACLASSES = frozenset({"ABCMeta", "abc.ABCMeta"})


def function_signature(
    node: ast.FunctionDef | ast.AsyncFunctionDef, *, drop_first: bool, is_async: bool | None = None
) -> Signature:
    """The parameters of a ``def``; ``drop_first`` drops ``self``/``cls``."""
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    defaults_from = len(positional) - len(args.defaults)
    params = [
        Param(
            arg.arg,
            POSITIONAL_ONLY if index < len(args.posonlyargs) else POSITIONAL_OR_KEYWORD,
            index >= defaults_from,
        )
        for index, arg in enumerate(positional)
    ]
    if drop_first and params:
        params = params[1:]
    if args.vararg is not None:
        params.append(Param(args.vararg.arg, VAR_POSITIONAL))
    params.extend(
        Param(arg.arg, KEYWORD_ONLY, default is not None)
        for arg, default in zip(args.kwonlyargs, args.kw_defaults)
    )
    if args.kwarg is not None:
        params.append(Param(args.kwarg.arg, VAR_KEYWORD))
    if is_async is None:
        is_async = isinstance(node, ast.AsyncFunctionDef) and not _yields(node)
    return Signature(tuple(params), is_async)


def dataclass_options(node: ast.ClassDef) -> dict[str, object] | None:
    """The literal keyword options of a ``@dataclass`` class decorator, or None when not a dataclass."""
    for decorator in node.decorator_list:
        function = decorator.func if isinstance(decorator, ast.Call) else decorator
        if dotted_chain(function) in ("dataclass", "dataclasses.dataclass"):
            options: dict[str, object] = {}
            if isinstance(decorator, ast.Call):
                for keyword in decorator.keywords:
                    if keyword.arg and isinstance(keyword.value, ast.Constant):
                        options[keyword.arg] = keyword.value.value
            return options
    return None


def dataclass_fields(node: ast.ClassDef, kw_only: bool) -> Iterator[Param]:
    """The ``__init__`` parameters one dataclass body declares; kind "" marks ``init=False``."""
    for statement in node.body:
        if not isinstance(statement, ast.AnnAssign) or not isinstance(statement.target, ast.Name):
            continue
        annotation = _annotation_text(statement.annotation)
        if annotation.split("[")[0].split(".")[-1] == "ClassVar":
            continue
        if annotation.split(".")[-1] == "KW_ONLY":
            kw_only = True
            continue
        name, value = statement.target.id, statement.value
        field_kw_only, has_default, init = kw_only, value is not None, True
        if isinstance(value, ast.Call) and (dotted_chain(value.func) or "").split(".")[-1] == "field":
            options = {k.arg: k.value for k in value.keywords if k.arg}
            has_default = "default" in options or "default_factory" in options
            init_option = options.get("init")
            init = not (isinstance(init_option, ast.Constant) and init_option.value is False)
            kw = options.get("kw_only")
            if isinstance(kw, ast.Constant) and isinstance(kw.value, bool):
                field_kw_only = kw.value
        yield Param(
            name, (KEYWORD_ONLY if field_kw_only else POSITIONAL_OR_KEYWORD) if init else "", has_default
        )


def _annotation_text(node: ast.expr) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.strip()
    return ast.unparse(node)


def decorator_name(decorator: ast.expr) -> str:
    """The last component of a decorator's name (``functools.wraps(f)`` gives ``wraps``); "?" when unnamed."""
    function = decorator.func if isinstance(decorator, ast.Call) else decorator
    return (dotted_chain(function) or "?").split(".")[-1]


def decorators_preserve(
    node: ast.FunctionDef | ast.AsyncFunctionDef, allowed: frozenset[str] | set[str] = frozenset()
) -> bool:
    """True when every decorator of ``node`` keeps its parameters as written (or is one of ``allowed``)."""
    return all(decorator_name(d) in _PRESERVING_DECORATORS | set(allowed) for d in node.decorator_list)


def is_overload(node: ast.stmt) -> bool:
    """True for a definition decorated with ``@overload`` (a declaration, not the implementation)."""
    decorators = getattr(node, "decorator_list", [])
    return any(decorator_name(d) == "overload" for d in decorators)


def class_is_plain(node: ast.ClassDef) -> bool:
    """No decorator or metaclass that could change how the class is called."""
    for decorator in node.decorator_list:
        function = decorator.func if isinstance(decorator, ast.Call) else decorator
        chain = dotted_chain(function) or ""
        if (
            chain not in ("dataclass", "dataclasses.dataclass")
            and chain.split(".")[-1] not in _PRESERVING_CLASS_DECORATORS
        ):
            return False
    return all(k.arg != "metaclass" or dotted_chain(k.value) in _PLAIN_METACLASSES for k in node.keywords)


def _yields(node: ast.AsyncFunctionDef) -> bool:
    """True for an async generator (its call returns no coroutine)."""
    stack: list[ast.AST] = list(node.body)
    while stack:
        item = stack.pop()
        if isinstance(item, (ast.Yield, ast.YieldFrom)):
            return True
        if not isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(item))
    return False
