"""Compatibility engine with the old constructor."""
from app.engine import UserExecutionEngine


class ConsolidatedExecutionEngine:
    def __init__(self, registry, bridge):
        self._engine = UserExecutionEngine.create_from_legacy(registry, bridge)

    async def execute_agent(self, name):
        return await self._engine.execute_agent(name)

    def get_execution_stats(self):
        return {}
