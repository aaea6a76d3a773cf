from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.old import ExecutionEngine as UserExecutionEngine


def run(engine: "UserExecutionEngine") -> "list[UserExecutionEngine]":
    return [engine]
