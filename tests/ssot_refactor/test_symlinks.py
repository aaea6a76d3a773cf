"""Symbolic links: reported by the scan, never read, followed or rewritten, refused by ``apply``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RepoFactory, git
from support.engines_repo import FILES

from ssot_refactor.apply import refuse_links, write_atomic
from ssot_refactor.cli import main
from ssot_refactor.errors import PlanError
from ssot_refactor.model import SkipReason
from ssot_refactor.render import skipped_line
from ssot_refactor.scan import scan
from ssot_refactor.scan import scanner as scan_module
from ssot_refactor.spec import load_spec
from ssot_refactor.workflow import plan_repository

BRANCH = "ssot/engines"
OUTSIDE = "from core.old_engine import Engine\n\nOUTSIDE = Engine()\n"


def linked_repo(git_repo: RepoFactory, files: dict[str, str], links: dict[str, str]) -> Path:
    """A committed repository with ``files``, then ``links`` (path -> link text) committed as links."""
    repo = git_repo(files)
    for path, target in links.items():
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, repo / path)
    git(repo, "add", "--all")
    git(repo, "commit", "-q", "--no-verify", "-m", "links")
    return repo


@pytest.fixture
def repo(git_repo: RepoFactory, tmp_path: Path) -> Path:
    """FILES plus a link out of the repository, a link to a file inside it and a linked folder."""
    (tmp_path / "outside.py").write_text(OUTSIDE)
    files = {**FILES, "api/real.py": "from core.old_engine import Engine\n\nREAL = Engine()\n"}
    return linked_repo(
        git_repo, files, {"link.py": "../outside.py", "api/alias.py": "real.py", "mirror": "core"}
    )


def tree_modes(repo: Path, ref: str) -> dict[str, str]:
    lines = git(repo, "ls-tree", "-r", ref).splitlines()
    return {line.split("\t")[1]: line.split()[0] for line in lines}


def test_links_are_reported_and_never_read(repo: Path) -> None:
    result = scan(repo, load_spec(repo))
    links = [s for s in result.skipped if s.reason is SkipReason.SYMLINK]
    assert [skipped_line(s) for s in links] == [
        "api/alias.py: symbolic link (-> real.py; never followed or rewritten); file left unchanged",
        "link.py: symbolic link (-> ../outside.py; never followed or rewritten); file left unchanged",
        "mirror: symbolic link (-> core; a folder; nothing below it is scanned or rewritten); file left unchanged",
    ]
    assert not {"link.py", "api/alias.py"} & (set(result.files) | set(result.parsed))
    assert "api/real.py" in result.files
    assert result.link_of("api.alias") == "api/alias.py" and result.link_of("mirror.engine") == "mirror"
    assert result.link_of("api.real") is None and result.link_on("mirror/x.py") == "mirror"


def test_a_dangling_link_and_a_link_outside_the_globs(git_repo: RepoFactory) -> None:
    spec = FILES["ssot.toml"].replace('name = "engines"', 'name = "engines"\nexclude = ["vendor/**"]')
    repo = linked_repo(
        git_repo, {**FILES, "ssot.toml": spec}, {"gone.py": "missing.py", "vendor/lib.py": "../api/one.py"}
    )
    skipped = scan(repo, load_spec(repo)).skipped
    assert [(s.path, s.detail) for s in skipped] == [
        ("gone.py", "-> missing.py; never followed or rewritten")
    ]


def test_run_keeps_every_link_a_link_and_leaves_the_outside_file_alone(repo: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", "--repo", str(repo)])
    assert result.exit_code == 0, result.output
    modes = tree_modes(repo, BRANCH)
    assert (modes["link.py"], modes["api/alias.py"], modes["mirror"]) == ("120000", "120000", "120000")
    assert git(repo, "cat-file", "-p", f"{BRANCH}:link.py") == "../outside.py"
    assert (
        git(repo, "show", f"{BRANCH}:api/real.py")
        == "from core.engine import UserEngine\n\nREAL = UserEngine()\n"
    )
    assert (tmp_path / "outside.py").read_text() == OUTSIDE
    assert (
        "link.py: symbolic link (-> ../outside.py; never followed or rewritten); file left unchanged"
        in result.output
    )
    note = json.loads(git(repo, "notes", "--ref", "refs/notes/ssot-refactor", "show", BRANCH))
    assert {s["path"]: s["reason"] for s in note["plan"]["skipped"]} == {
        "api/alias.py": "symbolic link",
        "link.py": "symbolic link",
        "mirror": "symbolic link",
    }


def test_diff_and_audit_name_the_links(repo: Path) -> None:
    diff = CliRunner().invoke(main, ["diff", "--repo", str(repo)])
    assert diff.exit_code == 1, diff.output
    assert (
        "  link.py: symbolic link (-> ../outside.py; never followed or rewritten); file left unchanged"
        in diff.output
    )
    audit = CliRunner().invoke(main, ["audit", "--repo", str(repo), "--format", "json"])
    assert audit.exit_code == 0, audit.output
    assert {s["path"] for s in json.loads(audit.output)["skipped"]} == {"api/alias.py", "link.py", "mirror"}


def test_a_legacy_module_that_is_a_link_cannot_become_a_redirect(git_repo: RepoFactory) -> None:
    spec = FILES["ssot.toml"].replace(
        'module = "core.old_engine"\n', 'module = "core.old_engine"\nredirect = true\n'
    )
    files = {
        **FILES,
        "ssot.toml": spec,
        "impl/__init__.py": "",
        "impl/engine.py": "class Engine:\n    pass\n",
    }
    del files["core/old_engine.py"]
    repo = linked_repo(git_repo, files, {"core/old_engine.py": "../impl/engine.py"})
    plan = plan_repository(repo)
    (held,) = [b for b in plan.blocked if b.what == "redirect of core.old_engine"]
    assert held.reason == "core/old_engine.py is a symbolic link; links are never rewritten"
    assert held.unblock == "replace core/old_engine.py by a regular file, or set redirect = false"
    assert not any("into a redirect" in c.title for c in plan.commits)
    assert "workers/job.py" in {str(e.path) for c in plan.commits for e in c.edits}
    run = CliRunner().invoke(main, ["run", "--repo", str(repo)])
    assert run.exit_code == 0, run.output
    assert "BLOCKED redirect of core.old_engine: core/old_engine.py is a symbolic link" in run.output
    assert tree_modes(repo, BRANCH)["core/old_engine.py"] == "120000"
    assert CliRunner().invoke(main, ["audit", "--repo", str(repo)]).exit_code == 0


def test_run_refuses_to_write_through_a_link_the_scan_missed(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = scan_module.list_files  # a scan bug: links look like files
    monkeypatch.setattr(scan_module, "list_files", lambda root: listed(root)._replace(links=frozenset()))
    result = CliRunner().invoke(main, ["run", "--repo", str(repo)])
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[-1].startswith(
        "error: api/alias.py: refusing to write through the symbolic link api/alias.py; commit not made "
        "(links are never rewritten: a bug in ssot-refactor"
    )
    assert (tmp_path / "outside.py").read_text() == OUTSIDE
    assert git(repo, "branch", "--list", BRANCH) == ""
    assert os.readlink(repo / "link.py") == "../outside.py"


def test_no_write_through_a_linked_folder_or_out_of_the_worktree(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    os.symlink("real", tmp_path / "linked")
    with pytest.raises(PlanError) as linked:
        refuse_links(tmp_path, "linked/new.py")
    assert str(linked.value) == (
        "linked/new.py: refusing to write through the symbolic link linked; commit not made (links are never "
        "rewritten: a bug in ssot-refactor, please report it; nothing was committed for this step)"
    )
    with pytest.raises(PlanError) as outside:
        refuse_links(tmp_path, "../escape.py")
    assert str(outside.value) == (
        "../escape.py: refusing to write outside the worktree; commit not made "
        "(a bug in ssot-refactor, please report it; nothing was committed for this step)"
    )
    refuse_links(tmp_path, "real/new.py")
    assert not (tmp_path / "real" / "new.py").exists()


def test_atomic_write_refuses_a_link(tmp_path: Path) -> None:
    (tmp_path / "target.py").write_bytes(b"x = 1\n")
    os.symlink("target.py", tmp_path / "link.py")
    with pytest.raises(PlanError) as caught:
        write_atomic(tmp_path / "link.py", b"x = 2\n")
    assert str(caught.value).startswith(
        f"{tmp_path / 'link.py'}: refusing to replace a symbolic link by a file ("
    )
    assert (tmp_path / "link.py").is_symlink() and (tmp_path / "target.py").read_bytes() == b"x = 1\n"


def test_the_import_validation_test_is_not_written_through_a_link(git_repo: RepoFactory) -> None:
    spec = FILES["ssot.toml"].replace('name = "engines"', 'name = "engines"\ntests = "tests/test_ssot.py"')
    spec = spec.replace('module = "core.old_engine"\n', 'module = "core.old_engine"\nredirect = true\n')
    repo = linked_repo(
        git_repo,
        {**FILES, "ssot.toml": spec, "shared/test_ssot.py": ""},
        {"tests/test_ssot.py": "../shared/test_ssot.py"},
    )
    plan = plan_repository(repo)
    (held,) = [b for b in plan.blocked if b.what.startswith("import-validation test")]
    assert (held.what, held.reason, held.unblock) == (
        "import-validation test tests/test_ssot.py",
        "tests/test_ssot.py is a symbolic link; links are never rewritten",
        "set [migration] tests to a path that is not a link",
    )
    assert "refactor(ssot): turn core.old_engine into a redirect to core.engine" in [
        c.title for c in plan.commits
    ]
    assert "tests/test_ssot.py" not in {str(e.path) for c in plan.commits for e in c.edits}
