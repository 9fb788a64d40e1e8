"""The share cards (issue 17 point 2) through the test client: the PNG, its cache, the hidden figures, the
kartu posyandu and its message, the Open Graph tags and the short links."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from posyandu.actions import update_posyandu
from public import cards
from public.actions import set_public
from public.tests.children import weigh_children

Drawn = list[list[str]]


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> Drawn:
    """The text lines of every card drawn during the test, one list per card."""
    seen: Drawn = []
    real: Callable[[cards.Card], cards.Rendered] = cards.render

    def spy(card: cards.Card) -> cards.Rendered:
        rendered = real(card)
        seen.append(rendered.lines)
        return rendered

    monkeypatch.setattr(cards, "render", spy)
    return seen


def card(code: str, kind: str = "ringkasan") -> str:
    return f"{reverse('public:card_region')}?wilayah={code}&angka={kind}"


def posyandu_card(pk: int) -> str:
    return f"{reverse('public:card_posyandu')}?posyandu={pk}"


@pytest.mark.django_db
def test_a_card_is_a_1200_by_630_png_with_the_region_month_source_and_rules(world: Any, drawn: Drawn) -> None:
    weigh_children(world, world.posyandu_a, 12, prefix="Cempaka")
    for kind in cards.KINDS:
        response = Client().get(card("64.74", kind))
        assert response.status_code == 200, kind
        assert response["Content-Type"] == "image/png"
        assert response["Cache-Control"] in {"public, max-age=300", "max-age=300, public"}
        image = Image.open(io.BytesIO(response.content))
        assert (image.format, image.size) == ("PNG", (1200, 630))
    assert len(drawn) == len(cards.KINDS)
    lines = drawn[0]
    assert lines[0] == "Kota Bontang"
    assert any(re.match(r"Kabupaten/Kota · Bulan \w+ 20\d\d$", line) or "Bulan " in line for line in lines)
    assert any(line.startswith("Sumber: SI Posyandu, Kota Bontang, diambil ") for line in lines)
    assert any(line.startswith("Versi aturan: ") and line != "Versi aturan: –" for line in lines)
    assert "Ditimbang (D/S)" in lines and "Stunting" in lines
    stunting = drawn[cards.KINDS.index("stunting")]
    assert "Stunting 12 bulan (%)" in stunting
    assert sum(1 for line in stunting if re.fullmatch(r"\w{3} \d\d", line)) == 12  # a bar label a month
    posyandu = drawn[cards.KINDS.index("posyandu")]
    assert "Posyandu aktif (definisi 2023)" in posyandu and "Strata posyandu 2026" in posyandu
    assert {"Pratama", "Madya", "Purnama", "Mandiri", "belum dihitung"} <= set(posyandu)  # a bar a stratum


@pytest.mark.django_db
def test_the_second_request_is_served_from_the_cache_and_a_change_redraws(world: Any, drawn: Drawn) -> None:
    desa = world.desa_a2
    set_public(world.users["admin"], desa, is_public=True)
    weigh_children(world, world.posyandu_a2, 9, prefix="Kenanga")
    client = Client()
    first = client.get(card(desa.code, "ds"))
    second = client.get(card(desa.code, "ds"))
    assert first.content == second.content
    assert len(drawn) == 1
    assert "< 10" in drawn[0] and "100,0 %" not in drawn[0]  # nine children: D/S hidden

    weigh_children(world, world.posyandu_a2, 1, prefix="Kamboja")
    third = client.get(card(desa.code, "ds"))
    assert len(drawn) == 2 and third.content != first.content
    assert "100,0 %" in drawn[1] and "10" in drawn[1]  # D/S of ten weighed, S = 10


@pytest.mark.django_db
def test_a_hidden_figure_is_drawn_as_under_ten(world: Any, drawn: Drawn) -> None:
    desa = world.desa_a2
    set_public(world.users["admin"], desa, is_public=True)
    weigh_children(world, world.posyandu_a2, 9, prefix="Kenanga")
    assert Client().get(card(desa.code)).status_code == 200
    (lines,) = drawn
    # S, D/S, N/D, stunting and wasting of the month are all "< 10"; none of the nine is drawn as a number.
    assert lines.count("< 10") >= 5
    assert "9" not in lines and "100,0 %" not in lines


@pytest.mark.django_db
def test_a_region_switched_off_has_no_card(world: Any) -> None:
    desa = world.desa_a
    anonymous = Client()
    assert anonymous.get(card(desa.code)).status_code == 404  # a desa is off by default
    assert anonymous.get(posyandu_card(world.posyandu_a.pk)).status_code == 404
    assert anonymous.get(f"{reverse('public:share')}?wilayah={desa.code}").status_code == 404
    set_public(world.users["admin"], desa, is_public=True)
    assert anonymous.get(card(desa.code)).status_code == 200
    assert anonymous.get(posyandu_card(world.posyandu_a.pk)).status_code == 200
    set_public(world.users["admin"], desa, is_public=False)
    assert anonymous.get(posyandu_card(world.posyandu_a.pk)).status_code == 404
    assert anonymous.get(f"{reverse('public:card_posyandu')}?posyandu=abc").status_code == 404


@pytest.mark.django_db
def test_the_kartu_posyandu_shows_its_figures_next_day_and_the_message_set_by_an_officer(
    world: Any, drawn: Drawn
) -> None:
    desa = world.desa_a
    set_public(world.users["admin"], desa, is_public=True)
    weigh_children(world, world.posyandu_a, 12, prefix="Cempaka")
    anonymous = Client()
    response = anonymous.get(posyandu_card(world.posyandu_a.pk))
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)
    lines = drawn[-1]
    assert lines[0] == str(world.posyandu_a)
    assert "Buka berikutnya" in lines and "Pesan Tim Pembina Posyandu" in lines
    assert "Ayo bawa balita ke posyandu setiap" in " ".join(lines)  # the default message
    assert "Kamis, 10 Desember 2026" in lines and not any("pukul" in line for line in lines)  # no time yet

    update_posyandu(world.users["admin"], world.posyandu_a, opening_time=datetime.time(8))
    anonymous.get(posyandu_card(world.posyandu_a.pk))
    assert "pukul 08.00" in drawn[-1]  # redrawn with the time

    officer = Client()
    officer.force_login(world.users["kecamatan"])
    message = "Bulan ini ada kelas ibu balita di balai desa, datang ya!"
    page = reverse("public:card_message")
    assert officer.post(page, {"wilayah": desa.parent_id, "text": message}).status_code == 302
    assert message in officer.get(f"{page}?wilayah={desa.code}").content.decode()  # inherited from above
    anonymous.get(posyandu_card(world.posyandu_a.pk))
    assert "kelas ibu balita" in " ".join(drawn[-1])  # a new message redraws the card
    assert officer.post(page, {"wilayah": desa.code, "text": "x" * 201}).status_code == 302
    from public.models import CardMessage

    assert list(CardMessage.objects.values_list("region_id", flat=True)) == [desa.parent_id]
    viewer = Client()
    viewer.force_login(world.users["kabupaten_viewer"])
    assert viewer.post(page, {"wilayah": desa.code, "text": "hai"}).status_code == 403


@pytest.mark.django_db
def test_the_region_page_has_open_graph_tags_and_share_links(world: Any) -> None:
    body = Client().get(f"{reverse('public:region')}?wilayah=64.74&angka=stunting").content.decode()
    image = re.search(r'<meta property="og:image" content="([^"]+)">', body)
    assert image is not None
    assert image.group(1).startswith("http://testserver/publik/kartu/wilayah.png?wilayah=64.74&amp;bulan=")
    assert "angka=stunting" in image.group(1)
    assert '<meta property="og:image:width" content="1200">' in body
    assert '<meta property="og:image:height" content="630">' in body
    assert '<meta name="twitter:card" content="summary_large_image">' in body
    assert '<meta property="og:title" content="Kota Bontang">' in body
    assert re.search(
        r'<meta property="og:description" content="Bulan \w+ 20\d\d · Stunting: &lt; 10">', body
    )  # no child
    for kind in cards.KINDS:
        assert f'data-share="{kind}"' in body
    share = Client().get(f"{reverse('public:share')}?wilayah=64.74&angka=nd")
    assert share.status_code == 200
    text = share.content.decode()
    assert 'value="http://testserver/p?n64.74"' in text
    assert "https://wa.me/?text=http%3A%2F%2Ftestserver%2Fp%3Fn64.74" in text
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2Fp%3Fn64.74" in text
    assert "/publik/kartu/wilayah.png?wilayah=64.74&amp;bulan=" in text
    assert '<script src="/static/public/share.js" defer></script>' in text
    assert "<script>" not in text  # the Content-Security-Policy runs no inline script
    dated = Client().get(f"{reverse('public:share')}?wilayah=64.74&angka=wasting&bulan=2026-10")
    assert 'value="http://testserver/p?w64.74-202610"' in dated.content.decode()


@pytest.mark.django_db
def test_a_short_link_leads_to_the_figure_on_the_public_page(world: Any) -> None:
    anonymous = Client()
    response = anonymous.get("/p?s64.74-202610")
    assert response.status_code == 302
    assert response["Location"] == "/publik/wilayah/?wilayah=64.74&angka=stunting&bulan=2026-10"
    assert anonymous.get(response["Location"]).status_code == 200
    assert anonymous.get("/p?d64.74")["Location"] == "/publik/wilayah/?wilayah=64.74&angka=ds"
    assert anonymous.get("/p?p64.74")["Location"] == "/publik/wilayah/?wilayah=64.74&angka=posyandu"
    assert anonymous.get("/p?x64.74").status_code == 404
    assert anonymous.get("/p?d64.74-2026").status_code == 404
    assert anonymous.get("/p").status_code == 404
