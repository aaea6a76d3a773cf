"""``pr`` on real repositories: body from the branch and its note, push, the GitHub API, split PRs.

The API is a small HTTP server on 127.0.0.1 standing in for GitHub. The golden body lives in
``snapshots/pr_body/``; ``SSOT_UPDATE_SNAPSHOTS=1 pytest tests/ssot_refactor/test_pr.py`` rewrites it (read the
diff before committing it).
"""

from __future__ import annotations

import json
import os
import socket
import stat
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner, Result
from conftest import RepoFactory, git
from support.paths import SNAPSHOTS

from ssot_refactor.cli import main
from ssot_refactor.errors import PrError
from ssot_refactor.github import owner_and_repo, redact, token_from_environment
from ssot_refactor.gitrepo import redact_url
from ssot_refactor.render.pr_body import CommitRow, NameCount, PullRequestDraft, pr_title, render_markdown
from ssot_refactor.workflow import render_pr_body

SPEC = """\
[migration]
name = "engines"

[[legacy]]
module = "core.old_engine"
[legacy.names]
Engine = "core.engine:UserEngine"

[[legacy]]
module = "core.old_runner"
[legacy.names]
Runner = "core.runner:UserRunner"
"""

FILES = {
    "ssot.toml": SPEC,
    "core/__init__.py": "",
    "core/engine.py": "class UserEngine:\n    pass\n",
    "core/runner.py": "class UserRunner:\n    pass\n",
    "core/old_engine.py": "class Engine:\n    pass\n",
    "core/old_runner.py": "class Runner:\n    pass\n",
    "api/__init__.py": "",
    "api/both.py": "from core.old_engine import Engine\nfrom core.old_runner import Runner\n\n\ndef make():\n    return Engine(), Runner()\n",
    "api/one.py": "from core.old_engine import Engine  # keep this comment\n\nENGINE = Engine()\n",
    "workers/__init__.py": "",
    "workers/job.py": "from core.old_engine import Engine\n\n\ndef run(engine: Engine) -> None:\n    pass\n",
}

BRANCH = "ssot/engines"
TOKEN = "ghp_TEST_TOKEN_0123456789abcdef"
SNAPSHOT = SNAPSHOTS / "pr_body" / "two_legacy_modules" / "expected.md"
UPDATE = os.environ.get("SSOT_UPDATE_SNAPSHOTS") == "1"


def invoke(*args: str, token: str | None = TOKEN) -> Result:
    env = {"GITHUB_TOKEN": token, "GH_TOKEN": None} if token else {"GITHUB_TOKEN": None, "GH_TOKEN": None}
    return CliRunner().invoke(main, list(args), env=env)


def migrated(git_repo: RepoFactory, *run_args: str) -> Path:
    """A repository on which ``run`` made the migration branch."""
    repo = git_repo(FILES)
    result = invoke("run", "--repo", str(repo), *run_args)
    assert result.exit_code == 0, result.output
    return repo


def branch_shas(repo: Path, branch: str = BRANCH) -> list[str]:
    return git(repo, "rev-list", "--reverse", f"main..{branch}").split()


def bare_remote(tmp_path: Path, repo: Path, name: str = "origin") -> Path:
    bare = tmp_path / "remotes" / "octo" / "widgets.git"
    bare.mkdir(parents=True)
    git(bare, "init", "-q", "--bare")
    git(repo, "remote", "add", name, bare.as_uri())
    return bare


# --------------------------------------------------------------------------- the body


def test_body_shows_mapping_commits_counts_verification_and_rollback(git_repo: RepoFactory) -> None:
    repo = migrated(git_repo, "--verify", "true")
    result = invoke("pr", "--repo", str(repo))
    assert result.exit_code == 0, result.output
    body = result.stdout
    first, second = branch_shas(repo)
    base = git(repo, "rev-parse", "main").strip()
    assert body.startswith(
        "# refactor(ssot): engines: consolidate 2 legacy name(s) onto the canonical names\n"
    )
    assert "| `core.old_engine:Engine` | `core.engine:UserEngine` | no |" in body
    assert (
        f"| 1 | `{first[:10]}` | refactor(ssot): point importers of core.old_engine at core.engine | 3 | 6 | 6 |"
        in body
    )
    assert (
        f"| 2 | `{second[:10]}` | refactor(ssot): point importers of core.old_runner at core.runner | 1 | 2 | 2 |"
        in body
    )
    assert "| `core.old_engine:Engine` | 3 → 0 | 3 → 0 |" in body
    assert "| `core.old_runner:Runner` | 1 → 0 | 1 → 0 |" in body
    assert f"Audited at the base `{base[:10]}`" in body
    assert (
        "| refactor(ssot): point importers of core.old_runner at core.runner | `true` | ✅ passed |" in body
    )
    assert f"git revert --no-edit {first}^..{second}\n" in body
    assert "- [ ] Verification passed for every commit" in body
    assert git(repo, "status", "--porcelain") == "" and git(repo, "worktree", "list").count("\n") == 1


