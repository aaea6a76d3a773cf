"""Errors of the legacy engine."""


class EngineError(Exception):
    pass
