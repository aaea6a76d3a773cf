"""The pyflakes findings an import rewrite must never add, as comparable strings."""

from __future__ import annotations

import io

import pyflakes.api
import pyflakes.messages
import pyflakes.reporter

from ssot_refactor.equivalence import decode
from ssot_refactor.model import FileContext


class _Collector(pyflakes.reporter.Reporter):
    """A pyflakes reporter that keeps the message objects."""

    def __init__(self) -> None:
        super().__init__(io.StringIO(), io.StringIO())
        self.messages: list[pyflakes.messages.Message] = []

    def flake(self, message: pyflakes.messages.Message) -> None:
        self.messages.append(message)


#: the pyflakes findings an import rewrite must never add: F811, F401, F821
_WATCHED = {
    pyflakes.messages.RedefinedWhileUnused: "redefinition",
    pyflakes.messages.UnusedImport: "unused import",
    pyflakes.messages.UndefinedName: "undefined name",
}


def import_findings(code: bytes, ctx: FileContext) -> list[str]:
    """``"<kind> <local name>"`` for each watched pyflakes finding; legacy names read as canonical."""
    collector = _Collector()
    pyflakes.api.check(decode(code), ctx.path, collector)
    canonical = {legacy.name: target.name for legacy, target in ctx.name_map}
    found = []
    for message in collector.messages:
        kind = _WATCHED.get(type(message))
        if kind is not None:
            name = str(message.message_args[0]).rpartition(" as ")[2].rpartition(".")[2]
            found.append(f"{kind} {canonical.get(name, name)}")
    return sorted(found)
