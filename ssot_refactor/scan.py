"""Scan stage: candidate files, byte prefilter, import index and legacy bindings (read-only).

Only files whose bytes mention a legacy module path, a module's last component, a legacy
name, or a name/module that re-exports one are parsed, and only with the stdlib ``ast``. The
set of needles grows while re-exports are discovered, until nothing new is found.

In a git work tree one ``git grep`` per pass names the files that may match, and only those are
read; ``mentions`` still decides on their bytes, and is the whole prefilter without git.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ssot_refactor.gitrepo import grep_blind_spots, grep_files, tracked_files
from ssot_refactor.index import ImportRecord, ModuleInfo, index_source, module_name_for
from ssot_refactor.model import Skipped, SkipReason, Target
from ssot_refactor.spec import Spec

PYTHON_SUFFIXES = (".py", ".pyi")
Progress = Callable[[int, int], None]
GREP_MIN_FILES = 200  #: below this many files a pass reads them all: cheaper than one git grep of the tree


class Prefilter(Enum):
    """How a scan pass finds the files whose bytes mention a needle."""

    AUTO = "auto"  #: git grep for a pass over ``GREP_MIN_FILES`` files or more, else Python
    GIT_GREP = "git-grep"  #: git grep whenever git can answer exactly, else Python
    PYTHON = "python"  #: read every file and test it with ``mentions``


@dataclass(frozen=True, slots=True)
class LegacyUse:
    """An import in some file that binds a legacy name or a legacy module."""

    path: str
    record: ImportRecord
    legacy_module: str  #: the legacy module this binding leads to
    target: Target | None  #: the legacy name bound; None when the module itself is bound
    via: str = ""  #: the re-exporting module the name was imported from, if any
    #: the attributes from the bound module to the legacy module (``gpt4all`` for ``from langchain
    #: import llms`` used as ``llms.gpt4all.GPT4All``); empty when the legacy module is bound itself
    reach: str = ""

    @property
    def is_star(self) -> bool:
        """True for ``from legacy import *``."""
        return self.record.name == "*"

    @property
    def local(self) -> str:
        """How the file spells the legacy module or name: ``llms.gpt4all`` through a parent package."""
        return f"{self.record.local}.{self.reach}" if self.reach else self.record.local

    @property
    def attrs(self) -> tuple[tuple[str, int], ...]:
        """The ``local.attr`` uses of the legacy module, by attr (for a module binding)."""
        if not self.reach:
            return self.record.attrs
        prefix = self.reach + "."
        found: dict[str, int] = {}
        for chain, count in self.record.chains:
            if chain.startswith(prefix):
                attr = chain[len(prefix):].split(".")[0]
                found[attr] = found.get(attr, 0) + count
        return tuple(sorted(found.items()))


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What the scan found: the files, the index of candidates and every legacy binding."""

    root: Path
    files: tuple[str, ...]  #: every Python file under include/exclude
    source_roots: tuple[str, ...]
    modules: Mapping[str, str]  #: module name -> path, for every Python file
    index: Mapping[str, ModuleInfo]  #: path -> info, for the parsed candidates
    skipped: tuple[Skipped, ...]
    parsed: tuple[str, ...]  #: paths parsed, in order (what the prefilter let through)
    reexports: Mapping[tuple[str, str], Target]  #: (module, local name) -> legacy target
    uses: tuple[LegacyUse, ...]

    def path_of(self, module: str) -> str | None:
        """Repository path of a module in the repository, or None (external)."""
        return self.modules.get(module)

    def info_of(self, module: str) -> ModuleInfo | None:
        """Index entry of a module, when it was parsed."""
        path = self.modules.get(module)
        return self.index.get(path) if path else None

    def uses_of(self, legacy_module: str) -> tuple[LegacyUse, ...]:
        """Bindings leading to one legacy module, in path order."""
        return tuple(use for use in self.uses if use.legacy_module == legacy_module)

    @property
    def links(self) -> tuple[str, ...]:
        """The symbolic links the scan reported (Python files and folders), never rewritten."""
        return tuple(skip.path for skip in self.skipped if skip.reason is SkipReason.SYMLINK)

    def link_on(self, path: str) -> str | None:
        """The reported link that ``path`` is or lies below, or None: nothing may be written there."""
        return next((link for link in self.links if path == link or path.startswith(link + "/")), None)

    def link_of(self, module: str) -> str | None:
        """The reported link holding ``module`` (a linked file, or a module below a linked folder)."""
        for link in self.links:
            file = link.endswith(PYTHON_SUFFIXES)
            held, _ = module_name_for(link if file else f"{link}/__init__.py", self.source_roots)
            if held and (module == held or (not file and module.startswith(held + "."))):
                return link
        return None


# --------------------------------------------------------------------------- files


