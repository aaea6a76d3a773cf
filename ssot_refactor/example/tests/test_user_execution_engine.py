import unittest
from unittest import mock

from app.agents.builtin import SummaryAgent
from app.agents.context import UserExecutionContext
from app.agents.factory import AgentFactory
from app.agents.registry import default_registry
from app.agents.supervisor.user_execution_engine import UserExecutionEngine
from app.websocket.bridge import WebSocketBridge
from app.websocket.emitter import WebSocketEmitter
from tests.support import run


class UserExecutionEngineTests(unittest.TestCase):
    def setUp(self):
        self.bridge = WebSocketBridge()
        self.context = UserExecutionContext(user_id="alice", thread_id="t-9")
        self.engine = UserExecutionEngine(
            self.context, AgentFactory(default_registry()), WebSocketEmitter(self.bridge, self.context)
        )

    def test_execute_agent(self):
        result = run(self.engine.execute_agent("data", {"values": [1, 2, 3]}))
        self.assertTrue(result.success)
        self.assertEqual(result.output["mean"], 2.0)
        self.assertEqual(self.engine.get_history(), [result])

    def test_emitter_of_another_user_is_rejected(self):
        other = UserExecutionContext(user_id="bob", thread_id="t-9")
        with self.assertRaises(ValueError):
            UserExecutionEngine(
                self.context, AgentFactory(default_registry()), WebSocketEmitter(self.bridge, other)
            )

    def test_engines_do_not_share_history(self):
        other = UserExecutionEngine.create_from_legacy(default_registry(), self.bridge)
        run(self.engine.execute_agent("echo"))
        self.assertEqual(other.get_history(), [])
        self.assertEqual(other.context.user_id, "system")

    def test_pipeline_stops_at_the_first_failure(self):
        with mock.patch.object(SummaryAgent, "run", side_effect=ValueError("empty")):
            results = run(self.engine.execute_pipeline(["summary", "echo"], {"text": "x"}))
        self.assertEqual(len(results), 1)
        self.assertEqual(results[0].error, "empty")
        types = [message["type"] for message in self.bridge.messages_for("alice")]
        self.assertEqual(types, ["agent_started", "agent_failed"])


if __name__ == "__main__":
    unittest.main()