def test_commit_stats_come_from_git(git_repo: RepoFactory) -> None:
    repo = migrated(git_repo)
    data = json.loads(invoke("pr", "--repo", str(repo), "--format", "json").stdout)
    for commit in data["pull_requests"][0]["commits"]:
        numstat = git(repo, "show", "--numstat", "--format=", commit["sha"]).splitlines()
        assert commit["files"] == len(numstat)
        assert commit["added"] == sum(int(line.split()[0]) for line in numstat)
        assert commit["removed"] == sum(int(line.split()[1]) for line in numstat)


def test_without_verify_the_body_says_so(git_repo: RepoFactory) -> None:
    body = invoke("pr", "--repo", str(migrated(git_repo))).stdout
    assert "Not run: the branch was made without `ssot-refactor run --verify`." in body
    assert "- [ ] The test suite passes on this branch (it was not run per commit)" in body


def test_failed_verification_with_keep_going_is_listed(git_repo: RepoFactory) -> None:
    repo = git_repo({**FILES, "check.sh": "grep -q old_runner api/both.py\n"})
    assert invoke("run", "--repo", str(repo), "--verify", "sh check.sh", "--keep-going").exit_code == 3
    body = invoke("pr", "--repo", str(repo)).stdout
    assert (
        "| refactor(ssot): point importers of core.old_engine at core.engine | `sh check.sh` | ✅ passed |"
        in body
    )
    assert "| refactor(ssot): point importers of core.old_runner at core.runner | | ⏭️ skipped" in body
    assert "| `core.old_runner:Runner` | 1 → 1 | 1 → 1 |" in body
    assert "- [ ] The legacy references left after this pull request are expected (see the table)" in body


def test_skipped_files_and_warnings_come_from_the_stored_plan(git_repo: RepoFactory) -> None:
    repo = git_repo(
        {
            **FILES,
            "api/broken.py": "from core.old_engine import Engine\ndef (:\n",
            "api/star.py": "from core.old_engine import *\n\nX = Engine\n",
        }
    )
    assert invoke("run", "--repo", str(repo)).exit_code == 0
    note = json.loads(git(repo, "notes", "--ref", "refs/notes/ssot-refactor", "show", BRANCH))
    data = json.loads(invoke("pr", "--repo", str(repo), "--format", "json").stdout)["pull_requests"][0]
    assert data["skipped"] and data["skipped"][0].startswith("api/broken.py")
    assert len(data["warnings"]) == len(note["plan"]["warnings"]) + len(note["plan"]["blocked"])
    assert any("api/star.py" in warning for warning in data["warnings"])
    assert "- skipped `api/broken.py" in data["body"]
    assert "- [ ] The skipped files and the spots left unchanged were looked at by hand" in data["body"]


