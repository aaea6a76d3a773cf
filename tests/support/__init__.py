"""Helpers and shared data of the tests, importable as ``support.<module>`` (``tests/`` is on
``sys.path`` through ``pythonpath`` in ``pyproject.toml``); no test lives here."""
