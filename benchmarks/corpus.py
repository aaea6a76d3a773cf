"""Real code no one in this project wrote: pinned source distributions of large pure-Python packages.

The sdists (``pip download --no-deps --no-binary :all:``) are cached, unpacked with their whole
tree (so each keeps its ``pyproject.toml``) into one new git repository, and given a real
consolidation: the ``typing`` aliases deprecated since Python 3.9 mapped to ``collections.abc``.
``typing`` lies outside the repository, so it is an external legacy module (no redirect).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from benchmarks.synthetic import git_commit_all

PINS = ("mypy==1.13.0", "SQLAlchemy==2.0.36")
QUICK_PINS = ("mypy==1.13.0",)
#: typing alias -> collections.abc name (PEP 585); ``AbstractSet`` is ``collections.abc.Set``
TYPING_TO_ABC = {
    name: name
    for name in (
        "AsyncGenerator",
        "AsyncIterable",
        "AsyncIterator",
        "Awaitable",
        "Callable",
        "Collection",
        "Container",
        "Coroutine",
        "Generator",
        "Hashable",
        "ItemsView",
        "Iterable",
        "Iterator",
        "KeysView",
        "Mapping",
        "MappingView",
        "MutableMapping",
        "MutableSequence",
        "MutableSet",
        "Reversible",
        "Sequence",
        "Sized",
        "ValuesView",
    )
} | {"AbstractSet": "Set"}


def typing_spec() -> str:
    """The ssot.toml of the real-code corpus."""
    lines = [
        "[migration]",
        'name = "typing-to-collections-abc"',
        "",
        "[[legacy]]",
        'module = "typing"',
        "",
        "[legacy.names]",
    ]
    lines += [f'{old} = "collections.abc:{new}"' for old, new in sorted(TYPING_TO_ABC.items())]
    return "\n".join(lines) + "\n"


def typing_pairs() -> tuple[tuple[str, str], ...]:
    return tuple((f"typing.{old}", f"collections.abc.{new}") for old, new in sorted(TYPING_TO_ABC.items()))


def download(pins: tuple[str, ...], cache: Path) -> list[Path]:
    """The sdists for ``pins`` in ``cache``, downloaded once with pip."""
    cache.mkdir(parents=True, exist_ok=True)
    found = []
    for pin in pins:
        name, version = pin.split("==")
        stem = f"{name.lower().replace('-', '_')}-{version}"
        hits = [p for p in cache.glob("*.tar.gz") if p.name.lower().startswith(stem)]
        if not hits:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--quiet",
                    "--no-deps",
                    "--no-binary",
                    ":all:",
                    pin,
                    "-d",
                    str(cache),
                ],
                check=True,
            )
            hits = [p for p in cache.glob("*.tar.gz") if p.name.lower().startswith(stem)]
        found.append(hits[0])
    return found


def build_typing_repo(root: Path, cache: Path, quick: bool) -> dict[str, object]:
    """Unpack the sdists into a new git repository with the typing spec; one commit."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    pins = QUICK_PINS if quick else PINS
    for archive in download(pins, cache):
        with tarfile.open(archive) as tar:
            tar.extractall(root, filter="data")
    (root / "ssot.toml").write_text(typing_spec())
    git_commit_all(root, "pinned sdists: " + " ".join(pins))
    files = [p for p in root.rglob("*") if p.suffix in (".py", ".pyi") and ".git" not in p.parts]
    return {"sdists": list(pins), "python_files": len(files), "bytes": sum(p.stat().st_size for p in files)}
