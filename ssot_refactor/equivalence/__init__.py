"""Verify stage: prove a rewrite changed nothing but the declared renames (pure, stdlib ``ast`` only).

``check_equivalent(before, after, ctx)`` brings both sources to one normal form and compares their
``ast.dump``. The normal form erases exactly the differences a migration may make, so any other
change (a constant, an unrelated name, a statement, a shadowed local renamed) shows up:

- Imports (``imports``): each run of import statements in a block becomes one set of bindings,
  origins mapped legacy -> canonical.
- References and strings (``normal_form``, on the scopes of ``scopes``): a name bound by imports
  becomes a token naming its origins; legacy dotted paths in strings become canonical.

``renames`` holds what the normal form maps, ``differences`` reports each statement that still
differs, and ``equivalent`` holds the entry points. ``unchanged`` first sets aside, on both
sides, the module-level definitions the rewrite left as they were, where that provably keeps
the verdict, so the check walks little more than what changed.

Both sides get the same treatment, so an output that leaves a spot unchanged (and warns) is
still equivalent: this is a safety check, not a completeness check (``ssot-refactor check``
finds legacy references left behind).
"""

from __future__ import annotations

from ssot_refactor.equivalence.differences import Difference
from ssot_refactor.equivalence.equivalent import check_equivalent, check_equivalent_bytes, decode

__all__ = ["Difference", "check_equivalent", "check_equivalent_bytes", "decode"]
