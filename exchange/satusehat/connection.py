"""Where and as whom the visits are sent: read from environment variables only, never stored or logged.

SATUSEHAT_AUTH_URL   the OAuth2 base, e.g. https://api-satusehat-stg.dto.kemkes.go.id/oauth2/v1
SATUSEHAT_BASE_URL   the FHIR base, e.g. https://api-satusehat-stg.dto.kemkes.go.id/fhir-r4/v1
SATUSEHAT_CLIENT_ID, SATUSEHAT_CLIENT_SECRET   the client credentials SATUSEHAT issued
SATUSEHAT_ORG_ID     the Organization id of the sender, the namespace of the Encounter and Observation ids
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

NAMES = (
    "SATUSEHAT_AUTH_URL",
    "SATUSEHAT_BASE_URL",
    "SATUSEHAT_CLIENT_ID",
    "SATUSEHAT_CLIENT_SECRET",
    "SATUSEHAT_ORG_ID",
)


class NotConfigured(Exception):
    """Some variables are missing; `missing` names them (never their values)."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing


@dataclass(frozen=True)
class Connection:
    auth_url: str
    base_url: str
    client_id: str
    client_secret: str = field(repr=False)  # a printed or logged Connection never shows it
    org_id: str

    @property
    def token_url(self) -> str:
        return f"{self.auth_url.rstrip('/')}/accesstoken?grant_type=client_credentials"

    @property
    def fhir_url(self) -> str:
        """A transaction Bundle is posted to the FHIR base itself."""
        return self.base_url.rstrip("/")


def from_environment() -> Connection:
    values = {name: os.environ.get(name, "").strip() for name in NAMES}
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise NotConfigured(missing)
    return Connection(
        auth_url=values["SATUSEHAT_AUTH_URL"],
        base_url=values["SATUSEHAT_BASE_URL"],
        client_id=values["SATUSEHAT_CLIENT_ID"],
        client_secret=values["SATUSEHAT_CLIENT_SECRET"],
        org_id=values["SATUSEHAT_ORG_ID"],
    )


PLACEHOLDER_ORG_ID = "ORG_ID"


def org_id_or_placeholder() -> str:
    """The sender's Organization id where no credentials are needed (a dry run, a download to look at): the
    configured one, else a visible placeholder."""
    return os.environ.get("SATUSEHAT_ORG_ID", "").strip() or PLACEHOLDER_ORG_ID