def test_json_format_carries_the_same_data(git_repo: RepoFactory) -> None:
    repo = migrated(git_repo, "--verify", "true")
    result = invoke("pr", "--repo", str(repo), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "ssot-refactor/pr/1"
    (pull,) = data["pull_requests"]
    first, second = branch_shas(repo)
    assert pull["branch"] == BRANCH and pull["base"] == git(repo, "rev-parse", "main").strip()
    assert [c["sha"] for c in pull["commits"]] == [first, second]
    assert pull["mapping"][1] == {
        "legacy": "core.old_runner:Runner",
        "canonical": "core.runner:UserRunner",
        "redirect": False,
    }
    assert pull["references"][0]["importers_before"] == 3 and pull["references"][0]["importers_after"] == 0
    assert [v["passed"] for v in pull["verification"]] == [True, True]
    assert pull["rollback"] == f"git revert --no-edit {first}^..{second}"
    assert pull["body"] == render_pr_body(repo)


def test_output_writes_the_file_and_prints_nothing(git_repo: RepoFactory, tmp_path: Path) -> None:
    repo = migrated(git_repo)
    target = tmp_path / "pr.md"
    result = invoke("pr", "--repo", str(repo), "--output", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and f"wrote {target}" in result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# refactor(ssot): engines") and text.endswith(render_pr_body(repo))


def test_body_is_the_same_from_a_later_shell_on_another_branch(git_repo: RepoFactory) -> None:
    repo = migrated(git_repo)
    before = render_pr_body(repo)
    git(repo, "checkout", "-q", "-b", "elsewhere")
    (repo / "unrelated.txt").write_text("x")
    git(repo, "add", "unrelated.txt")
    git(repo, "commit", "-q", "-m", "unrelated")
    assert render_pr_body(repo) == before


def test_commits_added_after_run_are_read_with_the_note_of_the_last_run_commit(git_repo: RepoFactory) -> None:
    repo = migrated(git_repo, "--verify", "true")
    add_redirect_commit(repo)
    data = json.loads(invoke("pr", "--repo", str(repo), "--format", "json").stdout)["pull_requests"][0]
    assert len(data["commits"]) == 3 and data["base"] == git(repo, "rev-parse", "main").strip()
    assert len(data["verification"]) == 2


def test_no_branch_tells_to_run_first(git_repo: RepoFactory) -> None:
    repo = git_repo(FILES)
    result = invoke("pr", "--repo", str(repo))
    assert result.exit_code == 2
    assert result.stderr == f"error: migration branch {BRANCH} not found (run ssot-refactor run first)\n"


def test_branch_without_trailer_commits_tells_to_run_first(git_repo: RepoFactory) -> None:
    repo = git_repo(FILES)
    git(repo, "branch", BRANCH)
    git(repo, "checkout", "-q", BRANCH)
    git(repo, "commit", "-q", "--allow-empty", "-m", "by hand")
    git(repo, "checkout", "-q", "main")
    result = invoke("pr", "--repo", str(repo))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: branch {BRANCH} has no commit with the trailer SSOT-Migration: engines "
        "(run ssot-refactor run first)\n"
    )


def normalized(body: str, repo: Path) -> str:
    """The body with commit ids replaced by stable placeholders."""
    ids = {git(repo, "rev-parse", "main").strip(): "<base>"}
    ids.update({sha: f"<commit-{n}>" for n, sha in enumerate(branch_shas(repo), 1)})
    for sha, name in ids.items():
        body = body.replace(sha, name).replace(sha[:10], name)
    return body


def test_body_matches_the_golden_file(git_repo: RepoFactory) -> None:
    repo = migrated(git_repo)
    body = normalized(render_pr_body(repo), repo)
    if UPDATE:
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_bytes(body.encode("utf-8"))
    assert body == SNAPSHOT.read_bytes().decode("utf-8")


# --------------------------------------------------------------------------- push


def test_push_sends_the_branch_and_sets_its_upstream(git_repo: RepoFactory, tmp_path: Path) -> None:
    repo = migrated(git_repo)
    bare = bare_remote(tmp_path, repo)
    result = invoke("pr", "--repo", str(repo), "--push", "origin")
    assert result.exit_code == 0, result.output
    assert f"pushed {BRANCH} to origin" in result.stdout and "## Mapping" not in result.stdout
    assert git(bare, "rev-parse", BRANCH) == git(repo, "rev-parse", BRANCH)
    assert git(repo, "config", f"branch.{BRANCH}.remote").strip() == "origin"
    assert git(repo, "config", f"branch.{BRANCH}.merge").strip() == f"refs/heads/{BRANCH}"


def test_rejected_push_exits_4_and_changes_nothing_local(git_repo: RepoFactory, tmp_path: Path) -> None:
    repo = migrated(git_repo)
    bare = bare_remote(tmp_path, repo)
    hook = bare / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'remote says no' >&2\nexit 1\n")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    refs = git(repo, "for-each-ref")
    config = git(repo, "config", "--list", "--local")
    result = invoke("pr", "--repo", str(repo), "--push", "origin")
    assert result.exit_code == 4, result.output
    assert result.stderr == (
        f"error: push of {BRANCH} to origin failed: rejected (pre-receive hook declined) "
        "(nothing local changed)\n"
    )
    assert git(repo, "for-each-ref") == refs and git(repo, "config", "--list", "--local") == config
    assert git(bare, "for-each-ref") == ""


def test_push_to_an_unknown_remote_is_a_clear_error(git_repo: RepoFactory) -> None:
    result = invoke("pr", "--repo", str(migrated(git_repo)), "--push", "nowhere")
    assert result.exit_code == 4
    assert (
        result.stderr == "error: no git remote named nowhere (add it with git remote add, or name another)\n"
    )


def test_failing_push_never_shows_credentials_of_the_remote_url(
    git_repo: RepoFactory, tmp_path: Path
) -> None:
    repo = migrated(git_repo)
    with SilentSocket() as port:  # refuses nothing, answers nothing: git gives up on its own
        pass
    git(repo, "remote", "add", "origin", f"https://someone:{TOKEN}@127.0.0.1:{port}/octo/widgets.git")
    result = invoke("pr", "--repo", str(repo), "--push", "origin")
    assert result.exit_code == 4
    assert result.stderr.startswith(f"error: push of {BRANCH} to origin failed: unable to access ")
    assert TOKEN not in result.output and "someone" not in result.output


# --------------------------------------------------------------------------- the API


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


Route = Callable[[Request], tuple[int, Any]]


@dataclass
class FakeGitHub:
    """Answers like the GitHub REST API for ``octo/widgets``; records every request."""

    routes: dict[tuple[str, str], Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    url: str = ""
    created: int = 0

    def answer(self, request: Request) -> tuple[int, Any]:
        self.requests.append(request)
        route = self.routes.get((request.method, request.path))
        if route is not None:
            return route(request)
        defaults: dict[tuple[str, str], Route] = {
            ("GET", "/repos/octo/widgets"): lambda r: (200, {"default_branch": "trunk"}),
            ("GET", "/repos/octo/widgets/pulls"): lambda r: (200, []),
            ("POST", "/repos/octo/widgets/pulls"): self._create,
        }
        if (request.method, request.path) in defaults:
            return defaults[(request.method, request.path)](request)
        if request.method == "PATCH" and request.path.startswith("/repos/octo/widgets/pulls/"):
            number = int(request.path.rsplit("/", 1)[1])
            return 200, {"number": number, "html_url": f"https://github.test/octo/widgets/pull/{number}"}
        if request.method == "POST" and request.path.endswith(("/labels", "/requested_reviewers")):
            return 201, {}
        return 404, {"message": "Not Found"}

    def _create(self, request: Request) -> tuple[int, Any]:
        self.created += 1
        number = 40 + self.created
        return 201, {"number": number, "html_url": f"https://github.test/octo/widgets/pull/{number}"}

    def calls(self) -> list[tuple[str, str]]:
        return [(r.method, r.path) for r in self.requests]


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()

    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            request = Request(
                self.command,
                parts.path,
                parse_qs(parts.query),
                dict(self.headers.items()),
                json.loads(raw) if raw else None,
            )
            status, body = fake.answer(request)
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


def github_repo(git_repo: RepoFactory, *run_args: str) -> Path:
    repo = migrated(git_repo, *run_args)
    git(repo, "remote", "add", "origin", "git@github.com:octo/widgets.git")
    return repo


def test_open_creates_the_pull_request_with_labels_and_reviewers(
    git_repo: RepoFactory, github: FakeGitHub
) -> None:
    repo = github_repo(git_repo)
    result = invoke(
        "pr",
        "--repo",
        str(repo),
        "--open",
        "--api-url",
        github.url,
        "--draft",
        "--label",
        "refactor",
        "--label",
        "ssot",
        "--reviewer",
        "alice",
        "--reviewer",
        "bob",
    )
    assert result.exit_code == 0, result.output
    assert (
        result.stdout == f"opened pull request #41 for {BRANCH}: https://github.test/octo/widgets/pull/41\n"
    )
    assert github.calls() == [
        ("GET", "/repos/octo/widgets/pulls"),
        ("POST", "/repos/octo/widgets/pulls"),
        ("POST", "/repos/octo/widgets/issues/41/labels"),
        ("POST", "/repos/octo/widgets/pulls/41/requested_reviewers"),
    ]
    assert all(r.headers["Authorization"] == f"Bearer {TOKEN}" for r in github.requests)
    assert github.requests[0].query == {"head": [f"octo:{BRANCH}"], "state": ["open"]}
    create = github.requests[1].body
    assert create == {
        "title": "refactor(ssot): engines: consolidate 2 legacy name(s) onto the canonical names",
        "head": BRANCH,
        "base": "main",
        "body": render_pr_body(repo),
        "draft": True,
    }
    assert github.requests[2].body == {"labels": ["refactor", "ssot"]}
    assert github.requests[3].body == {"reviewers": ["alice", "bob"]}
    assert TOKEN not in result.output


def test_open_updates_an_existing_pull_request_instead_of_a_second(
    git_repo: RepoFactory, github: FakeGitHub
) -> None:
    repo = github_repo(git_repo)
    github.routes[("GET", "/repos/octo/widgets/pulls")] = lambda r: (200, [{"number": 7}])
    result = invoke("pr", "--repo", str(repo), "--open", "--api-url", github.url, "--base", "develop")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"updated pull request #7 for {BRANCH}: https://github.test/octo/widgets/pull/7\n"
    assert github.calls() == [("GET", "/repos/octo/widgets/pulls"), ("PATCH", "/repos/octo/widgets/pulls/7")]
    assert github.requests[1].body == {
        "title": "refactor(ssot): engines: consolidate 2 legacy name(s) onto the canonical names",
        "body": render_pr_body(repo),
    }


def test_base_defaults_to_the_branch_the_migration_started_from(
    git_repo: RepoFactory, github: FakeGitHub
) -> None:
    repo = github_repo(git_repo)
    assert invoke("pr", "--repo", str(repo), "--open", "--api-url", github.url).exit_code == 0
    assert ("GET", "/repos/octo/widgets") not in github.calls()
    assert github.requests[-1].body["base"] == "main"


def test_base_defaults_to_the_remote_head_git_knows(git_repo: RepoFactory, github: FakeGitHub) -> None:
    repo = git_repo(FILES)
    git(repo, "checkout", "--quiet", "--detach")  # no branch to record as the base
    assert invoke("run", "--repo", str(repo)).exit_code == 0
    git(repo, "remote", "add", "origin", "git@github.com:octo/widgets.git")
    git(repo, "update-ref", "refs/remotes/origin/release", "main")
    git(repo, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/release")
    assert invoke("pr", "--repo", str(repo), "--open", "--api-url", github.url).exit_code == 0
    assert ("GET", "/repos/octo/widgets") not in github.calls()
    assert github.requests[-1].body["base"] == "release"


def test_push_then_open_uses_the_push_remote(
    git_repo: RepoFactory, github: FakeGitHub, tmp_path: Path
) -> None:
    repo = migrated(git_repo)
    bare = bare_remote(tmp_path, repo, name="fork")
    result = invoke(
        "pr", "--repo", str(repo), "--push", "fork", "--open", "--api-url", github.url, "--base", "main"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"pushed {BRANCH} to fork"
    assert git(bare, "rev-parse", BRANCH) == git(repo, "rev-parse", BRANCH)
    assert github.requests[0].query["head"] == [f"octo:{BRANCH}"]


def test_missing_token_is_exit_4_before_anything_is_pushed(git_repo: RepoFactory, tmp_path: Path) -> None:
    repo = migrated(git_repo)
    bare = bare_remote(tmp_path, repo)
    result = invoke("pr", "--repo", str(repo), "--push", "origin", "--open", token=None)
    assert result.exit_code == 4
    assert (
        result.stderr
        == "error: no GitHub token: set GITHUB_TOKEN or GH_TOKEN (a token with pull-request write access)\n"
    )
    assert git(bare, "for-each-ref") == ""


def test_gh_token_is_used_when_github_token_is_unset() -> None:
    assert token_from_environment({"GH_TOKEN": " abc "}) == "abc"
    assert token_from_environment({"GITHUB_TOKEN": "first", "GH_TOKEN": "second"}) == "first"


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (
            401,
            "error: GitHub API refused the token (401 Unauthorized: Bad credentials for ***); check GITHUB_TOKEN or GH_TOKEN",
        ),
        (
            403,
            (
                "error: GitHub API forbids GET /repos/octo/widgets/pulls on octo/widgets (403 Forbidden: Bad credentials "
                "for ***); the token lacks access or a rate limit was hit"
            ),
        ),
        (
            422,
            (
                "error: GitHub API rejected GET /repos/octo/widgets/pulls (422 Unprocessable: Bad credentials for ***; "
                "No commits between main and ssot/engines); is the branch pushed and the base right?"
            ),
        ),
    ],
    ids=["unauthorized", "forbidden", "unprocessable"],
)
def test_api_errors_are_one_line_exit_4_without_the_token(
    git_repo: RepoFactory, github: FakeGitHub, status: int, message: str
) -> None:
    repo = github_repo(git_repo)
    answer = {
        "message": f"Bad credentials for {TOKEN}",
        "errors": [{"message": f"No commits between main and {BRANCH}"}] if status == 422 else [],
    }
    github.routes[("GET", "/repos/octo/widgets/pulls")] = lambda r: (status, answer)
    result = invoke("pr", "--repo", str(repo), "--open", "--api-url", github.url, "--base", "main")
    assert result.exit_code == 4
    assert result.stderr == message + "\n"
    assert TOKEN not in result.output


def test_unprocessable_create_names_the_call(git_repo: RepoFactory, github: FakeGitHub) -> None:
    repo = github_repo(git_repo)
    github.routes[("POST", "/repos/octo/widgets/pulls")] = lambda r: (
        422,
        {"message": "Validation Failed", "errors": [{"code": "invalid"}]},
    )
    result = invoke("pr", "--repo", str(repo), "--open", "--api-url", github.url, "--base", "main")
    assert result.exit_code == 4
    assert result.stderr == (
        "error: GitHub API rejected POST /repos/octo/widgets/pulls (422 Unprocessable: "
        "Validation Failed; invalid); is the branch pushed and the base right?\n"
    )


@pytest.mark.parametrize(
    ("status", "answer", "message"),
    [
        (
            404,
            {"message": "Not Found"},
            (
                "GitHub API: octo/widgets not found or not visible to the token "
                "(404 on GET /repos/octo/widgets/pulls)"
            ),
        ),
        (500, {"message": "boom"}, "GitHub API answered 500 to GET /repos/octo/widgets/pulls: boom"),
        (
            200,
            b"<html>proxy</html>",
            (
                "GitHub API answered GET /repos/octo/widgets/pulls with something that is not "
                "JSON (check --api-url)"
            ),
        ),
    ],
    ids=["not_found", "server_error", "not_json"],
)
def test_other_api_answers_are_one_line_exit_4(
    git_repo: RepoFactory, github: FakeGitHub, status: int, answer: Any, message: str
) -> None:
    repo = github_repo(git_repo)
    github.routes[("GET", "/repos/octo/widgets/pulls")] = lambda r: (status, answer)
    result = invoke("pr", "--repo", str(repo), "--open", "--api-url", github.url, "--base", "main")
    assert result.exit_code == 4
    assert result.stderr == f"error: {message}\n"


def test_created_pull_request_without_a_number_is_a_clear_error(
    git_repo: RepoFactory, github: FakeGitHub
) -> None:
    repo = github_repo(git_repo)
    github.routes[("POST", "/repos/octo/widgets/pulls")] = lambda r: (201, {})
    result = invoke("pr", "--repo", str(repo), "--open", "--api-url", github.url, "--base", "main")
    assert result.exit_code == 4
    assert (
        result.stderr
        == "error: GitHub API answered POST pulls without a pull request number (check --api-url)\n"
    )


def test_open_without_the_remote_is_a_clear_error(git_repo: RepoFactory, github: FakeGitHub) -> None:
    result = invoke("pr", "--repo", str(migrated(git_repo)), "--open", "--api-url", github.url)
    assert result.exit_code == 4
    assert result.stderr == "error: no git remote named origin (name one with --remote or --push)\n"
    assert github.requests == []


class SilentSocket:
    """A socket on 127.0.0.1 that accepts connections and never answers."""

    def __enter__(self) -> int:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()
        return int(self.sock.getsockname()[1])

    def _accept(self) -> None:
        while True:
            try:
                self.held.append(self.sock.accept()[0])
            except OSError:
                return

    def __exit__(self, *exc: object) -> None:
        # shutdown wakes the accept() blocked in the thread; a bare close() would leave it
        # waiting on a file descriptor number that a later test's server may reuse
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self.thread.join(timeout=5)
        for conn in self.held:
            conn.close()


def test_a_server_that_never_answers_times_out_with_exit_4(git_repo: RepoFactory) -> None:
    repo = github_repo(git_repo)
    with SilentSocket() as port:
        url = f"http://someone:{TOKEN}@127.0.0.1:{port}"
        result = invoke(
            "pr", "--repo", str(repo), "--open", "--api-url", url, "--timeout", "0.5", "--base", "main"
        )
    assert result.exit_code == 4
    assert result.stderr == (
        f"error: GitHub API at http://***@127.0.0.1:{port} did not answer within 0.5 s "
        "(GET /repos/octo/widgets/pulls) (try again, or raise --timeout)\n"
    )
    assert TOKEN not in result.output


def test_unreachable_api_is_a_clear_error(git_repo: RepoFactory) -> None:
    repo = github_repo(git_repo)
    with SilentSocket() as port:
        pass
    result = invoke(
        "pr", "--repo", str(repo), "--open", "--api-url", f"http://127.0.0.1:{port}", "--base", "main"
    )
    assert result.exit_code == 4
    assert result.stderr.startswith(f"error: cannot reach the GitHub API at http://127.0.0.1:{port}: ")
    assert result.stderr.endswith("(check --api-url and the network)\n")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/octo/widgets.git", ("octo", "widgets")),
        ("https://github.com/octo/widgets", ("octo", "widgets")),
        ("https://user:secret@ghe.example.com/octo/widgets.git/", ("octo", "widgets")),
        ("git@github.com:octo/widgets.git", ("octo", "widgets")),
        ("github.com:octo/widgets", ("octo", "widgets")),
        ("ssh://git@ghe.example.com/octo/widgets", ("octo", "widgets")),
        ("ssh://git@ghe.example.com:2222/octo/widgets.git", ("octo", "widgets")),
        ("file:///srv/git/octo/widgets.git", ("octo", "widgets")),
    ],
    ids=["https", "https_no_suffix", "https_credentials", "scp", "scp_no_user", "ssh", "ssh_port", "file"],
)
def test_owner_and_repo_from_remote_urls(url: str, expected: tuple[str, str]) -> None:
    assert owner_and_repo(url) == expected


