"""ssot-refactor: single-source-of-truth consolidation for Python codebases."""

__version__ = "0.1.0"
