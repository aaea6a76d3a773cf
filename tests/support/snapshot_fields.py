"""Snapshot ``spec.toml`` fields that need more than a one-line conversion (call plans).

A case's ``[[calls]]`` tables hold the fields of ``CallPlan``::

    [[calls]]
    legacy = "app.old:Engine"
    canonical = "app.new:UserEngine.create_from_legacy"
    legacy_signature = { params = ["registry", "websocket_bridge", "user_context=None"], is_async = false }
    canonical_signature = { params = ["registry", "websocket_bridge", "user_context=None"] }
    keywords = true
    rename = { websocket_bridge = "websocket_emitter" }
    drop = ["registry"]
    add = { agent_factory = "get_agent_factory()" }
    imports = ["app.factory:get_agent_factory"]
    await_mode = "auto"
    has_rule = true

Parameters use the usual notation: ``name``, ``name=default``, ``*args``, ``**kw``, ``*`` (the
keyword-only marker) and ``/``. A signature left out is unknown (None).
"""

from __future__ import annotations

from typing import Any

from codemods.rewrite_calls import call_plans_from_tables
from ssot_refactor.model import CallPlan


def parse_calls(raw: list[dict[str, Any]]) -> tuple[CallPlan, ...]:
    """The ``[[calls]]`` tables of a snapshot case as call plans."""
    return call_plans_from_tables(raw)
