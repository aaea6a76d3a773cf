from unittest import mock


class TestEngine:
    def test_engine(self):
        with mock.patch.object(self.module, "ExecutionEngine"):
            pass
