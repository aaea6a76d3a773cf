"""The "wide" corpus: one large module importing many legacy modules, plus many small importers.

The shape of a real downstream project: a 5,000+ line hub module imports 24 of the spec's
legacy modules (in every import form, two of them on one line), and a few hundred small modules
and tests import one to three each. Each legacy module's class and factory have a canonical home
with the same signature; half of the legacy modules become redirects. Deterministic.
"""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

from benchmarks.synthetic import git_commit_all

LEGACY_MODULES = 24
SMALL_IMPORTERS = 300
HUB_FUNCTIONS = 300  #: about 22 lines each: the hub is well over 5,000 lines


def legacy_module(k: int) -> str:
    """Legacy module ``k``: a class and a factory that duplicate canonical ones."""
    return textwrap.dedent(f'''\
        """Legacy engine {k} (superseded by wide.core.engines)."""


        class Engine{k:02d}:
            def __init__(self, name, size=1):
                self.name = name
                self.size = size

            def run(self, payload):
                return [self.name, payload, self.size]

            def close(self):
                return None


        def make_engine_{k:02d}(name, size=1):
            return Engine{k:02d}(name, size)
        ''')


def canonical_module() -> str:
    parts = ['"""The canonical engines."""\n']
    for k in range(LEGACY_MODULES):
        parts.append(
            textwrap.dedent(f"""

            class UserEngine{k:02d}:
                def __init__(self, name, size=1):
                    self.name = name
                    self.size = size

                def run(self, payload):
                    return [self.name, payload, self.size]

                def close(self):
                    return None


            def make_user_engine_{k:02d}(name, size=1):
                return UserEngine{k:02d}(name, size)
            """)
        )
    return "".join(parts)


def spec() -> str:
    lines = ['[migration]\nname = "wide-engines"\n']
    for k in range(LEGACY_MODULES):
        lines.append(
            textwrap.dedent(f"""
            [[legacy]]
            module = "wide.legacy.engine_{k:02d}"
            redirect = {"true" if k % 2 == 0 else "false"}

            [legacy.names]
            Engine{k:02d} = "wide.core.engines:UserEngine{k:02d}"
            make_engine_{k:02d} = "wide.core.engines:make_user_engine_{k:02d}"
            """)
        )
    return "".join(lines)


def _hub_imports() -> tuple[list[str], list[tuple[int, str, str]]]:
    """The hub's imports, and per legacy module how the hub reaches its class and factory."""
    lines = [
        '"""The hub: the one large module that reaches into every engine."""',
        "",
        "from __future__ import annotations",
        "",
        "import json",
        "import logging",
        "",
    ]
    reach: list[tuple[int, str, str]] = []
    k = 0
    while k < LEGACY_MODULES:
        form = k % 6
        if form == 0:
            lines.append(f"from wide.legacy.engine_{k:02d} import Engine{k:02d}, make_engine_{k:02d}")
            reach.append((k, f"Engine{k:02d}", f"make_engine_{k:02d}"))
        elif form == 1:
            lines.append(f"from wide.legacy.engine_{k:02d} import Engine{k:02d} as E{k:02d}")
            lines.append(f"from wide.legacy.engine_{k:02d} import make_engine_{k:02d}")
            reach.append((k, f"E{k:02d}", f"make_engine_{k:02d}"))
        elif form == 2 and k + 1 < LEGACY_MODULES:
            # two legacy modules on one line
            lines.append(f"from wide.legacy import engine_{k:02d}, engine_{k + 1:02d}")
            reach.append((k, f"engine_{k:02d}.Engine{k:02d}", f"engine_{k:02d}.make_engine_{k:02d}"))
            reach.append(
                (
                    k + 1,
                    f"engine_{k + 1:02d}.Engine{k + 1:02d}",
                    f"engine_{k + 1:02d}.make_engine_{k + 1:02d}",
                )
            )
            k += 1
        elif form == 4:
            lines.append(f"import wide.legacy.engine_{k:02d} as legacy_{k:02d}")
            reach.append((k, f"legacy_{k:02d}.Engine{k:02d}", f"legacy_{k:02d}.make_engine_{k:02d}"))
        else:
            lines.append(
                f"from wide.legacy.engine_{k:02d} import (\n    Engine{k:02d},  # kept for the hub\n"
                f"    make_engine_{k:02d},\n)"
            )
            reach.append((k, f"Engine{k:02d}", f"make_engine_{k:02d}"))
        k += 1
    lines += ["", "log = logging.getLogger(__name__)", ""]
    return lines, reach


