"""No person can be found on the public pages: a world with known people (names, NIKs, family card numbers,
addresses, dates of birth, one child's unique weight), every public page and CSV file of every region level
fetched without a login, and none of them holds any of it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from public.actions import set_public
from public.embeds import PARTS, embed_url
from public.tests.children import weigh_children
from public.views import TABLE_BUILDERS


def known_people(world: Any, lone: Any) -> set[str]:
    from people.models import Household, Person
    from posyandu.models import Kader

    secrets: set[str] = set()
    for person in Person.objects.all():
        secrets |= {person.name, person.birth_date.isoformat(), f"{person.birth_date:%d-%m-%Y}"}
        if person.nik:
            secrets.add(person.nik)
    for household in Household.objects.all():
        secrets |= {household.head_name, household.kk_number, household.address}
    for kader in Kader.objects.all():
        secrets |= {kader.name, kader.nik or ""}
    secrets |= {"13.37", "13,37", lone.name}  # the lone child's weight
    return {s for s in secrets if s}


def public_urls(codes: list[str]) -> list[str]:
    urls = [reverse("public:index")]
    for code in codes:
        urls.append(f"{reverse('public:region')}?wilayah={code}")
        for table in TABLE_BUILDERS:
            urls.append(f"{reverse('public:csv')}?wilayah={code}&tabel={table}")
        urls.extend(embed_url(code, part) for part in PARTS)
    return urls


@pytest.mark.django_db
def test_no_name_nik_address_or_measurement_of_a_person_is_public(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from posyandu import actions as p

    admin = world.users["admin"]
    weigh_children(world, world.posyandu_a, 12, prefix="Cempaka", first_nik=6474014101250001)
    # A second posyandu of the kelurahan where one child alone is weighed, at 13.37 kg.
    lonely = p.register_posyandu(
        admin, code="PA3", name="Dahlia", desa=world.desa_a, opening_day=12, spm_fields=["kesehatan"]
    )
    (lone,) = weigh_children(
        world, lonely, 1, prefix="Tunggal", weight_kg="13.37", first_nik=6474014101250099
    )
    kecamatan = world.desa_a.parent
    for region in (kecamatan, world.desa_a, world.desa_a2, world.desa_b.parent, world.desa_b):
        set_public(admin, region, is_public=True)
    codes = ["64", "64.74", kecamatan.code, world.desa_a.code, world.desa_a2.code, "64.07"]
    codes += [world.desa_b.parent_id, world.desa_b.code]
    secrets = known_people(world, lone)
    assert {"Budi Santoso", "Dewi Lestari", "6474015505950001", "Jl. Melati 3", "Siti Rahayu"} <= secrets

    anonymous = Client()
    fetched = 0
    for url in public_urls(codes):
        response = anonymous.get(url)
        assert response.status_code == 200, url
        text = response.content.decode("utf-8-sig")
        found = sorted(s for s in secrets if s in text)
        assert found == [], f"{url} shows {found}"
        assert not re.search(r"<img\b", text), f"{url}: a public page shows no picture"
        fetched += 1
    assert fetched >= 20
    assert_no_card_shows(anonymous, codes, secrets, monkeypatch)

    # The kelurahan's page: its total stands (13 children with Budi), the lone child's posyandu is hidden,
    # and so is the other posyandu's row, which the total minus it would otherwise reveal.
    body = anonymous.get(f"{reverse('public:region')}?wilayah={world.desa_a.code}").content.decode()
    rows = body[body.index('data-testid="area-table"') :]
    rows = rows[: rows.index("</table>")]
    assert "Posyandu Dahlia" in rows and "Posyandu Melati" in rows
    assert rows.count("data-hidden") == 2 * 5  # both rows, every figure
    month = body[body.index('data-testid="month-figures"') :]
    assert "data-hidden" not in month[: month.index("</dl>")]


def assert_no_card_shows(
    anonymous: Client, codes: list[str], secrets: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every share card, share page and kartu posyandu of the public regions: no text a card draws (read
    from the renderer) and no share page holds a secret."""
    from posyandu.models import Posyandu
    from public import cards
    from public.models import is_public

    drawn: list[list[str]] = []
    real = cards.render

    def spy(card: cards.Card) -> cards.Rendered:
        rendered = real(card)
        drawn.append(rendered.lines)
        return rendered

    monkeypatch.setattr(cards, "render", spy)
    pages = []
    for code in codes:
        for kind in cards.KINDS:
            pages.append(f"{reverse('public:share')}?wilayah={code}&angka={kind}")
            url = f"{reverse('public:card_region')}?wilayah={code}&angka={kind}"
            assert anonymous.get(url).status_code == 200, url
    for posyandu in Posyandu.objects.select_related("desa"):
        url = f"{reverse('public:card_posyandu')}?posyandu={posyandu.pk}"
        assert anonymous.get(url).status_code == (200 if is_public(posyandu.desa) else 404), url
    assert len(drawn) >= len(codes) * len(cards.KINDS) + 3
    for lines in drawn:
        text = "\n".join(lines)
        found = sorted(s for s in secrets if s in text)
        assert found == [], f"a card draws {found}"
    (dahlia,) = [lines for lines in drawn if lines[0] == "Posyandu Dahlia"]
    assert dahlia.count("< 10") == 2  # its D/S and N/D, hidden as on the kelurahan's page
    for url in pages:
        text = anonymous.get(url).content.decode()
        found = sorted(s for s in secrets if s in text)
        assert found == [], f"{url} shows {found}"