def test_unusable_remote_url_is_refused_without_its_credentials() -> None:
    with pytest.raises(PrError) as caught:
        owner_and_repo("https://user:secret@github.com/widgets")
    assert str(caught.value) == (
        "cannot tell the GitHub owner and repository from the remote URL "
        "'https://***@github.com/widgets' (expected https://host/owner/repo.git or "
        "git@host:owner/repo.git)"
    )


def test_redaction_removes_tokens_and_url_credentials() -> None:
    assert redact_url("To https://x:y@host/o/r.git") == "To https://***@host/o/r.git"
    assert redact(f"header Bearer {TOKEN}", TOKEN) == "header Bearer ***"


def test_table_cells_escape_pipes_and_split_titles_name_the_package() -> None:
    draft = PullRequestDraft(
        migration="m",
        branch="ssot/m-api",
        base="b" * 40,
        base_branch=None,
        commits=(CommitRow("a" * 40, "fix a|b", 1, 2, 3),),
        mapping=(("x.old:A", "x.new:A", True),),
        counts=(NameCount("x.old:A", "x.new:A", (2, 0), (5, 0)),),
        verification=(),
        verified=False,
        skipped_commits=(),
        skipped=(),
        warnings=(),
        package="api",
    )
    body = render_markdown(draft)
    assert f"| 1 | `{'a' * 10}` | fix a\\|b | 1 | 2 | 3 |" in body
    assert "| `x.old:A` | `x.new:A` | yes |" in body
    assert pr_title(draft) == "refactor(ssot): m: point importers in api at the canonical names"
    assert body.startswith(
        "Points the importers in `api` of 1 legacy name(s) at their canonical names in 1 commit(s)"
    )


