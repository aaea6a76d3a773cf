from typing import List, Optional, cast

from app.old import ExecutionEngine


def pick(engines: List["ExecutionEngine"]) -> Optional["ExecutionEngine"]:
    first: 'ExecutionEngine' = engines[0]
    return cast("ExecutionEngine", first)
