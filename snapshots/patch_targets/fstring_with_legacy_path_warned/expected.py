from unittest import mock


def patch_method(method):
    return mock.patch(f"app.old.ExecutionEngine.{method}")


def patch_other(method):
    return mock.patch(f"app.other.{method}")
