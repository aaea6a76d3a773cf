from unittest import mock

from app import old

PATCHER = mock.patch.object(old, attribute="ExecutionEngine")
