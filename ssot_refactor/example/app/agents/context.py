"""Per-request execution context: who runs an agent, in which thread and which run."""
import uuid
from dataclasses import dataclass, field
from typing import Any, Dict


def new_run_id() -> str:
    return f"run_{uuid.uuid4().hex[:12]}"


@dataclass(frozen=True)
class UserExecutionContext:
    user_id: str
    thread_id: str
    run_id: str = field(default_factory=new_run_id)
    metadata: Dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def system(cls, purpose: str = "system") -> "UserExecutionContext":
        """Context for work that is not done on behalf of a user (probes, warmers)."""
        return cls(user_id="system", thread_id=purpose)

    def child(self, **metadata: Any) -> "UserExecutionContext":
        """Same user and thread, new run id: one request that starts another run."""
        return UserExecutionContext(
            self.user_id, self.thread_id, new_run_id(), {**self.metadata, **metadata}
        )
