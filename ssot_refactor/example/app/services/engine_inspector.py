"""Describes engine instances for the admin API and structured logs."""
from functools import singledispatch
from typing import Any, Dict, Tuple

from app.agents import ExecutionEngine  # re-exported by the agents package
from app.agents.supervisor.consolidated_execution_engine import ConsolidatedExecutionEngine
from app.agents.supervisor.user_execution_engine import UserExecutionEngine


def is_engine(
    obj: Any,
    engine_types: Tuple[type, ...] = (UserExecutionEngine, ConsolidatedExecutionEngine, ExecutionEngine),
) -> bool:
    return isinstance(obj, engine_types)


def engine_kind(engine: Any) -> str:
    if isinstance(engine, UserExecutionEngine):
        return "request-scoped"
    if isinstance(engine, ConsolidatedExecutionEngine):
        return "consolidated"
    if isinstance(engine, ExecutionEngine):
        return "shared"
    raise TypeError(f"not an execution engine: {type(engine).__name__}")


def _common(engine: Any) -> Dict[str, Any]:
    history = engine.get_history()
    return {
        "kind": engine_kind(engine),
        "user_id": engine.context.user_id,
        "run_id": engine.context.run_id,
        "runs": len(history),
        "failures": sum(1 for result in history if not result.success),
    }


@singledispatch
def describe_engine(engine: Any) -> Dict[str, Any]:
    raise TypeError(f"not an execution engine: {type(engine).__name__}")


@describe_engine.register(UserExecutionEngine)
def _describe_request_scoped(engine: Any) -> Dict[str, Any]:
    return _common(engine)


@describe_engine.register(ConsolidatedExecutionEngine)
def _describe_consolidated(engine: Any) -> Dict[str, Any]:
    description = _common(engine)
    description["stats"] = engine.get_execution_stats()
    return description


@describe_engine.register(ExecutionEngine)
def _describe_shared(engine: Any) -> Dict[str, Any]:
    description = _common(engine)
    description["shared_state"] = True
    return description
