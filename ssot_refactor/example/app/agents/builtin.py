"""Agents that ship with the backend."""
import re
from typing import Any, Dict

from app.agents.base import BaseAgent
from app.agents.context import UserExecutionContext

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class EchoAgent(BaseAgent):
    name = "echo"
    description = "Returns its payload; used by health probes."

    async def run(self, context: UserExecutionContext, payload: Dict[str, Any]) -> Dict[str, Any]:
        return {"echo": dict(payload), "user_id": context.user_id}


class TriageAgent(BaseAgent):
    name = "triage"
    description = "Chooses the agent that should answer a chat message."

    ROUTES = (
        ("data", ("average", "numbers", "stats", "statistics")),
        ("summary", ("summarize", "summarise", "summary", "tl;dr")),
    )

    async def run(self, context: UserExecutionContext, payload: Dict[str, Any]) -> Dict[str, Any]:
        text = str(payload.get("message", "")).lower()
        for route, keywords in self.ROUTES:
            if any(keyword in text for keyword in keywords):
                return {"route": route}
        return {"route": "echo"}


class SummaryAgent(BaseAgent):
    name = "summary"
    description = "First sentence of a text, with sentence and word counts."

    async def run(self, context: UserExecutionContext, payload: Dict[str, Any]) -> Dict[str, Any]:
        text = str(payload.get("text") or payload.get("message") or "").strip()
        if not text:
            raise ValueError("nothing to summarize")
        sentences = [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]
        return {"summary": sentences[0], "sentences": len(sentences), "words": len(text.split())}


class DataAgent(BaseAgent):
    name = "data"
    description = "Basic statistics over a list of numbers."

    async def run(self, context: UserExecutionContext, payload: Dict[str, Any]) -> Dict[str, Any]:
        values = [float(value) for value in payload.get("values", [])]
        if not values:
            raise ValueError("no values to analyse")
        return {
            "count": len(values),
            "min": min(values),
            "max": max(values),
            "mean": sum(values) / len(values),
        }


BUILTIN_AGENTS = (EchoAgent, TriageAgent, SummaryAgent, DataAgent)
