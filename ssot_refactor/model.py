"""Value types shared by every stage: targets, name maps, file edits and plans (pure, no effects).

This module imports nothing of ours, so the codemods in ``codemods/`` can use it and still run
alone under ``python -m libcst.tool codemod``.
"""

from __future__ import annotations

import enum
import keyword
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*\Z")


def is_dotted_name(text: str) -> bool:
    """Return True when ``text`` is a dotted Python identifier such as ``pkg.mod``."""
    return bool(_DOTTED.match(text)) and all(
        part.isidentifier() and not keyword.iskeyword(part) for part in text.split(".")
    )


class TargetSyntaxError(ValueError):
    """A target string is not of the form ``package.module:Name``."""


@dataclass(frozen=True, slots=True, order=True)
class Target:
    """A name in a module: ``package.module:Name`` (``Name`` may be dotted, ``Name.attr``)."""

    module: str
    name: str

    @classmethod
    def parse(cls, text: str) -> Target:
        """Parse ``module:Name``; raise TargetSyntaxError with the reason otherwise."""
        if not isinstance(text, str):
            raise TargetSyntaxError(f"expected a string, got {type(text).__name__}")
        if ":" not in text:
            raise TargetSyntaxError(f'"{text}" lacks ":Name" (write module:Name)')
        module, _, name = text.partition(":")
        if not is_dotted_name(module):
            raise TargetSyntaxError(f'"{text}": "{module}" is not a dotted module path')
        if not is_dotted_name(name):
            raise TargetSyntaxError(f'"{text}": "{name}" is not a Python name')
        return cls(module, name)

    @property
    def head(self) -> str:
        """The module-level name: ``Name`` for ``Name.attr``."""
        return self.name.split(".", 1)[0]

    @property
    def dotted(self) -> str:
        """The target as one dotted path: ``package.module.Name``."""
        return f"{self.module}.{self.name}"

    def __str__(self) -> str:
        return f"{self.module}:{self.name}"


@dataclass(frozen=True, slots=True)
class NameMap:
    """The mapping from legacy targets to canonical targets, in spec order.

    Several legacy names may map to one canonical name; a legacy module may appear with
    several names. Lookups are by module and name.
    """

    pairs: tuple[tuple[Target, Target], ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str] | Mapping[str, str]) -> NameMap:
        """Build from ``"legacy.mod:Name=canonical.mod:Name"`` strings or a legacy->canonical dict."""
        items: list[tuple[Target, Target]] = []
        if isinstance(entries, Mapping):
            raw = list(entries.items())
        else:
            raw = []
            for entry in entries:
                legacy, sep, canonical = entry.partition("=")
                if not sep:
                    raise TargetSyntaxError(f'"{entry}" lacks "=" (write legacy.mod:Name=canonical.mod:Name)')
                raw.append((legacy.strip(), canonical.strip()))
        for legacy, canonical in raw:
            items.append((Target.parse(legacy), Target.parse(canonical)))
        return cls(tuple(items))

    def __iter__(self) -> Iterator[tuple[Target, Target]]:
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    @property
    def legacy_modules(self) -> tuple[str, ...]:
        """Legacy modules in first-seen order."""
        return tuple(dict.fromkeys(legacy.module for legacy, _ in self.pairs))

    @property
    def canonical_modules(self) -> tuple[str, ...]:
        """Canonical modules in first-seen order."""
        return tuple(dict.fromkeys(canonical.module for _, canonical in self.pairs))

    def canonical_for(self, module: str, name: str) -> Target | None:
        """The canonical target of legacy ``module:name``, or None when it is not mapped."""
        for legacy, canonical in self.pairs:
            if legacy.module == module and legacy.name == name:
                return canonical
        return None

    def names_in(self, module: str) -> tuple[str, ...]:
        """The mapped legacy names of one legacy module."""
        return tuple(legacy.name for legacy, _ in self.pairs if legacy.module == module)

    def is_legacy_module(self, module: str) -> bool:
        """True when ``module`` is one of the legacy modules."""
        return any(legacy.module == module for legacy, _ in self.pairs)

    def restricted_to(self, modules: Iterable[str]) -> NameMap:
        """The sub-map of the given legacy modules (one planned commit's worth)."""
        wanted = set(modules)
        return NameMap(tuple(pair for pair in self.pairs if pair[0].module in wanted))

    def as_args(self) -> tuple[str, ...]:
        """The map as ``legacy=canonical`` strings, the form ``parse`` and the codemod CLI take."""
        return tuple(f"{legacy}={canonical}" for legacy, canonical in self.pairs)


class Severity(enum.Enum):
    """How much a finding matters to the reader of a plan."""

    INFO = "info"
    WARNING = "warning"


