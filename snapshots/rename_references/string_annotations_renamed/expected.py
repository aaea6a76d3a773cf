from typing import List, Optional, cast

from app.old import ExecutionEngine as UserExecutionEngine


def pick(engines: List["UserExecutionEngine"]) -> Optional["UserExecutionEngine"]:
    first: 'UserExecutionEngine' = engines[0]
    return cast("UserExecutionEngine", first)
