import unittest
from unittest import mock

from app.agents.errors import EngineError
from app.agents.registry import default_registry
from app.agents.supervisor.execution_engine import ExecutionEngine
from app.websocket.bridge import WebSocketBridge
from app.workers.batch_worker import BatchWorker
from app.workers.engine_pool import EnginePool, build_engines_with
from app.workers.scheduler import ScheduledJob, Scheduler
from app.workers.task_worker import Task, TaskWorker
from tests.support import failed, install_fake_engine, ok, run


class TaskWorkerTests(unittest.TestCase):
    def test_runs_queued_tasks(self):
        worker = TaskWorker(default_registry(), WebSocketBridge())
        worker.submit(Task("u-1", "t-1", "echo", {"n": 1}))
        worker.submit(Task("u-2", "t-2", "summary", {"text": "One. Two."}))
        self.assertEqual(run(worker.drain()), 2)
        self.assertEqual([result.agent_name for result in worker.completed], ["echo", "summary"])

    def test_retries_then_gives_up(self):
        worker = TaskWorker(default_registry(), WebSocketBridge(), max_attempts=2)
        with mock.patch.object(ExecutionEngine, "execute_agent", new_callable=mock.AsyncMock) as execute:
            execute.return_value = failed("echo", "flaky")
            worker.submit(Task("u-1", "t-1", "echo"))
            self.assertEqual(run(worker.drain()), 2)
        self.assertEqual(execute.await_count, 2)
        self.assertEqual(len(worker.failed), 1)


class BatchWorkerTests(unittest.TestCase):
    def test_counts_successes_and_failures(self):
        worker = BatchWorker(default_registry(), WebSocketBridge())
        payloads = [{"values": [1, 3]}, {"values": []}, {"values": [5]}]
        report = run(worker.run_batch("u-1", "data", payloads))
        self.assertEqual((report.succeeded, report.failed), (2, 1))
        self.assertEqual([output["mean"] for output in report.outputs], [2.0, 5.0])

    def test_engine_error_aborts_the_batch(self):
        worker = BatchWorker(default_registry(), WebSocketBridge())
        with mock.patch("app.agents.supervisor.execution_engine.ExecutionEngine") as engine_cls:
            engine = install_fake_engine(engine_cls)
            engine.execute_agent.side_effect = EngineError("registry unavailable")
            report = run(worker.run_batch("u-1", "echo", [{}, {}]))
        self.assertEqual(report.errors, ["registry unavailable"])
        self.assertEqual(engine.execute_agent.await_count, 1)


class SchedulerTests(unittest.TestCase):
    def test_runs_due_jobs_and_reschedules_them(self):
        scheduler = Scheduler(default_registry(), WebSocketBridge())
        scheduler.add(ScheduledJob("digest", "u-1", "summary", 60.0, {"text": "Daily digest."}))
        scheduler.add(ScheduledJob("later", "u-1", "echo", 60.0, next_run_at=500.0))
        with mock.patch("app.agents.supervisor.execution_engine.ExecutionEngine") as engine_cls:
            engine = install_fake_engine(engine_cls, ok("summary", summary="Daily digest."))
            results = run(scheduler.run_due(now=100.0))
        self.assertEqual(list(results), ["digest"])
        engine.execute_agent.assert_awaited_once_with("summary", {"text": "Daily digest."})
        self.assertEqual(scheduler.due(159.0), [])
        self.assertEqual([job.name for job in scheduler.due(160.0)], ["digest"])


class EnginePoolTests(unittest.TestCase):
    def test_round_robin(self):
        pool = EnginePool(default_registry(), WebSocketBridge(), size=2)
        first, second, third = pool.acquire(), pool.acquire(), pool.acquire()
        self.assertIsNot(first, second)
        self.assertIs(first, third)
        self.assertTrue(run(first.execute_agent("echo")).success)

    def test_injected_engine_class(self):
        registry, bridge = default_registry(), WebSocketBridge()
        engine_cls = mock.Mock(name="EngineClass")
        engines = build_engines_with(engine_cls, registry, bridge, size=3)
        self.assertEqual(len(engines), 3)
        engine_cls.assert_called_with(registry, bridge)


if __name__ == "__main__":
    unittest.main()
