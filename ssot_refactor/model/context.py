"""Model: what one file's rewrite knows: its context, call plans and member checks (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from ssot_refactor.model.names import NameMap, Target


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
