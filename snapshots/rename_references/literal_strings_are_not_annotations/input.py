from typing import Literal

from app.old import ExecutionEngine

Mode = Literal["ExecutionEngine"]
engine: "ExecutionEngine" = ExecutionEngine()
