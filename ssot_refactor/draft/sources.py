"""The repository's Python modules as ``init`` reads them: listed once, parsed on demand (read-only).

Drafting a spec looks for a few kinds of code (classes that name the canonical class, classes
with its methods, functions of a given name), so only the files whose bytes hold one of those
words are read and parsed: one ``git grep`` per question in a work tree, a read of every Python
file otherwise. Test files are never candidates (a test that subclasses the canonical class
is not a legacy implementation).
"""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

from ssot_refactor.audit import is_test_path
from ssot_refactor.gitrepo import grep_blind_spots, grep_files, tracked_files
from ssot_refactor.scan.files import detect_source_roots, select_files
from ssot_refactor.scan.records import decode_source, module_name_for


class Sources:
    """The Python modules of the repository at ``root``, by dotted name and by path."""

    def __init__(self, root: Path) -> None:
        self.root = root
        every_file = tracked_files(root)
        self.paths = [path for path in select_files(every_file, ("**",), ()) if path.endswith(".py")]
        self.roots = detect_source_roots(every_file)
        self.module_of: dict[str, str] = {}
        self.path_of: dict[str, str] = {}
        for path in self.paths:
            module, _ = module_name_for(path, self.roots)
            if module is not None:
                self.module_of[path] = module
                self.path_of.setdefault(module, path)
        self._trees: dict[str, ast.Module | None] = {}
        self._texts: dict[str, bytes] = {}

    def is_package(self, path: str) -> bool:
        return path.endswith("/__init__.py") or path == "__init__.py"

    def candidates(self, needles: set[bytes]) -> list[str]:
        """Module paths (tests left out) whose bytes may hold one of ``needles``, in path order."""
        hits = grep_files(self.root, needles)
        blind = grep_blind_spots(self.root) if hits is not None else None
        if hits is None or blind is None:
            found = [path for path in self.paths if any(needle in self.read(path) for needle in needles)]
        else:
            found = [path for path in self.paths if path in hits or path in blind]
        return [path for path in found if path in self.module_of and not is_test_path(path)]

    def read(self, path: str) -> bytes:
        if path not in self._texts:
            try:
                self._texts[path] = (self.root / path).read_bytes()
            except OSError:
                self._texts[path] = b""
        return self._texts[path]

    def tree(self, path: str) -> ast.Module | None:
        """The stdlib tree of a module; None when it cannot be decoded or parsed."""
        if path not in self._trees:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", SyntaxWarning)
                    self._trees[path] = ast.parse(decode_source(self.read(path)), filename=path)
            except (SyntaxError, ValueError, UnicodeDecodeError, LookupError):
                self._trees[path] = None
        return self._trees[path]
