import unittest
from unittest import mock

from app.agents.context import UserExecutionContext
from app.agents.registry import default_registry
from app.agents.supervisor.user_execution_engine import UserExecutionEngine
from app.monitoring.engine_monitor import EngineMonitor
from app.services.analysis_service import AnalysisService
from app.services.chat_service import ChatService
from app.services.engine_inspector import describe_engine, engine_kind, is_engine
from app.services.report_service import ReportService
from app.websocket.bridge import WebSocketBridge
from tests.support import failed, install_fake_engine, ok, run


class ChatServiceTests(unittest.TestCase):
    def setUp(self):
        self.service = ChatService(default_registry(), WebSocketBridge())

    @mock.patch("app.services.chat_service.ExecutionEngine")
    def test_routes_the_message_to_the_triaged_agent(self, engine_cls):
        engine = install_fake_engine(engine_cls, ok("triage", route="summary"), ok("summary", summary="Hi."))
        reply = run(self.service.handle_message("u-1", "t-1", "summarize: Hi. Bye."))
        self.assertEqual(reply["agent"], "summary")
        self.assertEqual(reply["reply"], {"summary": "Hi."})
        self.assertEqual(engine.execute_agent.await_args_list[1].args[0], "summary")

    def test_triage_failure_is_returned(self):
        with mock.patch("app.services.chat_service.ExecutionEngine") as engine_cls:
            install_fake_engine(engine_cls, failed("triage", "model unavailable"))
            reply = run(self.service.handle_message("u-1", "t-1", "hello"))
        self.assertEqual((reply["agent"], reply["reply"]), ("triage", None))
        self.assertEqual(reply["error"], "model unavailable")

    def test_end_to_end(self):
        reply = run(self.service.handle_message("u-1", "t-1", "stats please"))
        self.assertEqual(reply["agent"], "data")
        self.assertEqual(reply["error"], "no values to analyse")


class ReportServiceTests(unittest.TestCase):
    def test_summary_report(self):
        service = ReportService(default_registry(), WebSocketBridge())
        report = run(service.build_report("u-3", "t-3", ["Launch moved to May.", "Budget is fine."]))
        self.assertEqual(report["summary"], "Launch moved to May.")
        self.assertEqual(report["words"], 7)

    def test_empty_thread(self):
        service = ReportService(default_registry(), WebSocketBridge())
        report = run(service.build_report("u-3", "t-3", []))
        self.assertIsNone(report["summary"])
        self.assertEqual(report["error"], "nothing to summarize")


class AnalysisServiceTests(unittest.TestCase):
    def test_statistics(self):
        service = AnalysisService(default_registry(), WebSocketBridge())
        answer = run(service.analyse("u-4", [2, 4, 9]))
        self.assertEqual(answer, {"ok": True, "stats": {"count": 3, "min": 2.0, "max": 9.0, "mean": 5.0}})

    def test_unknown_agent(self):
        service = AnalysisService(default_registry(), WebSocketBridge())
        answer = run(service.analyse("u-4", [1], agent="forecast"))
        self.assertFalse(answer["ok"])
        self.assertIn("forecast", answer["error"])


class InspectionTests(unittest.TestCase):
    def setUp(self):
        context = UserExecutionContext(user_id="u-5", thread_id="t-5")
        self.engine = UserExecutionEngine.create_from_legacy(default_registry(), WebSocketBridge(), context)

    def test_describe_request_scoped_engine(self):
        run(self.engine.execute_agent("echo"))
        description = describe_engine(self.engine)
        self.assertEqual(description["kind"], "request-scoped")
        self.assertEqual(description["runs"], 1)
        self.assertTrue(is_engine(self.engine))
        self.assertFalse(is_engine(object()))
        with self.assertRaises(TypeError):
            engine_kind("engine")

    def test_monitor_snapshot(self):
        monitor = EngineMonitor()
        self.assertFalse(monitor.snapshot()["attached"])
        monitor.attach(self.engine)
        run(self.engine.execute_agent("data", {"values": []}))
        snapshot = monitor.snapshot()
        self.assertEqual((snapshot["user_id"], snapshot["runs"], snapshot["failures"]), ("u-5", 1, 1))


if __name__ == "__main__":
    unittest.main()
