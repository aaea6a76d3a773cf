"""Tracks the engine of the current request for the metrics endpoint."""
from typing import TYPE_CHECKING, Any, Dict, Optional

if TYPE_CHECKING:
    from app.agents.supervisor.execution_engine import ExecutionEngine


class EngineMonitor:
    def __init__(self) -> None:
        self._engine: Optional["ExecutionEngine"] = None
        self._engines_seen = 0

    def attach(self, engine: "ExecutionEngine") -> None:
        self._engine = engine
        self._engines_seen += 1

    def detach(self) -> None:
        self._engine = None

    def snapshot(self) -> Dict[str, Any]:
        if self._engine is None:
            return {"attached": False, "engines_seen": self._engines_seen}
        history = self._engine.get_history()
        return {
            "attached": True,
            "engines_seen": self._engines_seen,
            "user_id": self._engine.context.user_id,
            "runs": len(history),
            "failures": sum(1 for result in history if not result.success),
        }
