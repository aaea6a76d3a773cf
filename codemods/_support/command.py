"""The base class of the codemod commands: LibCST's command without its per-instance introspection (pure).

``MatcherDecoratableTransformer.__init__`` walks ``dir()`` of every new instance, looking for
``@visit``/``@leave``/``@call_if_inside`` matcher decorators, three times over. A command is
made once per file, so on a large migration that is seconds spent finding nothing: the commands
use no matcher decorator. ``Command`` checks that once, when a subclass is defined (one that
uses a decorator is refused), and then makes instances without looking again.
"""

from __future__ import annotations

import argparse
import inspect
from collections.abc import Sequence
from typing import Any

from libcst.codemod import Codemod, CodemodContext, VisitorBasedCodemodCommand
from libcst.matchers._decorators import (  # the markers the decorators set; not exported by LibCST
    CONSTRUCTED_LEAVE_MATCHER_ATTR,
    CONSTRUCTED_VISIT_MATCHER_ATTR,
    VISIT_NEGATIVE_MATCHER_ATTR,
    VISIT_POSITIVE_MATCHER_ATTR,
)

from codemods._support.runner import add_common_args, context_from_args
from ssot_refactor.model import FileContext, Finding

_MARKERS = (
    CONSTRUCTED_LEAVE_MATCHER_ATTR,
    CONSTRUCTED_VISIT_MATCHER_ATTR,
    VISIT_NEGATIVE_MATCHER_ATTR,
    VISIT_POSITIVE_MATCHER_ATTR,
)


class Command(VisitorBasedCodemodCommand):
    """``VisitorBasedCodemodCommand`` for commands without matcher decorators."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in dir(cls):
            found = inspect.getattr_static(cls, name)
            function = getattr(found, "__func__", found)
            if any(hasattr(function, marker) for marker in _MARKERS):
                raise TypeError(
                    f"{cls.__name__}.{name} uses a matcher decorator; derive from LibCST's command"
                )

    def __init__(self, context: CodemodContext) -> None:
        Codemod.__init__(self, context)
        # what MatcherDecoratableTransformer.__init__ would find: no matcher, no decorated function
        self._MatcherDecoratableTransformer__matchers: dict[object, object] = {}
        self._extra_visit_funcs = {}
        self._extra_leave_funcs = {}


class MappingCommand(Command):
    """A command driven by a name map: the pipeline's ``FileContext``, or the options of a
    standalone ``python -m libcst.tool codemod`` run (``--map``, ``--module``...)."""

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        """Options of the standalone ``python -m libcst.tool codemod`` run."""
        add_common_args(arg_parser)

    def __init__(
        self,
        context: CodemodContext,
        names: Sequence[str] = (),
        keep_local_names: bool = False,
        module: str | None = None,
        reexported: Sequence[str] = (),
        file_context: FileContext | None = None,
    ) -> None:
        super().__init__(context)
        self.file_context = file_context
        self.cli_options = (tuple(names), keep_local_names, module, tuple(reexported))
        self.findings: list[Finding] = []

    def mapping(self) -> FileContext:
        """The file's context: the pipeline's, else one made from the standalone run's options."""
        names, keep, module, reexported = self.cli_options
        return self.file_context or context_from_args(self.context, names, keep, module, reexported)
