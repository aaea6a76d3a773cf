from typing import TYPE_CHECKING

from app.engine import UserExecutionEngine

if TYPE_CHECKING:
    from app.old import ExecutionEngine


def run(engine: "ExecutionEngine") -> UserExecutionEngine:
    return UserExecutionEngine(engine)