def glob_to_regex(pattern: str) -> re.Pattern[str]:
    """Compile a repository glob: ``**`` spans folders, ``*`` and ``?`` stay inside one."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def select_files(paths: Iterable[str], include: Iterable[str], exclude: Iterable[str]) -> list[str]:
    """Python files matching some include glob and no exclude glob."""
    includes = [glob_to_regex(p) for p in include]
    excludes = [glob_to_regex(p) for p in exclude]
    return [
        path for path in paths
        if path.endswith(PYTHON_SUFFIXES)
        and any(p.match(path) for p in includes)
        and not any(p.match(path) for p in excludes)
    ]


def detect_source_roots(paths: Iterable[str]) -> tuple[str, ...]:
    """The repository root, ``src/`` (unless it is a package itself) and each sub-project's."""
    paths = list(paths)
    present = set(paths)
    projects = {"."}
    for path in paths:
        name = path.rsplit("/", 1)[-1]
        if name in ("pyproject.toml", "setup.py", "setup.cfg") and "/" in path:
            projects.add(path.rsplit("/", 1)[0])
    roots = set()
    for project in projects:
        base = "" if project == "." else project + "/"
        roots.add(project)
        src = base + "src"
        has_src = any(p.startswith(src + "/") for p in paths)
        if has_src and f"{src}/__init__.py" not in present:
            roots.add(src)
    return tuple(sorted(roots, key=lambda r: (r != ".", r)))


# --------------------------------------------------------------------------- prefilter


def initial_needles(spec: Spec) -> set[bytes]:
    """Byte strings at least one of which every affected file must contain."""
    needles: set[str] = set()
    for entry in spec.legacy:
        needles.add(entry.module)
        needles.update(name for name, _ in entry.names)
    return {needle.encode() for needle in needles}


def tail_needles(spec: Spec) -> set[bytes]:
    """The last components of the legacy modules (``from pkg import legacy``, ``from .legacy import X``).

    These are often common words, so they only count inside an import statement (see
    ``imports_tail``): a file can reach a module by its last component only through one.
    """
    return {entry.module.rsplit(".", 1)[-1].encode() for entry in spec.legacy}


def mentions(data: bytes, needles: Iterable[bytes], tails: Iterable[bytes] = ()) -> bool:
    """Cheap test: does the file's text contain any needle (``bytes.find``), or a tail where an
    import statement may name it?"""
    if any(needle in data for needle in needles):
        return True
    return b"import" in data and any(tail in data and imports_tail(data, tail) for tail in tails)


_IMPORT_WORD = re.compile(rb"(?<![\w.])import(?!\w)")
_IMPORT_PAREN = re.compile(rb"(?<![\w.])import[ \t\f]*\(")
_CONTINUATION = re.compile(rb"\\\r?\n")


def imports_tail(data: bytes, tail: bytes) -> bool:
    """Can an import statement in ``data`` name ``tail`` as a whole word? Errs towards yes.

    Yes when the word sits on a line that also says ``import`` (backslash continuations
    joined: ``from pkg import legacy``, ``from .legacy import X``), or inside the parentheses of
    ``import (...)``. Inside an import list ``#`` can only start a comment, so the list ends
    at the first ``)`` outside comments; every ``import (`` is tried, so one that is really in
    a string or comment can only add a match, never hide one.
    """
    text = _CONTINUATION.sub(b" ", data)
    word = re.compile(rb"(?<!\w)" + re.escape(tail) + rb"(?!\w)")
    found = [match.start() for match in word.finditer(text)]
    if not found:
        return False
    for start in found:
        line_start = text.rfind(b"\n", 0, start) + 1
        line_end = text.find(b"\n", start)
        if _IMPORT_WORD.search(text, line_start, len(text) if line_end < 0 else line_end):
            return True
    for paren in _IMPORT_PAREN.finditer(text):
        end = _list_end(text, paren.end())
        if any(paren.end() <= start < end for start in found):
            return True
    return False


def _list_end(text: bytes, start: int) -> int:
    """Offset of the ``)`` closing an import list that opens before ``start`` (comments skipped)."""
    position = start
    while position < len(text):
        line_end = text.find(b"\n", position)
        line_end = len(text) if line_end < 0 else line_end
        code = text[position:line_end].split(b"#", 1)[0]
        close = code.find(b")")
        if close >= 0:
            return position + close
        position = line_end + 1
    return len(text)


# --------------------------------------------------------------------------- scan


