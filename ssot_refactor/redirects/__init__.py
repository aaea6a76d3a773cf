"""Redirect planning: what each deprecated module must keep providing, and from where (pure).

A redirect must provide every name the repository reaches through the legacy module (imports,
re-exports, ``legacy.attr`` and patch strings ``"legacy.Name[.attr]"``), every name of its
previous ``__all__``, every ``keep`` name and every mapped name. Each comes from the spec's
mapping, or from its true origin when the legacy module only imported it (followed through
other legacy modules, so a redirect never imports from a legacy module). A needed name with no
home, and an import cycle through the legacy module, are planning errors: nothing is written.
Files are only read (the scan's index, or the source of a module the cycle check follows).
"""

from __future__ import annotations

from ssot_refactor.redirects.cycles import check_cycles
from ssot_refactor.redirects.plan import (
    RedirectPlan,
    behaviour_notes,
    dropped_names_note,
    plan_redirect,
    redirect_edit,
)
from ssot_refactor.redirects.surface import (
    MAX_USERS,
    Export,
    Reader,
    binding_of,
    export_surface,
    home_of,
    needed_names,
    no_home_error,
    star_note,
)
from ssot_refactor.redirects.validation import import_validation_test

__all__ = [
    "MAX_USERS",
    "Export",
    "Reader",
    "RedirectPlan",
    "behaviour_notes",
    "binding_of",
    "check_cycles",
    "dropped_names_note",
    "export_surface",
    "home_of",
    "import_validation_test",
    "needed_names",
    "no_home_error",
    "plan_redirect",
    "redirect_edit",
    "star_note",
]
