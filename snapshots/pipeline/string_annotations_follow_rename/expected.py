from typing import Optional

from app.engine import UserExecutionEngine


def get() -> Optional["UserExecutionEngine"]:
    return None