def scan(
    root: Path, spec: Spec, progress: Progress | None = None, *, prefilter: Prefilter = Prefilter.AUTO
) -> ScanResult:
    """List, prefilter and index the repository at ``root`` for the legacy modules of ``spec``."""
    every_file = tracked_files(root)
    links = symlinks(root, every_file)
    include, exclude = spec.migration.include, spec.migration.exclude
    files = [path for path in select_files(every_file, include, exclude) if path not in links]
    roots = spec.migration.source_roots or detect_source_roots(every_file)
    modules: dict[str, str] = {}
    for path in files:
        module, _ = module_name_for(path, roots)
        if module is not None:
            modules.setdefault(module, path)
    state = _ScanState(root, roots, spec, prefilter)
    must_read = {modules[m] for m in _anchor_modules(spec) if m in modules}
    needles = initial_needles(spec)
    tails = tail_needles(spec)
    pending = list(files)
    while pending:
        state.read(pending, needles, must_read, progress, tails)
        tails = set()  # the tails matched in the first pass; later passes add names only
        reexports = resolve_reexports(state.index.values(), spec, modules)
        new = _reexport_needles(reexports, state.index) - state.needles_seen
        pending = state.unmatched if new else []
        needles = new
    reexports = resolve_reexports(state.index.values(), spec, modules)
    uses = tuple(
        use for path in sorted(state.index) for use in bindings_of(state.index[path], spec, modules, reexports)
    )
    skipped = link_skips(root, sorted(links), include, exclude) + state.skipped
    return ScanResult(
        root=root, files=tuple(files), source_roots=roots, modules=modules, index=dict(state.index),
        skipped=tuple(skipped), parsed=tuple(state.parsed), reexports=reexports, uses=uses,
    )


def symlinks(root: Path, paths: Iterable[str]) -> set[str]:
    """The paths that are symbolic links (one ``lstat`` each; whatever they point to)."""
    return {path for path in paths if (root / path).is_symlink()}


def link_skips(root: Path, links: list[str], include: Iterable[str], exclude: Iterable[str]) -> list[Skipped]:
    """One ``Skipped`` per symbolic link that is a Python file or a folder that could hold one.

    A link is never read, followed or rewritten: writing a file in its place would replace the
    link git tracks, and following it could leave the repository. A linked folder is reported
    when a Python file below it would be selected; git lists the link, not the files below it.
    """
    python = set(select_files(links, include, exclude))
    found = []
    for link in links:
        folder = link not in python and (root / link).is_dir()
        if link in python or (folder and select_files([f"{link}/__init__.py"], include, exclude)):
            where = "a folder; nothing below it is scanned or rewritten" if folder else "never followed or rewritten"
            found.append(Skipped(link, SkipReason.SYMLINK, f"-> {os.readlink(root / link)}; {where}"))
    return found


def _anchor_modules(spec: Spec) -> set[str]:
    """Legacy and canonical modules are always indexed (audit and redirects need them)."""
    anchors = {entry.module for entry in spec.legacy}
    anchors.update(target.module for entry in spec.legacy for _, target in entry.names)
    return anchors


class _ScanState:
    """Reads files once each, indexing the ones that match; remembers the ones that did not."""

    def __init__(self, root: Path, roots: tuple[str, ...], spec: Spec, prefilter: Prefilter) -> None:
        self.root, self.roots, self.spec, self.prefilter = root, roots, spec, prefilter
        self.blind_spots: set[str] | None = None  #: files git grep cannot vouch for, once asked
        self.index: dict[str, ModuleInfo] = {}
        self.skipped: list[Skipped] = []
        self.parsed: list[str] = []
        self.unmatched: list[str] = []
        self.needles_seen: set[bytes] = set()

    def read(
        self, paths: list[str], needles: set[bytes], must_read: set[str], progress: Progress | None,
        tails: Iterable[bytes] = (),
    ) -> None:
        self.needles_seen |= needles
        unmatched = []
        ordered = sorted(needles, key=len, reverse=True)
        maybe = self._grep(paths, needles.union(tails))
        for done, path in enumerate(paths, 1):
            if progress is not None and (done % 500 == 0 or done == len(paths)):
                progress(done, len(paths))
            if maybe is not None and path not in maybe and path not in must_read:
                unmatched.append(path)  # git grep found no needle and no tail in it
                continue
            data = self._read_bytes(path)
            if data is None:
                continue
            if path in must_read or mentions(data, ordered, tails):
                self._index(path, data)
            else:
                unmatched.append(path)
        self.unmatched = unmatched

    def _grep(self, paths: list[str], patterns: set[bytes]) -> set[str] | None:
        """Files that may mention a pattern (git grep's hits and blind spots); None to read them all.

        A failed git grep turns the rest of the scan to Python: whatever made git unsure once
        (no work tree, an odd needle, an unreadable file) would do so again.
        """
        few = len(paths) < GREP_MIN_FILES
        if self.prefilter is Prefilter.PYTHON or (self.prefilter is Prefilter.AUTO and few):
            return None
        hits = grep_files(self.root, patterns)
        if hits is not None and self.blind_spots is None:
            self.blind_spots = grep_blind_spots(self.root)
        if hits is None or self.blind_spots is None:
            self.prefilter = Prefilter.PYTHON
            return None
        return hits | self.blind_spots

    def _read_bytes(self, path: str) -> bytes | None:
        try:
            return (self.root / path).read_bytes()
        except OSError as exc:
            self.skipped.append(Skipped(path, SkipReason.NOT_A_FILE, exc.strerror or str(exc)))
            return None

    def _index(self, path: str, data: bytes) -> None:
        module, is_package = module_name_for(path, self.roots)
        self.parsed.append(path)
        result = index_source(path, data, module, is_package)
        if isinstance(result, Skipped):
            self.skipped.append(result)
        else:
            self.index[path] = result