class FindingCode(str, enum.Enum):
    """The kind of a finding, for the planner and the JSON output (its value is what JSON shows)."""

    NOTE = ""  #: a note or an unsafe spot left unchanged, nothing the planner acts on
    BLOCKED_CALL = "blocked-call"  #: a call that would not bind to the canonical signature
    BROKEN_CALL = "broken-call"  #: a call that binds neither signature (it fails today already)
    HELD_CALL = "held-call"  #: a call held back because another call of its name is blocked
    MISSING_MEMBER = "missing-member"  #: a member the canonical class lacks
    MISSING_METHOD = "missing-method"  #: a method called on the class that the canonical class lacks
    BROKEN_MEMBER = "broken-member"  #: a member neither class defines (it fails today already)
    REDIRECT_STAR = "redirect-star"  #: a star import of a redirected module
    REDIRECT_MISSING_METHODS = "redirect-missing-methods"
    REDIRECT_DROPPED = "redirect-dropped"  #: a name the redirect no longer provides

    @property
    def is_blocking(self) -> bool:
        """Whether the finding keeps its file on the legacy name it is about (``Finding.subject``)."""
        return self in _BLOCKING

    @property
    def is_already_broken(self) -> bool:
        """Whether the site fails before the migration too (no rule can fix it)."""
        return self in (FindingCode.BROKEN_CALL, FindingCode.BROKEN_MEMBER)


_BLOCKING = frozenset({
    FindingCode.BLOCKED_CALL, FindingCode.BROKEN_CALL, FindingCode.MISSING_MEMBER, FindingCode.MISSING_METHOD,
    FindingCode.BROKEN_MEMBER,
})


@dataclass(frozen=True, slots=True)
class Finding:
    """Something the tool noticed at a place in a file: an unsafe spot left alone, a note."""

    path: str  #: repository-relative POSIX path
    line: int  #: 1-based; 0 when the finding is about the whole file
    message: str
    severity: Severity = Severity.WARNING
    code: FindingCode = FindingCode.NOTE
    #: the legacy ``module:Name`` a blocking finding keeps in the file
    subject: Target | None = None
    member: str = ""  #: a member finding: the member the canonical class lacks

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a signature read from source."""

    name: str
    #: "positional_only" | "positional_or_keyword" | "var_positional" | "keyword_only" | "var_keyword"
    kind: str
    has_default: bool = False


@dataclass(frozen=True, slots=True)
class Signature:
    """A callable's parameters as written (a class: its constructor's, without ``self``/``cls``)."""

    params: tuple[Param, ...]
    is_async: bool = False


@dataclass(frozen=True, slots=True)
class CallPlan:
    """How calls of one legacy callable become calls of a canonical one, with both signatures."""

    legacy: Target  #: ``module:Name`` or ``module:Name.classmethod``
    canonical: Target  #: the callable to call instead
    legacy_signature: Signature | None  #: None when it could not be read
    canonical_signature: Signature | None
    keywords: bool = False  #: positional arguments become keywords (legacy signature)
    rename: tuple[tuple[str, str], ...] = ()
    drop: tuple[str, ...] = ()
    add: tuple[tuple[str, str], ...] = ()  #: canonical keyword -> Python expression
    imports: tuple[Target, ...] = ()  #: what the added expressions need
    await_mode: str = "auto"
    has_rule: bool = False  #: False: no ``[[legacy.calls]]`` rule, calls must bind as they are
    #: the rule says the calls bind to the canonical callable as written (trusted where a
    #: signature is unknown; a known signature must still accept them)
    same_signature: bool = False


@dataclass(frozen=True, slots=True)
class MemberCheck:
    """What instances and the class object of one mapped legacy class may use after the rename.

    Made only when the canonical class's members are known for sure (its bases are in the
    repository, no ``__getattr__``, no decorator or metaclass that could add members).
    """

    legacy: Target  #: ``module:Name`` as the name map has it (a re-export included)
    canonical: Target
    members: frozenset[str]  #: the canonical class's members, its bases' included
    legacy_members: frozenset[str] | None  #: the legacy class's, None when not known for sure


@dataclass(frozen=True, slots=True)
class FileContext:
    """What a codemod needs to know about one file besides its source."""

    path: str  #: repository-relative POSIX path, used in findings
    module: str | None  #: dotted module name of the file, None when outside every source root
    is_package: bool  #: True for ``__init__.py``: relative imports resolve from the module itself
    name_map: NameMap
    keep_local_names: bool = False
    #: local names other files import from this module (they must keep their public name)
    reexported: frozenset[str] = frozenset()
    #: dotted-path renames found across files (``"app.consumer.ExecutionEngine"`` ->
    #: ``"app.consumer.UserExecutionEngine"`` when app.consumer renames its import), used for
    #: patch-target strings on top of the name map's own legacy -> canonical paths
    path_renames: tuple[tuple[str, str], ...] = ()
    #: call rewriting: one plan per legacy callable of the name map that is called
    calls: tuple[CallPlan, ...] = ()
    #: member checks: one per mapped legacy class whose canonical class's members are known
    members: tuple[MemberCheck, ...] = ()
    #: redirect modules: the names the redirect must provide and where each really lives
    exports: tuple[tuple[str, Target], ...] = ()
    warn: bool = False  #: redirect modules: serve names through a PEP 562 ``__getattr__`` that warns


class SkipReason(enum.Enum):
    """Why a file was not rewritten or indexed."""

    SYNTAX_ERROR = "syntax error"
    DECODE_ERROR = "cannot decode"
    TOO_LARGE = "too large"
    NOT_A_FILE = "not a regular file"
    SYMLINK = "symbolic link"  #: never read, followed or rewritten: the link itself is what git tracks
    #: the rewrite failed or did not pass the safety check: a bug in the tool, the file keeps its bytes
    INTERNAL_ERROR = "internal error"


@dataclass(frozen=True, slots=True)
class Edited:
    """The file changes: ``after`` holds its new bytes."""

    path: str
    after: bytes
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class Unchanged:
    """The file needs no change (it may still carry findings: spots left alone)."""

    path: str
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    """The file was not looked at, for a reason the user can act on."""

    path: str
    reason: SkipReason
    detail: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Failed:
    """A codemod failed on the file: a bug in the tool, reported, never raised across a pool."""

    path: str
    error: str


FileResult = Edited | Unchanged | Skipped | Failed


@dataclass(frozen=True, slots=True)
class FileEdit:
    """One file's change inside a planned commit."""

    path: PurePosixPath  #: relative to the repository root
    before: bytes  #: exact bytes: BOM, encoding cookie and CRLF survive
    after: bytes
    notes: tuple[Finding, ...] = ()


