from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.engine import UserExecutionEngine

from app.old import ExecutionEngine


def run(engine: "UserExecutionEngine") -> None:
    ExecutionEngine.check(engine)
