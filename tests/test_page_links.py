"""The exchange page lists what each user may use, every link on it opens, and the pages people start from
lead to the exchanges, the desa commitments and the public pages."""

import re
from typing import Any

from django.test import Client
from django.urls import reverse


def links_of(client: Client) -> list[str]:
    response = client.get(reverse("exchange"))
    assert response.status_code == 200
    section = response.content.decode().split('data-testid="exchange-list"', 1)[1]
    return re.findall(r'href="([^"]+)"', section)


def test_every_link_of_the_exchange_page_opens_for_its_user(world: Any) -> None:
    for name in ("kader_a", "bidan_a", "kabupaten"):
        client = Client()
        client.force_login(world.users[name])
        links = links_of(client)
        assert links, name
        for url in links:
            assert client.get(url).status_code == 200, (name, url)


def test_the_kader_is_not_offered_the_exports_she_may_not_use(world: Any) -> None:
    kader, officer = Client(), Client()
    kader.force_login(world.users["kader_a"])
    officer.force_login(world.users["kabupaten"])
    for name in ("opensid:index", "dhis2:export", "satusehat:overview"):
        assert reverse(name) not in links_of(kader)
        assert reverse(name) in links_of(officer)
    assert reverse("eppgbm:export") in links_of(kader)
    report = officer.get(reverse("reports:posyandu", args=[world.posyandu_a.pk])).content.decode()
    assert reverse("satusehat:posyandu", args=[world.posyandu_a.pk]) in report
    desa = officer.get(reverse("regions:detail", args=[world.posyandu_a.desa_id])).content.decode()
    assert reverse("opensid:desa", args=[world.posyandu_a.desa_id]) in desa


def test_region_pages_lead_officers_to_the_commitments_and_the_public_page(world: Any) -> None:
    officer = Client()
    officer.force_login(world.users["kabupaten"])
    desa = officer.get(reverse("regions:detail", args=[world.posyandu_a.desa_id])).content.decode()
    assert reverse("pokjanal:desa_commitments", args=[world.posyandu_a.desa_id]) in desa
    kecamatan = officer.get(reverse("regions:detail", args=["64.74.01"])).content.decode()
    assert reverse("pokjanal:commitments") + "?wilayah=64.74.01" in kecamatan
    assert reverse("public:switch") + "?wilayah=64.74.01" in kecamatan
    assert officer.get(reverse("public:switch") + "?wilayah=64.74.01").status_code == 200
    # Anyone finds the public pages from the login page.
    assert reverse("public:index") in Client().get(reverse("login")).content.decode()


def test_the_menu_and_the_reports_lead_to_the_exports(world: Any) -> None:
    client = Client()
    client.force_login(world.users["kabupaten"])
    assert reverse("exchange") in client.get(reverse("reports:skdn")).content.decode()
    skdn = client.get(reverse("reports:skdn") + "?wilayah=64.74.01&bulan=2026-10").content.decode()
    assert 'data-testid="skdn-eppgbm"' in skdn and 'data-testid="skdn-dhis2"' in skdn
    # A kabupaten is too wide for one e-PPGBM file: the report does not offer it there.
    assert (
        'data-testid="skdn-eppgbm"'
        not in client.get(reverse("reports:skdn") + "?wilayah=64.74").content.decode()
    )
    report = client.get(reverse("reports:posyandu", args=[world.posyandu_a.pk])).content.decode()
    assert reverse("eppgbm:export") + f"?posyandu={world.posyandu_a.pk}" in report
