from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.old import ExecutionEngine


def run(engine: "ExecutionEngine") -> None:
    engine.start()