# --------------------------------------------------------------------------- bindings


def resolve_reexports(
    infos: Iterable[ModuleInfo], spec: Spec, modules: Mapping[str, str]
) -> dict[tuple[str, str], Target]:
    """Every (module, local name) through which a legacy name can be imported, chains followed.

    A legacy module's own names are included for the names it imports from elsewhere, so an
    importer of ``legacy.X`` where X merely passed through is recognised too.
    """
    infos = [info for info in infos if info.module]
    found: dict[tuple[str, str], Target] = {}
    changed = True
    while changed:
        changed = False
        for info in infos:
            for record in info.module_level_bindings():
                if record.name in (None, "*") or not record.module:
                    continue
                target = _legacy_target(record.module, record.name, spec, found)
                key = (str(info.module), record.local)
                if target is not None and key not in found and not spec.legacy_module(key[0]):
                    found[key] = target
                    changed = True
    return found


def _legacy_target(
    module: str, name: str, spec: Spec, reexports: Mapping[tuple[str, str], Target]
) -> Target | None:
    if spec.legacy_module(module) is not None:
        return Target(module, name)
    return reexports.get((module, name))


def _reexport_needles(
    reexports: Mapping[tuple[str, str], Target], index: Mapping[str, ModuleInfo]
) -> set[bytes]:
    """The local names legacy names are re-exported under, and the modules that declare it.

    Any file importing a re-exported name spells that name, so the names suffice; the module
    paths are added for packages and ``__all__`` re-exporters, the places people import from.
    """
    declared = {info.module for info in index.values() if info.is_package or info.all_names}
    needles: set[bytes] = set()
    for module, local in reexports:
        needles.add(local.encode())
        if module in declared:
            needles.add(module.encode())
    return needles


def bindings_of(
    info: ModuleInfo, spec: Spec, modules: Mapping[str, str], reexports: Mapping[tuple[str, str], Target]
) -> list[LegacyUse]:
    """The imports of one file that bind a legacy name or module."""
    found = []
    for record in info.imports:
        use = _binding(info.path, record, spec, reexports)
        if use is not None:
            found.append(use)
        found.extend(_submodule_uses(info.path, record, spec))
    return found


def _submodule_uses(path: str, record: ImportRecord, spec: Spec) -> list[LegacyUse]:
    """Legacy modules reached below a bound module: ``llms.gpt4all.GPT4All`` after ``from langchain import llms``.

    ``import a`` or ``from a import b`` binds a parent package; its ``a.legacy.Name`` uses read the
    legacy module ``a.legacy`` all the same.
    """
    if record.name == "*" or not record.module or not record.chains:
        return []
    bound = record.target_module
    if not any(entry.module.startswith(bound + ".") for entry in spec.legacy):
        return []
    reached: dict[str, str] = {}
    for chain, _ in record.chains:
        parts = chain.split(".")
        for depth in range(1, len(parts)):
            reach = ".".join(parts[:depth])
            if spec.legacy_module(f"{bound}.{reach}") is not None:
                reached.setdefault(f"{bound}.{reach}", reach)
    return [LegacyUse(path, record, module, None, reach=reach) for module, reach in sorted(reached.items())]


def _binding(
    path: str, record: ImportRecord, spec: Spec, reexports: Mapping[tuple[str, str], Target]
) -> LegacyUse | None:
    if not record.module:
        return None
    if record.name is None:
        if spec.legacy_module(record.module):
            return LegacyUse(path, record, record.module, None)
        return None
    legacy = spec.legacy_module(record.module)
    mapped = legacy is not None and any(name == record.name for name, _ in legacy.names)
    if record.name != "*" and not mapped and spec.legacy_module(record.target_module):
        return LegacyUse(path, record, record.target_module, None)  # a legacy submodule, not a name
    if legacy is not None:
        target = None if record.name == "*" else Target(record.module, record.name)
        return LegacyUse(path, record, record.module, target)
    target = reexports.get((record.module, record.name))
    if target is not None:
        return LegacyUse(path, record, target.module, target, via=record.module)
    return None
