import unittest
from unittest import mock

from app.dependencies import Dependencies
from app.routes.agent_routes import AgentRunRequest, PipelineRequest, run_agent, run_pipeline
from app.routes.health import health
from tests.support import install_fake_engine, ok, run


class HealthTests(unittest.TestCase):
    def test_ok(self):
        answer = run(health(Dependencies()))
        self.assertEqual(answer["status"], "ok")
        self.assertIn("echo", answer["agents"])

    def test_degraded_without_the_agent_runtime(self):
        with mock.patch("app.routes.health.ExecutionEngine", None):
            answer = run(health(Dependencies()))
        self.assertEqual(answer["status"], "degraded")


class AgentRouteTests(unittest.TestCase):
    def test_run_agent(self):
        deps = Dependencies()
        answer = run(run_agent(AgentRunRequest("u-1", "t-1", "echo", {"a": 1}), deps))
        self.assertEqual(answer["status"], 200)
        self.assertEqual(answer["result"]["output"]["echo"], {"a": 1})
        self.assertEqual(len(deps.bridge.messages_for("u-1")), 2)

    def test_run_agent_uses_a_request_scoped_engine(self):
        with mock.patch("app.routes.agent_routes.create_request_scoped_engine") as create:
            engine = install_fake_engine(mock.MagicMock(), ok("echo"))
            create.return_value = engine
            answer = run(run_agent(AgentRunRequest("u-1", "t-1", "echo"), Dependencies()))
        self.assertEqual(answer["status"], 200)
        context = create.call_args.args[2]
        self.assertEqual((context.user_id, context.thread_id), ("u-1", "t-1"))

    def test_unknown_agent_is_404(self):
        answer = run(run_agent(AgentRunRequest("u-1", "t-1", "nope"), Dependencies()))
        self.assertEqual(answer["status"], 404)

    def test_pipeline(self):
        request = PipelineRequest("u-1", "t-1", ["data", "summary"], {"values": [1, 2], "text": "Done. Yes."})
        answer = run(run_pipeline(request, Dependencies()))
        self.assertEqual(answer["status"], 200)
        self.assertEqual([result["agent"] for result in answer["results"]], ["data", "summary"])


if __name__ == "__main__":
    unittest.main()
