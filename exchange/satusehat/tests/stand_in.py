"""A local stand-in for SATUSEHAT: an `http.server` on 127.0.0.1 that checks each request as SATUSEHAT would
and answers like it (a token for the right client credentials, a transaction-response Bundle).

What it checks (a failed check answers 400 with an OperationOutcome and is kept in `problems`):
- the token request: POST `/oauth2/v1/accesstoken?grant_type=client_credentials`, form fields client_id and
  client_secret equal to the configured ones;
- the Bundle request: POST to `/fhir-r4/v1`, `Authorization: Bearer <a token it issued and not expired>`, a
  JSON Bundle of type `transaction`, each entry a conditional create (`POST` with `ifNoneExist` on the
  resource's own identifier) or a conditional update (`PUT Type?identifier=...`), references inside the
  Bundle pointing at its entries' fullUrls.
It keeps the resources by identifier, so a second create of the same identifier creates nothing.
`script` holds forced answers (status, body) for the next Bundle requests.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

CLIENT_ID = "posyandu-client"
CLIENT_SECRET = "s3cret-Kemkes-4f9a"  # the stand-in's own test secret


@dataclass
class Store:
    tokens: set[str] = field(default_factory=set)
    token_requests: int = 0
    bundle_requests: int = 0
    resources: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    problems: list[str] = field(default_factory=list)
    script: list[tuple[int, Any]] = field(default_factory=list)
    seen_headers: list[dict[str, str]] = field(default_factory=list)

    def expire_tokens(self) -> None:
        self.tokens.clear()


def _outcome(text: str) -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "invalid", "details": {"text": text}}],
    }


def outcome_400(text: str) -> dict[str, Any]:
    """A refusal as SATUSEHAT words it (the text in `diagnostics`), for `Store.script`."""
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "value", "diagnostics": text}],
    }


class _Handler(BaseHTTPRequestHandler):
    store: Store

    def log_message(self, format: str, *args: Any) -> None:  # the base class's name
        """Quiet: the test output stays readable."""

    def _reply(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:  # http.server's name
        url = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if url.path == "/oauth2/v1/accesstoken":
            self._token(parse_qs(url.query), parse_qs(body.decode()))
        elif url.path.rstrip("/") == "/fhir-r4/v1":
            self._bundle(body)
        else:
            self._reply(404, _outcome(f"no such path {url.path}"))

    def _token(self, query: dict[str, list[str]], form: dict[str, list[str]]) -> None:
        store = self.store
        store.token_requests += 1
        if query.get("grant_type") != ["client_credentials"]:
            store.problems.append("grant_type missing")
            return self._reply(400, _outcome("grant_type"))
        if form.get("client_id") != [CLIENT_ID] or form.get("client_secret") != [CLIENT_SECRET]:
            return self._reply(401, _outcome("invalid client"))
        token = uuid.uuid4().hex
        store.tokens.add(token)
        self._reply(200, {"access_token": token, "token_type": "BearerToken", "expires_in": "3599"})

    def _bundle(self, raw: bytes) -> None:
        store = self.store
        store.bundle_requests += 1
        store.seen_headers.append(dict(self.headers.items()))
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth.removeprefix("Bearer ") not in store.tokens:
            return self._reply(401, _outcome("invalid access token"))
        if store.script:
            status, body = store.script.pop(0)
            return self._reply(status, body)
        try:
            bundle = json.loads(raw)
        except ValueError:
            store.problems.append("not JSON")
            return self._reply(400, _outcome("not JSON"))
        problem = check_bundle(bundle)
        if problem:
            store.problems.append(problem)
            return self._reply(400, _outcome(problem))
        self._reply(200, self._apply(bundle))

    def _apply(self, bundle: dict[str, Any]) -> dict[str, Any]:
        store = self.store
        answers = []
        for entry in bundle["entry"]:
            resource = entry["resource"]
            kind = resource["resourceType"]
            ident = resource["identifier"][0]
            key = (kind, f"{ident['system']}|{ident['value']}")
            existing = store.resources.get(key)
            if existing is None:
                resource_id = str(uuid.uuid4())
                store.resources[key] = {**resource, "id": resource_id}
                store.created += 1
                answers.append(
                    {"response": {"status": "201 Created", "location": f"{kind}/{resource_id}/_history/1"}}
                )
            elif entry["request"]["method"] == "PUT":
                store.resources[key] = {**resource, "id": existing["id"]}
                store.updated += 1
                answers.append(
                    {"response": {"status": "200 OK", "location": f"{kind}/{existing['id']}/_history/2"}}
                )
            else:
                answers.append({"response": {"status": "200 OK", "location": f"{kind}/{existing['id']}"}})
        return {"resourceType": "Bundle", "type": "transaction-response", "entry": answers}


def check_bundle(bundle: Any) -> str:
    """What SATUSEHAT would refuse in a transaction Bundle, or "" when it is acceptable."""
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        return "not a Bundle"
    if bundle.get("type") != "transaction":
        return "Bundle.type must be transaction"
    urls = {entry.get("fullUrl") for entry in bundle.get("entry", [])}
    for entry in bundle.get("entry", []):
        resource, request = entry.get("resource", {}), entry.get("request", {})
        idents = resource.get("identifier") or []
        if not idents:
            return f"{resource.get('resourceType')} without identifier"
        condition = f"identifier={idents[0]['system']}|{idents[0]['value']}"
        kind = resource["resourceType"]
        if request.get("method") == "POST":
            if request.get("url") != kind or request.get("ifNoneExist") != condition:
                return f"{kind}: ifNoneExist missing or not on its identifier"
        elif request.get("method") == "PUT":
            if request.get("url") != f"{kind}?{condition}":
                return f"{kind}: PUT not conditional on its identifier"
        else:
            return f"{kind}: method {request.get('method')}"
        for name in ("subject", "encounter"):
            ref = (resource.get(name) or {}).get("reference", "")
            if ref.startswith("urn:uuid:") and ref not in urls:
                return f"{kind}.{name} points outside the Bundle"
    return ""


@contextmanager
def stand_in() -> Iterator[tuple[str, Store]]:
    """A running stand-in: (its base address, its store)."""
    store = Store()
    handler = type("Handler", (_Handler,), {"store": store})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", store
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
