"""A public page's parts embedded in another site: open without a login, framable by any site while every
other page still refuses framing, the same hidden small figures, and the snippet on the region page."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from public.actions import set_public
from public.tests.children import weigh_children
from regions.models import Region
from tests.test_content_security_policy import POLICY, inline_code, policy_of

PARTS = ("ringkasan", "wilayah", "tren")


def embed(code: str, part: str) -> str:
    return f"{reverse('public:embed')}?wilayah={code}&bagian={part}"


def refuses_framing(response: Any) -> bool:
    return response.get("X-Frame-Options") == "DENY" and policy_of(response)["frame-ancestors"] == "'none'"


class Snippets(HTMLParser):
    """The text of each read-only text area of a page, by its id."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, str] = {}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "textarea" and "readonly" in names:
            self._open = names.get("id") or ""
            self.found[self._open] = ""
        if tag == "iframe" and self._open is None:
            self.found["iframe-src"] = names.get("src") or ""

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.found[self._open] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._open = None


def parse(html: str) -> dict[str, str]:
    parser = Snippets()
    parser.feed(html)
    return parser.found


@pytest.mark.django_db
@pytest.mark.parametrize("part", PARTS)
def test_an_embed_opens_without_a_login_and_any_site_may_frame_it(world: Any, part: str) -> None:
    response = Client().get(embed("64.74", part))
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    policy = policy_of(response)
    assert policy["frame-ancestors"] == "*"
    assert {k: v for k, v in policy.items() if k != "frame-ancestors"} == {
        k: v for k, v in POLICY.items() if k != "frame-ancestors"
    }  # scripts and styles still only from the site itself
    body = response.content.decode()
    assert inline_code(body) == []
    assert f'data-part="{part}"' in body and "Kota Bontang" in body
    assert 'class="topbar"' not in body and "Masuk untuk petugas" not in body  # no site navigation
    assert "Lisensi: CC BY 4.0" in body and "diambil" in body
    assert 'target="_blank"' in body  # the link to the full page leaves the frame
    assert "public" in response["Cache-Control"] and "Set-Cookie" not in response.headers


@pytest.mark.django_db
def test_every_other_page_still_refuses_framing(world: Any) -> None:
    anonymous = Client()
    for url in (reverse("public:index"), f"{reverse('public:region')}?wilayah=64.74", "/masuk/"):
        response = anonymous.get(url)
        assert response.status_code == 200, url
        assert refuses_framing(response), url
    officer = Client()
    officer.force_login(world.users["kabupaten"])
    for url in ("/", reverse("public:switch"), embed("64.74", "tren")):
        response = officer.get(url)
        assert response.status_code == 200, url
        assert refuses_framing(response) == (url != embed("64.74", "tren")), url


@pytest.mark.django_db
def test_a_switched_off_region_has_no_embed_and_its_404_refuses_framing(world: Any) -> None:
    anonymous = Client()
    desa = world.desa_a  # a desa's public page is off until its officer turns it on
    assert anonymous.get(embed(desa.code, "ringkasan")).status_code == 404
    assert anonymous.get(embed("99.99", "ringkasan")).status_code == 404
    assert anonymous.get(reverse("public:embed")).status_code == 404
    set_public(world.users["admin"], Region.objects.get(code="64.74"), is_public=False)
    response = anonymous.get(embed("64.74", "tren"))
    assert response.status_code == 404
    assert refuses_framing(response)


@pytest.mark.django_db
def test_an_unknown_part_shows_the_summary(world: Any) -> None:
    response = Client().get(embed("64.74", "peta<script>"))
    assert response.status_code == 200
    assert 'data-part="ringkasan"' in response.content.decode()


@pytest.mark.django_db
def test_a_figure_of_few_children_is_hidden_in_the_embed_as_on_the_page(world: Any) -> None:
    weigh_children(world, world.posyandu_a, 3, prefix="Kenanga", weight_kg="13.37")
    anonymous = Client()
    body = anonymous.get(embed("64.74", "ringkasan")).content.decode()
    figures = body[body.index('data-testid="month-figures"') :]
    figures = figures[: figures.index("</dl>")]
    assert "&lt;&nbsp;10" in figures and "data-hidden" in figures
    assert "Kenanga" not in body and "13.37" not in body and "13,37" not in body
    page = anonymous.get(f"{reverse('public:region')}?wilayah=64.74").content.decode()
    on_page = page[page.index('data-testid="month-figures"') :]
    assert on_page[: on_page.index("</dl>")].count("data-hidden") >= figures.count("data-hidden")
    rows = anonymous.get(embed("64.74", "wilayah")).content.decode()
    assert "Bontang Utara" in rows and "data-hidden" in rows


@pytest.mark.django_db
def test_the_region_page_gives_each_part_a_snippet_with_the_absolute_embed_address(world: Any) -> None:
    anonymous = Client()
    page = anonymous.get(f"{reverse('public:region')}?wilayah=64.74", HTTP_HOST="localhost")
    assert page.status_code == 200
    body = page.content.decode()
    assert inline_code(body) == []
    snippets = parse(body)
    for part in PARTS:
        assert f'data-testid="embed-{part}"' in body
        code = snippets[f"embed-code-{part}"]
        assert code.startswith("<iframe ") and code.endswith("</iframe>")
        src = parse(code)["iframe-src"]
        assert src == f"http://localhost/publik/sematkan/?wilayah=64.74&bagian={part}"
        framed = Client().get(src.removeprefix("http://localhost"))
        assert framed.status_code == 200
        assert policy_of(framed)["frame-ancestors"] == "*"


@pytest.mark.django_db
def test_a_shared_page_is_served_whole_from_the_cache_until_the_figures_change(world: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    anonymous = Client()
    url = f"{reverse('public:region')}?wilayah=64.74"
    first = anonymous.get(url)
    with CaptureQueriesContext(connection) as rendered_again:
        second = anonymous.get(url)
    assert second.content == first.content
    assert len(rendered_again) <= 5  # the region, its switch, the figures' state: no figure is read
    assert refuses_framing(second)
    assert policy_of(anonymous.get(embed("64.74", "tren")))["frame-ancestors"] == "*"
    weigh_children(world, world.posyandu_a, 12, prefix="Kenanga")
    assert anonymous.get(url).content != first.content  # new figures, a new page
    set_public(world.users["admin"], Region.objects.get(code="64.74"), is_public=False)
    assert anonymous.get(url).status_code == 404  # switched off: gone at once, cached or not
    assert anonymous.get(embed("64.74", "tren")).status_code == 404