# --------------------------------------------------------------------------- split by package


def add_redirect_commit(repo: Path) -> None:
    """A later migration commit on the branch that is not per package (as a redirect commit is)."""
    tree = repo.parent / f"{repo.name}-redirect"
    git(repo, "worktree", "add", "-q", str(tree), BRANCH)
    (tree / "core" / "old_engine.py").write_text("from core.engine import UserEngine as Engine\n")
    git(
        tree,
        "commit",
        "-q",
        "-am",
        "refactor(ssot): turn core.old_engine into a redirect\n\nSSOT-Migration: engines",
    )
    git(repo, "worktree", "remove", str(tree))


def test_split_by_package_makes_independent_branches_and_a_final_pr(
    git_repo: RepoFactory, github: FakeGitHub, tmp_path: Path
) -> None:
    repo = migrated(git_repo, "--split-by", "package")
    add_redirect_commit(repo)
    bare = bare_remote(tmp_path, repo)
    head = git(repo, "rev-parse", "HEAD")
    result = invoke(
        "pr",
        "--repo",
        str(repo),
        "--split-by",
        "package",
        "--push",
        "origin",
        "--open",
        "--api-url",
        github.url,
        "--base",
        "main",
    )
    assert result.exit_code == 0, result.output
    chunks = [f"{BRANCH}-api", f"{BRANCH}-workers"]
    assert [line.split()[1] for line in result.stdout.splitlines() if line.startswith("pushed")] == [
        *chunks,
        BRANCH,
    ]
    for chunk in chunks:
        assert git(bare, "rev-parse", chunk) == git(repo, "rev-parse", chunk)
        assert git(repo, "merge-base", "main", chunk) == git(repo, "rev-parse", "main")
    assert git(repo, "log", "--format=%s", f"main..{BRANCH}-api").splitlines() == [
        "refactor(ssot): point importers of core.old_runner in api at core.runner",
        "refactor(ssot): point importers of core.old_engine in api at core.engine",
    ]
    assert git(repo, "diff", "--name-only", f"main..{BRANCH}-workers").split() == ["workers/job.py"]
    assert git(repo, "rev-parse", "HEAD") == head and git(repo, "status", "--porcelain") == ""
    assert git(repo, "worktree", "list").count("\n") == 1
    creates = [r.body for r in github.requests if (r.method, r.path) == ("POST", "/repos/octo/widgets/pulls")]
    assert [c["head"] for c in creates] == [*chunks, BRANCH]
    assert (
        "point importers in api" in creates[0]["title"]
        and "| `core.old_runner:Runner` | 1 → 0 |" in creates[0]["body"]
    )
    assert "| `core.old_engine:Engine` | 3 → 1 |" in creates[0]["body"]
    final = creates[2]["body"]
    assert "> - #41\n> - #42\n" in final and "redirects and remaining commits" in creates[2]["title"]
    redirect = git(repo, "rev-parse", BRANCH).strip()
    assert (
        f"| 1 | `{redirect[:10]}` | refactor(ssot): turn core.old_engine into a redirect | 1 | 1 | 2 |"
        in final
    )
    assert (
        f"git revert --no-edit {redirect}^..{redirect}" in final
        and "| `core.old_engine:Engine` | 3 → 0 |" in final
    )
    merged_in_any_order(repo, tmp_path, chunks[::-1])


