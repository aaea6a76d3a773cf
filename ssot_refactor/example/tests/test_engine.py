import asyncio
import unittest
from unittest import mock

from app.agents.builtin import EchoAgent
from app.agents.context import UserExecutionContext
from app.agents.errors import EngineError
from app.agents.registry import default_registry
from app.agents.supervisor.execution_engine import ExecutionEngine
from app.agents.supervisor.pipeline import SupervisorPipeline
from app.websocket.bridge import WebSocketBridge
from tests.support import run


async def _slow_run(self, context, payload):
    await asyncio.sleep(1)
    return {}


class ExecutionEngineTests(unittest.TestCase):
    def setUp(self):
        self.registry = default_registry()
        self.bridge = WebSocketBridge()
        self.context = UserExecutionContext(user_id="u-1", thread_id="t-1")

    def test_execute_agent_returns_the_agent_output(self):
        engine = ExecutionEngine(self.registry, self.bridge, self.context)
        result = run(engine.execute_agent("echo", {"ping": 1}))
        self.assertTrue(result.success)
        self.assertEqual(result.output, {"echo": {"ping": 1}, "user_id": "u-1"})
        self.assertEqual(result.run_id, self.context.run_id)

    def test_events_go_to_the_user_of_the_context(self):
        engine = ExecutionEngine(self.registry, self.bridge, self.context)
        run(engine.execute_agent("echo"))
        events = [message["type"] for message in self.bridge.messages_for("u-1")]
        self.assertEqual(events, ["agent_started", "agent_completed"])
        self.assertEqual(self.bridge.messages_for("system"), [])

    def test_unknown_agent_raises_engine_error(self):
        engine = ExecutionEngine(self.registry, self.bridge, self.context)
        with self.assertRaises(EngineError):
            run(engine.execute_agent("no-such-agent"))

    def test_failing_agent_gives_an_unsuccessful_result(self):
        engine = ExecutionEngine(self.registry, self.bridge, self.context)
        with mock.patch.object(EchoAgent, "run", side_effect=RuntimeError("boom")):
            result = run(engine.execute_agent("echo"))
        self.assertFalse(result.success)
        self.assertEqual(result.error, "boom")
        self.assertEqual(self.bridge.messages_for("u-1")[-1]["type"], "agent_failed")

    def test_timeout(self):
        engine = ExecutionEngine(self.registry, self.bridge, self.context)
        with mock.patch.object(EchoAgent, "run", _slow_run):
            result = run(engine.execute_agent("echo", timeout=0.01))
        self.assertFalse(result.success)
        self.assertIn("timed out", result.error)

    def test_pipeline_feeds_each_output_to_the_next_agent(self):
        engine = ExecutionEngine._init_from_factory(self.registry, self.bridge, user_context=self.context)
        results = run(engine.execute_pipeline(["triage", "summary"], {"message": "Summarize this. Please."}))
        self.assertEqual([result.agent_name for result in results], ["triage", "summary"])
        self.assertEqual(results[1].output["summary"], "Summarize this.")
        self.assertEqual(len(engine.get_history()), 2)

    def test_without_user_context_runs_as_system(self):
        engine = ExecutionEngine(self.registry, self.bridge)
        self.assertEqual(engine.context.user_id, "system")


class SupervisorPipelineTests(unittest.TestCase):
    def test_routes_after_triage(self):
        pipeline = SupervisorPipeline(default_registry(), WebSocketBridge())
        context = UserExecutionContext(user_id="u-2", thread_id="t-2")
        results = run(pipeline.run(context, "what is the average of these numbers?"))
        self.assertEqual([result.agent_name for result in results], ["triage", "data"])
        self.assertFalse(results[1].success)  # no values in the payload
        self.assertEqual(results[1].error, "no values to analyse")


if __name__ == "__main__":
    unittest.main()