#: the trailer every commit of a migration ends with: ``SSOT-Migration: <migration name>``
TRAILER = "SSOT-Migration"


class CommitKind(enum.Enum):
    """What a planned commit does."""

    IMPORTERS = "importers"  #: points the importers of one legacy module at the canonical names
    REDIRECT = "redirect"  #: turns one legacy module into a redirect
    VALIDATION_TEST = "validation-test"  #: adds the generated import-validation test alone
    CONSOLIDATED = "consolidated"  #: the whole migration as one commit (``--split-by none``)


@dataclass(frozen=True, slots=True)
class PlannedCommit:
    """One atomic, self-consistent commit of the migration."""

    title: str
    body: str
    edits: tuple[FileEdit, ...]
    kind: CommitKind = CommitKind.IMPORTERS
    module: str = ""  #: the legacy module it is about ("" for a commit about all of them)
    package: str = ""  #: with ``--split-by package``: the top-level package whose importers it moves


@dataclass(frozen=True, slots=True)
class Blocked:
    """Something the tool refused to change, why, and the spec change that would unblock it."""

    what: str
    reason: str
    unblock: str
    sites: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    """The whole migration as data: commits in order, and what was blocked or skipped."""

    commits: tuple[PlannedCommit, ...] = ()
    blocked: tuple[Blocked, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[Finding, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to commit."""
        return not any(commit.edits for commit in self.commits)

    @property
    def internal_errors(self) -> tuple[Skipped, ...]:
        """The files skipped because the tool failed on them (they keep their legacy imports)."""
        return tuple(skip for skip in self.skipped if skip.reason is SkipReason.INTERNAL_ERROR)


@dataclass(frozen=True, slots=True)
class Remaining:
    """A legacy reference ``check`` still finds once the plan is applied, and why the plan leaves it."""

    reference: Finding
    why: str  #: the blocked entry, warning or skipped file that explains it


@dataclass(frozen=True, slots=True)
class DryRun:
    """What ``diff`` reports: the plan, and the legacy references that outlive it."""

    plan: Plan
    remaining: tuple[Remaining, ...] = ()

    @property
    def is_done(self) -> bool:
        """True when nothing is pending and ``check`` finds nothing: the migration is complete."""
        return self.plan.is_empty and not self.remaining


class LegacyKind(enum.Enum):
    """What a legacy module is today, as the audit classifies it."""

    DUPLICATE = "duplicate"  #: a full implementation of its own
    BRIDGE = "bridge"  #: defines names that forward to the canonical ones
    REDIRECT = "redirect"  #: only imports (a pure redirect already)
    EXTERNAL = "external"  #: not in the repository (stdlib or third party)