def merged_in_any_order(repo: Path, tmp_path: Path, branches: list[str]) -> None:
    tree = tmp_path / "merge-check"
    git(repo, "worktree", "add", "-q", "--detach", str(tree), "main")
    for branch in branches:
        git(tree, "merge", "-q", "--no-edit", branch)
    assert (tree / "api" / "both.py").read_text().startswith("from core.engine import UserEngine")
    git(repo, "worktree", "remove", str(tree))


def test_split_again_keeps_the_chunk_branches(git_repo: RepoFactory) -> None:
    repo = migrated(git_repo, "--split-by", "package")
    assert invoke("pr", "--repo", str(repo), "--split-by", "package").exit_code == 0
    tips = git(repo, "for-each-ref", f"refs/heads/{BRANCH}-*")
    result = invoke("pr", "--repo", str(repo), "--split-by", "package", "--format", "json")
    assert result.exit_code == 0, result.output
    assert git(repo, "for-each-ref", f"refs/heads/{BRANCH}-*") == tips
    assert [p["branch"] for p in json.loads(result.stdout)["pull_requests"]] == [
        f"{BRANCH}-api",
        f"{BRANCH}-workers",
    ]


def test_split_of_a_branch_without_package_commits_is_refused(git_repo: RepoFactory) -> None:
    result = invoke("pr", "--repo", str(migrated(git_repo)), "--split-by", "package")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: branch {BRANCH} has no per-package commits to split "
        "(make it with ssot-refactor run --split-by package)\n"
    )
