"""Scan stage, signature fallback: read signatures of installed packages with ``inspect`` (read-only).

Only for targets outside the repository whose signature the source reader cannot give (a
canonical class in an installed package). The packages are imported by a separate, isolated
interpreter (``python -I``: neither the current folder nor ``PYTHON*`` variables reach its
``sys.path``) started in an empty temporary folder, and a package whose files lie inside the
repository is never imported, so no repository code runs. A target that cannot be imported or
inspected, or an interpreter that fails or takes too long, gives no signature.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ssot_refactor.model import Param, Signature, Target

#: the whole look-up may take this long before it gives up (importing a large package is slow)
TIMEOUT_SECONDS = 60

_KINDS = {"positional_only", "positional_or_keyword", "var_positional", "keyword_only", "var_keyword"}

_SCRIPT = r"""
import importlib, importlib.util, inspect, json, os, sys

root = os.path.realpath(sys.argv[1])
found = {}


def inside(path):
    real = os.path.realpath(path)
    return real == root or real.startswith(root + os.sep)


for text in json.loads(sys.argv[3]):
    module, _, name = text.partition(":")
    try:
        top = importlib.util.find_spec(module.split(".")[0])
        places = [] if top is None else [top.origin or "", *(top.submodule_search_locations or [])]
        if top is None or any(place and inside(place) for place in places):
            continue
        value = importlib.import_module(module)
        for part in name.split("."):
            value = getattr(value, part)
        signature = inspect.signature(value)
    except BaseException:
        continue
    params = [
        [p.name, p.kind.name.lower(), p.default is not inspect.Parameter.empty]
        for p in signature.parameters.values()
    ]
    found[text] = {"params": params, "is_async": inspect.iscoroutinefunction(value)}

with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump(found, out)
"""


def installed_signatures(targets: Iterable[Target], root: Path) -> dict[Target, Signature]:
    """The signatures ``inspect`` gives for targets importable outside the repository at ``root``."""
    wanted = sorted(set(targets))
    if not wanted:
        return {}
    with tempfile.TemporaryDirectory(prefix="ssot-inspect-") as folder:
        out = Path(folder) / "signatures.json"
        command = [
            sys.executable,
            "-I",
            "-c",
            _SCRIPT,
            str(root.resolve()),
            str(out),
            json.dumps([str(t) for t in wanted]),
        ]
        try:
            subprocess.run(
                command,
                cwd=folder,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
            data = json.loads(out.read_text(encoding="utf-8"))
        except (OSError, ValueError, subprocess.TimeoutExpired):
            return {}
    return {
        target: signature for target in wanted if (signature := _signature(data.get(str(target)))) is not None
    }


def _signature(raw: object) -> Signature | None:
    """A Signature from the interpreter's ``{"params": [[name, kind, has_default]], "is_async"}``."""
    if not isinstance(raw, dict) or not isinstance(raw.get("params"), list):
        return None
    params = []
    for item in raw["params"]:
        if not (isinstance(item, list) and len(item) == 3 and item[1] in _KINDS):
            return None
        params.append(Param(str(item[0]), str(item[1]), bool(item[2])))
    return Signature(tuple(params), bool(raw.get("is_async", False)))
