"""Draft stage: a first spec from the repository's code, each entry with its evidence (read-only).

``ssot-refactor init --canonical module:Name`` runs it in two steps, both driven by
``workflow.draft_spec``:

1. ``first_draft``: the legacy modules and names the evidence shows (``modules``, ``evidence``);
2. ``finish_draft``: with a spec of those names scanned like any spec, a redirect only where every
   name its importers use has a home (the redirect planner's own rule), and the call rules the
   two signatures allow (``calls``), or an open question with the call sites.

``candidates`` is the listing ``init`` prints without ``--canonical``.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ssot_refactor.draft.calls import drafts
from ssot_refactor.draft.evidence import CanonicalClass, canonical_class, deprecation, public_methods
from ssot_refactor.draft.modules import legacy_modules
from ssot_refactor.draft.sources import Sources
from ssot_refactor.draft.text import ModuleText, spec_text
from ssot_refactor.errors import PlanError, SpecError
from ssot_refactor.model import Target
from ssot_refactor.scan import ScanResult
from ssot_refactor.scan.callsites import MissingMember, call_report
from ssot_refactor.spec import Spec

__all__ = [
    "Drafted",
    "Sources",
    "candidates",
    "canonical_classes",
    "finish_draft",
    "first_draft",
    "spec_text",
]


@dataclass(frozen=True, slots=True)
class Drafted:
    """The draft spec's text and what it proposes."""

    text: str
    modules: tuple[ModuleText, ...]


def canonical_classes(sources: Sources, written: Sequence[str]) -> list[CanonicalClass]:
    """The canonical classes named on the command line; a one-line error for one not found."""
    found = []
    for text in written:
        module, colon, name = text.partition(":")
        if not colon or not module or not name.isidentifier():
            raise SpecError(f"--canonical {text}: write module:ClassName", hint="e.g. app.engine:UserEngine")
        path = sources.path_of.get(module)
        if path is None:
            raise SpecError(f"--canonical {text}: module {module} is not in the repository")
        tree = sources.tree(path)
        canonical = None if tree is None else canonical_class(Target(module, name), path, tree)
        if canonical is None:
            raise SpecError(f"--canonical {text}: no class {name} at the top level of the module", path=path)
        found.append(canonical)
    return found


def first_draft(sources: Sources, canonicals: Sequence[CanonicalClass]) -> list[ModuleText]:
    """The legacy modules the evidence shows, each with a redirect until ``finish_draft`` decides."""
    return [ModuleText(drafted, redirect=True) for drafted in legacy_modules(sources, canonicals)]


def finish_draft(
    modules: Sequence[ModuleText], canonicals: Sequence[CanonicalClass], spec: Spec, result: ScanResult
) -> list[ModuleText]:
    """Redirects where every used name has a home, and the call rules, from a scan of the first draft."""
    from ssot_refactor.redirects.surface import legacy_info, surface
    from ssot_refactor.scan.definitions import SignatureReader

    reader = SignatureReader(result)
    report = call_report(spec, result, reader)
    rules = drafts(report.names, canonicals, reader.signature)
    finished = []
    for module, entry in zip(modules, spec.legacy):
        ruled = {call.name for call in rules.get(entry.module, []) if not call.todo}
        for gap in report.gaps:
            lacking = [m for m in gap.missing if f"{gap.legacy.name}.{m.name}" not in ruled]
            if gap.legacy.module == entry.module and lacking:
                module.drafted.notes.append(_gap_note(gap.legacy.name, gap.canonical.name, lacking))
        note = ""
        try:
            path, info = legacy_info(entry, result)
            surface(spec, entry, result, path, info)
        except PlanError as error:
            note = str(error)
        finished.append(
            ModuleText(
                module.drafted, redirect=not note, redirect_note=note, calls=rules.get(entry.module, [])
            )
        )
    return finished


def _gap_note(legacy: str, canonical: str, lacking: Sequence[MissingMember]) -> str:
    """What callers use on legacy instances that the canonical class lacks: those files stay blocked."""
    uses = ", ".join(f"{member.name} ({', '.join(member.sites[:3])})" for member in lacking)
    return f"callers use on {legacy} what {canonical} lacks: {uses}; those files stay on {legacy} until it exists"


def candidates(sources: Sources) -> list[str]:
    """Lines naming classes that may be canonical: deprecation notes that point at a class, and
    classes of several modules with the same public methods (three or more)."""
    lines = []
    groups: dict[frozenset[str], list[str]] = defaultdict(list)
    for path in sources.candidates({b"class "}):
        tree = sources.tree(path)
        for node in tree.body if tree is not None else ():
            if not isinstance(node, ast.ClassDef):
                continue
            target = f"{sources.module_of[path]}:{node.name}"
            methods = public_methods(node)
            if len(methods) >= 3:
                groups[methods].append(target)
            said = deprecation(node)
            if said is not None:
                lines.append(f"{target} says: {said!r}")
    for methods, targets in sorted(groups.items(), key=lambda item: sorted(item[1])):
        if len(targets) > 1:
            lines.append(f"same public methods ({', '.join(sorted(methods))}): {', '.join(sorted(targets))}")
    return lines
