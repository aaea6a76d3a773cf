"""Errors raised by the agent runtime."""


class AgentError(Exception):
    """Base class of every error raised by the agent runtime."""


class EngineError(AgentError):
    """An agent run could not be started by an execution engine."""


class AgentNotFoundError(EngineError):
    """No agent is registered under the requested name."""

    def __init__(self, name: str) -> None:
        super().__init__(f"no agent registered as {name!r}")
        self.name = name
