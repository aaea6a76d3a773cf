"""Legacy agents module.

Deprecated: this module only redirects to app.agents.builtin_agents; import from there
instead.
"""

from app.agents.builtin_agents import (
    DataAgent,
    EchoAgent,
    SummaryAgent,
    ToolAgent,
    TriageAgent,
)

__all__ = ["DataAgent", "EchoAgent", "SummaryAgent", "ToolAgent", "TriageAgent"]
