from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.engine import UserExecutionEngine as ExecutionEngine


def run(engine: ExecutionEngine) -> None:
    engine.start()
