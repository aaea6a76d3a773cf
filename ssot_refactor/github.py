"""Effects (network): open or update pull requests through the GitHub REST API, with httpx.

The token goes into the ``Authorization`` header and nowhere else: every message this module
raises passes through ``redact``, which removes the token and any ``user:password@`` of a URL.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from ssot_refactor.errors import PrError
from ssot_refactor.gitrepo import redact_url

DEFAULT_API_URL = "https://api.github.com"
TOKEN_VARIABLES = ("GITHUB_TOKEN", "GH_TOKEN")

_REMOTE_FORMS = (
    re.compile(
        r"^[a-z][a-z0-9+.-]*://(?:[^/@]+@)?[^/]*/(?P<path>.+?)/?$", re.IGNORECASE
    ),  # https, ssh, git, file
    re.compile(
        r"^(?![a-z][a-z0-9+.-]*://)(?:[^@/:]+@)?[^/:]+:(?P<path>.+?)/?$", re.IGNORECASE
    ),  # git@host:o/r.git
)

_SEGMENT = re.compile(r"^[\w.-]+$")


@dataclass(frozen=True, slots=True)
class PullRequest:
    """A pull request the API created or updated."""

    number: int
    url: str
    created: bool  #: False when an open pull request for the branch existed and was updated


def token_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """``GITHUB_TOKEN``, else ``GH_TOKEN``; a ``PrError`` when neither is set."""
    environ = os.environ if environ is None else environ
    for variable in TOKEN_VARIABLES:
        if environ.get(variable, "").strip():
            return environ[variable].strip()
    raise PrError(
        "no GitHub token: set GITHUB_TOKEN or GH_TOKEN", hint="a token with pull-request write access"
    )


def owner_and_repo(url: str) -> tuple[str, str]:
    """``(owner, repo)`` from a remote URL: https, ssh:// or scp-like ``git@host:owner/repo.git``."""
    for form in _REMOTE_FORMS:
        found = form.match(url.strip())
        if found:
            parts = found.group("path").removesuffix(".git").split("/")
            if len(parts) >= 2 and all(_SEGMENT.match(part) for part in parts[-2:]):
                return parts[-2], parts[-1]
    raise PrError(
        f"cannot tell the GitHub owner and repository from the remote URL {redact_url(url)!r}",
        hint="expected https://host/owner/repo.git or git@host:owner/repo.git",
    )


def redact(text: str, secret: str) -> str:
    """``text`` without the secret and without credentials in URLs."""
    return redact_url(text.replace(secret, "***") if secret else text)


class GitHub:
    """The few REST calls ``pr --open`` needs, for one repository."""

    def __init__(self, api_url: str, owner: str, repo: str, token: str, timeout: float) -> None:
        self.owner, self.repo, self._token, self._api_url = owner, repo, token, api_url.rstrip("/")
        self._client = httpx.Client(
            base_url=self._api_url,
            timeout=timeout,
            follow_redirects=False,
            headers={
                "Authorization": f"Bearer {token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": "ssot-refactor",
            },
        )
        self._timeout = timeout

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    @property
    def _prefix(self) -> str:
        return f"/repos/{quote(self.owner, safe='')}/{quote(self.repo, safe='')}"

    def default_branch(self) -> str | None:
        """The repository's default branch, as GitHub reports it."""
        data = self._call("GET", self._prefix)
        return str(data["default_branch"]) if isinstance(data, dict) and data.get("default_branch") else None

    def open_pull_request(self, branch: str, base: str, title: str, body: str, draft: bool) -> PullRequest:
        """Update the open pull request of ``branch`` if there is one, else create it."""
        existing = self._call(
            "GET", f"{self._prefix}/pulls", params={"head": f"{self.owner}:{branch}", "state": "open"}
        )
        if isinstance(existing, list) and existing:
            number = _number(existing[0], "GET pulls")
            data = self._call("PATCH", f"{self._prefix}/pulls/{number}", json={"title": title, "body": body})
            return PullRequest(number, _html_url(data), created=False)
        data = self._call(
            "POST",
            f"{self._prefix}/pulls",
            json={"title": title, "head": branch, "base": base, "body": body, "draft": draft},
        )
        return PullRequest(_number(data, "POST pulls"), _html_url(data), created=True)

    def add_labels(self, number: int, labels: Sequence[str]) -> None:
        """Add labels to a pull request (its issue)."""
        if labels:
            self._call("POST", f"{self._prefix}/issues/{number}/labels", json={"labels": list(labels)})

    def request_reviewers(self, number: int, reviewers: Sequence[str]) -> None:
        """Ask users for a review."""
        if reviewers:
            self._call(
                "POST",
                f"{self._prefix}/pulls/{number}/requested_reviewers",
                json={"reviewers": list(reviewers)},
            )

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        where = f"{method} {path}"
        try:
            response = self._client.request(method, path, **kwargs)
        except httpx.TimeoutException:
            raise PrError(
                self._redact(
                    f"GitHub API at {self._api_url} did not answer within {self._timeout:g} s ({where})"
                ),
                hint="try again, or raise --timeout",
            ) from None
        except httpx.HTTPError as exc:
            raise PrError(
                self._redact(f"cannot reach the GitHub API at {self._api_url}: {exc}"),
                hint="check --api-url and the network",
            ) from None
        if response.status_code >= 400:
            raise PrError(self._redact(_status_message(response, where, f"{self.owner}/{self.repo}")))
        try:
            return response.json() if response.content else None
        except ValueError:
            raise PrError(
                f"GitHub API answered {where} with something that is not JSON", hint="check --api-url"
            ) from None

    def _redact(self, text: str) -> str:
        return redact(text, self._token)


def _number(data: Any, where: str) -> int:
    number = data.get("number") if isinstance(data, dict) else None
    if not isinstance(number, int):
        raise PrError(f"GitHub API answered {where} without a pull request number", hint="check --api-url")
    return number


def _html_url(data: Any) -> str:
    return str(data.get("html_url", "")) if isinstance(data, dict) else ""


def _status_message(response: httpx.Response, where: str, full_name: str) -> str:
    detail = _api_detail(response)
    code = response.status_code
    if code == 401:
        return f"GitHub API refused the token (401 Unauthorized{detail}); check GITHUB_TOKEN or GH_TOKEN"
    if code == 403:
        return f"GitHub API forbids {where} on {full_name} (403 Forbidden{detail}); the token lacks access or a rate limit was hit"
    if code == 404:
        return f"GitHub API: {full_name} not found or not visible to the token (404 on {where})"
    if code == 422:
        return f"GitHub API rejected {where} (422 Unprocessable{detail}); is the branch pushed and the base right?"
    return f"GitHub API answered {code} to {where}{detail}"


def _api_detail(response: httpx.Response) -> str:
    """``": <message>; <error>..."`` from a GitHub error body, or ``""``."""
    try:
        data = response.json()
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    parts = [str(data["message"])] if data.get("message") else []
    for error in data.get("errors") or []:
        if isinstance(error, dict) and (error.get("message") or error.get("code")):
            parts.append(str(error.get("message") or error.get("code")))
        elif isinstance(error, str):
            parts.append(error)
    text = "; ".join(parts).replace("\n", " ")
    return f": {text[:300]}" if text else ""
