"""Health probe: runs the echo agent end to end."""
from typing import Any, Dict, Optional

from app.dependencies import Dependencies, get_dependencies

try:
    from app.agents.supervisor.execution_engine import ExecutionEngine
except ImportError:  # slim image without the agent runtime
    ExecutionEngine = None


async def health(deps: Optional[Dependencies] = None) -> Dict[str, Any]:
    if ExecutionEngine is None:
        return {"status": "degraded", "reason": "agent runtime not installed"}
    deps = deps or get_dependencies()
    registry, bridge = deps.registry, deps.bridge
    engine = ExecutionEngine(registry, bridge)
    result = await engine.execute_agent("echo", {"ping": True}, timeout=2.0)
    return {
        "status": "ok" if result.success else "failing",
        "agents": registry.names(),
        "probe_ms": round(result.duration_ms, 3),
    }
