"""The HTTP side: a token by OAuth2 client credentials, a Bundle posted with it, retried with back-off.

- 5xx, 429 and network errors are retried, waiting `base_delay · 2^n` seconds (or the server's Retry-After
  when longer), at most `max_attempts` times in all;
- a 401 fetches a new token once and tries again (a token expires); any other 4xx is the answer;
- the client secret and the token appear in no answer, message or log line (`Answer` carries the
  server's words with both blanked out, should the server echo them).
`sleep` is injectable so the tests do not wait. The standard library's urllib, so production needs no HTTP
package of its own. No Django.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from exchange.satusehat.connection import Connection

log = logging.getLogger(__name__)

RETRIED = {429, 500, 502, 503, 504}
BLANK = "***"


@dataclass(frozen=True)
class Response:
    status_code: int
    text: str
    retry_after: str | None


class NetworkError(Exception):
    """No HTTP answer: refused connection, timeout, broken TLS."""


def post(url: str, *, body: bytes, content_type: str, headers: dict[str, str], timeout: float) -> Response:
    """One POST; an HTTP error status is an answer like any other, only a failed exchange raises."""
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": content_type, **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return Response(
                answer.status, answer.read().decode("utf-8", "replace"), answer.headers.get("Retry-After")
            )
    except urllib.error.HTTPError as error:
        text = error.read().decode("utf-8", "replace")
        return Response(error.code, text, error.headers.get("Retry-After"))
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise NetworkError(type(error).__name__) from error


class TokenRefused(Exception):
    """SATUSEHAT did not give a token (wrong credentials, or it is down): nothing can be sent this run."""


@dataclass(frozen=True)
class Answer:
    """What SATUSEHAT answered one Bundle: `status` None when no HTTP answer came at all."""

    status: int | None
    body: Any
    attempts: int
    error: str = ""
    resource_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class SatusehatClient:
    def __init__(
        self,
        connection: Connection,
        *,
        sleep: Callable[[float], None] = time.sleep,
        max_attempts: int = 5,
        base_delay: float = 2.0,
        timeout: float = 30.0,
    ) -> None:
        self.connection = connection
        self.sleep = sleep
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.timeout = timeout
        self._token: str | None = None

    def send(self, bundle: dict[str, Any]) -> Answer:
        """Post one transaction Bundle. Raises `TokenRefused` when no token can be had."""
        token = self._token or self._fetch_token()
        refreshed = False
        attempts = 0
        while True:
            attempts += 1
            try:
                response = post(
                    self.connection.fhir_url,
                    body=json.dumps(bundle).encode(),
                    content_type="application/fhir+json",
                    headers={"Authorization": f"Bearer {token}", "Accept": "application/fhir+json"},
                    timeout=self.timeout,
                )
            except NetworkError as exc:
                if attempts >= self.max_attempts:
                    return Answer(None, None, attempts, self._clean(f"{exc}: {exc.__cause__}"))
                self._wait(attempts, None)
                continue
            if response.status_code == 401 and not refreshed:
                refreshed = True
                token = self._fetch_token()
                continue
            if response.status_code in RETRIED and attempts < self.max_attempts:
                self._wait(attempts, response.retry_after)
                continue
            return self._answer(response, attempts)

    def _fetch_token(self) -> str:
        conn = self.connection
        for attempt in range(1, self.max_attempts + 1):
            try:
                response = post(
                    conn.token_url,
                    body=urlencode(
                        {"client_id": conn.client_id, "client_secret": conn.client_secret}
                    ).encode(),
                    content_type="application/x-www-form-urlencoded",
                    headers={"Accept": "application/json"},
                    timeout=self.timeout,
                )
            except NetworkError as exc:
                problem = str(exc)
            else:
                if response.status_code == 200:
                    token = str(_json_or_empty(response.text).get("access_token", ""))
                    if token:
                        self._token = token
                        return token
                    problem = "no access_token"
                elif response.status_code not in RETRIED:
                    raise TokenRefused(f"HTTP {response.status_code}")
                else:
                    problem = f"HTTP {response.status_code}"
            if attempt < self.max_attempts:
                self._wait(attempt, None)
        raise TokenRefused(problem)

    def _wait(self, attempt: int, retry_after: str | None) -> None:
        delay = self.base_delay * 2 ** (attempt - 1)
        if retry_after and retry_after.isdigit():
            delay = max(delay, float(retry_after))
        log.info("SATUSEHAT busy or unreachable; trying again in %.0f s", delay)
        self.sleep(delay)

    def _clean(self, text: str) -> str:
        for secret in (self.connection.client_secret, self._token):
            if secret:
                text = text.replace(secret, BLANK)
        return text

    def _answer(self, response: Response, attempts: int) -> Answer:
        text = self._clean(response.text)
        try:
            body: Any = json.loads(text) if text else None
        except ValueError:
            body = text[:4000]
        if 200 <= response.status_code < 300:
            return Answer(response.status_code, body, attempts, resource_ids=created_ids(body))
        return Answer(response.status_code, body, attempts, problem_text(body, response.status_code))


def _json_or_empty(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def created_ids(body: Any) -> list[str]:
    """`Type/id` of each entry of a transaction-response Bundle (its `response.location`, no history)."""
    if not isinstance(body, dict):
        return []
    ids = []
    for entry in body.get("entry") or []:
        location = str((entry.get("response") or {}).get("location") or "")
        if location:
            ids.append("/".join(location.split("/_history")[0].split("/")[-2:]))
    return ids


def problem_text(body: Any, status: int) -> str:
    """The server's own words for a refusal: an OperationOutcome's diagnostics or details, else its text."""
    if isinstance(body, dict) and body.get("resourceType") == "OperationOutcome":
        words = [
            str(
                issue.get("diagnostics")
                or (issue.get("details") or {}).get("text")
                or issue.get("code")
                or ""
            )
            for issue in body.get("issue") or []
        ]
        if any(words):
            return f"HTTP {status}: " + "; ".join(w for w in words if w)
    if isinstance(body, str) and body:
        return f"HTTP {status}: {body[:500]}"
    return f"HTTP {status}"
