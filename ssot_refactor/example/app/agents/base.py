"""The agent interface and the result of one agent run."""
from dataclasses import dataclass, field
from typing import Any, Dict, Optional

from app.agents.context import UserExecutionContext


@dataclass
class AgentResult:
    agent_name: str
    run_id: str
    success: bool
    output: Dict[str, Any] = field(default_factory=dict)
    error: Optional[str] = None
    duration_ms: float = 0.0

    def to_dict(self) -> Dict[str, Any]:
        return {
            "agent": self.agent_name,
            "run_id": self.run_id,
            "success": self.success,
            "output": dict(self.output),
            "error": self.error,
            "duration_ms": round(self.duration_ms, 3),
        }


class BaseAgent:
    """An agent turns a payload into an output dict for one user context."""

    name = "base"
    description = ""

    async def run(self, context: UserExecutionContext, payload: Dict[str, Any]) -> Dict[str, Any]:
        raise NotImplementedError
