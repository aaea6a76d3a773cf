from typing import Literal

from app.old import ExecutionEngine as UserExecutionEngine

Mode = Literal["ExecutionEngine"]
engine: "UserExecutionEngine" = UserExecutionEngine()
