from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.engine import UserExecutionEngine


def run(engine: "UserExecutionEngine") -> None:
    engine.start()