def hub_module(seed: int) -> str:
    rng = random.Random(f"{seed}/hub")
    lines, reach = _hub_imports()
    for f in range(HUB_FUNCTIONS):
        k, cls, factory = reach[f % len(reach)]
        lines.append(
            textwrap.dedent(f'''

            def step_{f:04d}(payload, *, retries={rng.randint(1, 5)}):
                """Step {f}: run the payload through engine {k}."""
                engine = {cls}("step-{f}", size={rng.randint(1, 9)})
                other = {factory}("other-{f}")
                result = engine.run(payload)
                for attempt in range(retries):
                    if result:
                        break
                    log.debug("retry %s of step {f}", attempt)
                    result = other.run(payload)
                if isinstance(engine, {cls}):
                    log.info("engine {k} ran")
                data = json.dumps({{"step": {f}, "result": str(result)}})
                engine.close()
                other.close()
                return data
            ''').rstrip("\n")
        )
    return "\n".join(lines) + "\n"


def small_importer(i: int, seed: int) -> str:
    rng = random.Random(f"{seed}/small/{i}")
    chosen = sorted(rng.sample(range(LEGACY_MODULES), rng.randint(1, 3)))
    lines = [f'"""Service {i}."""', ""]
    lines += [f"from wide.legacy.engine_{k:02d} import Engine{k:02d}" for k in chosen]
    for k in chosen:
        lines += [
            "",
            "",
            f"def serve_{k:02d}(payload):",
            f'    return Engine{k:02d}("service-{i}").run(payload)',
        ]
    return "\n".join(lines) + "\n"


def test_module(i: int) -> str:
    k = i % LEGACY_MODULES
    return textwrap.dedent(f"""\
        from unittest import mock

        from wide.services.service_{i:03d} import serve_{k:02d}


        def test_serve():
            with mock.patch("wide.legacy.engine_{k:02d}.Engine{k:02d}.run", return_value=[]):
                assert serve_{k:02d}("x") is not None
        """)


def generate_files(seed: int = 0) -> dict[str, str]:
    files = {
        "ssot.toml": spec(),
        "wide/__init__.py": "",
        "wide/core/__init__.py": "",
        "wide/core/engines.py": canonical_module(),
        "wide/legacy/__init__.py": "",
        "wide/hub.py": hub_module(seed),
        "wide/services/__init__.py": "",
        "tests/__init__.py": "",
    }
    for k in range(LEGACY_MODULES):
        files[f"wide/legacy/engine_{k:02d}.py"] = legacy_module(k)
    for i in range(SMALL_IMPORTERS):
        files[f"wide/services/service_{i:03d}.py"] = small_importer(i, seed)
    for i in range(0, SMALL_IMPORTERS, 10):
        files[f"tests/test_service_{i:03d}.py"] = test_module(i) if _uses(i, seed) else ""
    return {path: text for path, text in files.items() if text or path.endswith("__init__.py")}


def _uses(i: int, seed: int) -> bool:
    """Whether service ``i`` defines ``serve_KK`` for the module its test patches."""
    return f"def serve_{i % LEGACY_MODULES:02d}(" in small_importer(i, seed)


def write_repository(root: Path, seed: int = 0) -> dict[str, int]:
    """Write the files and make one commit; return a few counts."""
    files = generate_files(seed)
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    git_commit_all(root, "wide corpus")
    return {
        "files": len(files),
        "hub_lines": files["wide/hub.py"].count("\n"),
        "legacy_modules": LEGACY_MODULES,
    }
