"""Who may change a referral's status (`visits.access.may_follow_up_referral`), walked over every status and
every persona: the bidan of the desa and officers may; a kader sees the referral without the follow-up form
and gets a 403; a read-only officer a 403; a user of another region a 404. No refusal changes the database."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.urls import reverse

from conftest import TODAY
from tests.test_url_access import client_for, database_fingerprint
from visits.models import Referral, ReferralStatus, ReferralUpdate

pytestmark = pytest.mark.django_db

# persona → the answer to a follow-up POST
EXPECTED = {
    "kader_a": 403,
    "bidan_a": 302,
    "desa_a": 302,
    "kecamatan": 302,
    "kabupaten": 302,
    "admin": 302,
    "kabupaten_viewer": 403,
    "other_kabupaten": 404,
    "kader_b": 404,
}


@pytest.mark.parametrize("status", [s for s in ReferralStatus.values if s != ReferralStatus.OPEN])
@pytest.mark.parametrize("persona", list(EXPECTED))
def test_who_may_set_each_referral_status(world: Any, persona: str, status: str) -> None:
    client = client_for(world.users[persona])
    url = reverse("visits:referral", args=[world.referral_a.pk])
    before = database_fingerprint()
    response = client.post(
        url,
        {
            "status": status,
            "date": TODAY.isoformat(),
            "facility": "",
            "note": "",
            "client_uuid": str(uuid.uuid4()),
        },
    )
    assert response.status_code == EXPECTED[persona]
    referral = Referral.objects.get(pk=world.referral_a.pk)
    if EXPECTED[persona] == 302:
        assert response["Location"] == url
        assert referral.status == status
        assert list(ReferralUpdate.objects.values_list("status", "by__username")) == [(status, persona)]
    else:
        assert referral.status == ReferralStatus.OPEN
        assert database_fingerprint() == before


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_only_those_who_may_follow_up_see_the_form(world: Any, persona: str) -> None:
    response = client_for(world.users[persona]).get(reverse("visits:referral", args=[world.referral_a.pk]))
    if EXPECTED[persona] == 404:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    shows_form = "Simpan tindak lanjut" in response.content.decode()
    assert shows_form is (EXPECTED[persona] == 302)


def test_the_action_refuses_a_kader_too(world: Any) -> None:
    from django.core.exceptions import PermissionDenied

    from visits import actions

    with pytest.raises(PermissionDenied):
        actions.follow_up_referral(
            world.users["kader_a"], world.referral_a, status=ReferralStatus.TREATED, date=TODAY
        )
    assert ReferralUpdate.objects.count() == 0
