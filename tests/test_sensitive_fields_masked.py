"""Full NIKs, No. KK and phone numbers appear in no response except a logged reveal (issue 11, point 1).

Every persona logs in and walks the application: every link and htmx `hx-get` reachable from the home page
(same site, GET only, bounded) and every URL that takes an id, filled with each object of that kind the
persona can see. Each response body (HTML, JSON, CSV, the XML inside an .xlsx, a PDF's raw and inflated
streams) is searched for every sensitive value stored in the world. A response may hold one only if it wrote
a reveal event (`view_<field>`, e.g. `view_nik`). Pages and URLs are enumerated, so a new page is covered
without editing this test."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections import deque
from collections.abc import Iterator
from html import unescape
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from accounts.access import URL_ID_MODELS
from audit.models import AuditEvent
from tests.test_bad_parameters import get_urls

PERSONAS = [
    "admin", "kader_a", "kader_b", "bidan_a", "desa_a", "kecamatan", "kabupaten", "kabupaten_viewer",
    "other_kabupaten",
]  # fmt: skip
MAX_PAGES = 400  # per persona: the world is small, so this bounds a crawl gone wrong, not a normal one
MAX_PER_PATH = 4  # query-string variants of one path (months, pages, filters) fetched at most
SKIPPED = ("/admin/", "/static/", "/logout", "/i18n/")  # Django's admin is for administrators only
LINK = re.compile(r"""(?:href|hx-get)\s*=\s*["']([^"']+)["']""")

CHILD_NIK = "6474011105250003"  # given to Budi by an edit, so his history holds a NIK change
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MOTHER_PHONE = "081234567801"
KADER_PHONE = "081234567802"
MEMBER_PHONE = "081234567803"


@pytest.fixture
def sensitive_world(world: Any) -> Any:
    """The world with a NIK added by an edit, phone numbers on people, kader and a Tim Pembina member, and a
    No. KK changed by an edit (so every history page shows a change of each kind)."""
    from people import actions as people
    from pokjanal import actions as pokjanal
    from posyandu import actions as posyandu

    admin = world.users["admin"]
    people.update_person(admin, world.child_a, nik=CHILD_NIK)
    people.update_person(admin, world.mother_a, phone=MOTHER_PHONE)
    people.update_household(admin, world.household_a, kk_number="6474010101200009")
    posyandu.update_kader(admin, world.kader_a, phone=KADER_PHONE)
    member = world.pokjanal.member_kab
    pokjanal.update_member(
        admin,
        member,
        name=member.name,
        institution=member.institution,
        sector=member.sector,
        role=member.role,
        phone=MEMBER_PHONE,
        user=member.user,
        active=member.active,
    )
    return world


def sensitive_values() -> dict[str, str]:
    """value → what it is, for every NIK, No. KK and phone number stored in the world."""
    from accounts.models import User
    from people.models import Household, Person
    from pokjanal.models import Member
    from posyandu.models import Kader

    sources = [
        (Person, "nik"),
        (Person, "phone"),
        (Kader, "nik"),
        (Kader, "phone"),
        (Household, "kk_number"),
        (Member, "phone"),
        (User, "phone"),
    ]
    found: dict[str, str] = {}
    for model, field in sources:
        for value in model._default_manager.exclude(**{field: ""}).exclude(**{f"{field}__isnull": True}):
            found[str(getattr(value, field))] = f"{model.__name__}.{field}"
    return found


def texts(content: bytes) -> Iterator[str]:
    """The readable text of a response body: an .xlsx's XML parts, a PDF's raw and inflated streams."""
    if content.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for name in archive.namelist():
                yield archive.read(name).decode("utf-8", "replace")
        return
    yield content.decode("utf-8", "replace")
    if content.startswith(b"%PDF"):
        for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
            try:
                yield zlib.decompress(stream).decode("latin-1")
            except zlib.error:
                continue


def body_of(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else bytes(response.content)


def id_urls_for(user: Any) -> list[str]:
    """Every URL that takes an id, once for each object of that kind the user can see."""
    urls = []
    for name, kwargs in get_urls():
        if len(kwargs) != 1:
            continue
        model = URL_ID_MODELS[kwargs[0]]
        for pk in model._default_manager.visible_to(user).order_by("pk").values_list("pk", flat=True)[:10]:  # type: ignore[attr-defined]
            urls.append(reverse(name, kwargs={kwargs[0]: pk}))
    return urls


def same_site(url: str, page: str) -> str | None:
    """The path and query of a link on `page` into the application, or None for anything else."""
    url = urljoin(page, unescape(urldefrag(url)[0]).strip())
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if any(parts.path.startswith(prefix) for prefix in SKIPPED):
        return None
    try:
        resolve(parts.path)
    except Resolver404:
        return None
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def leaks(client: Client, start: list[str], secrets: dict[str, str]) -> tuple[list[str], set[str], int]:
    """(every leak found, the content types seen, pages fetched), crawling from `start`."""
    queue = deque(start)
    seen: set[str] = set(start)
    per_path: dict[str, int] = {}
    found: list[str] = []
    kinds: set[str] = set()
    fetched = 0
    while queue and fetched < MAX_PAGES:
        url = queue.popleft()
        reveals_before = AuditEvent.objects.filter(verb__startswith="view_").count()
        response = client.get(url)
        fetched += 1
        content = body_of(response)
        kinds.add(response.get("Content-Type", "").partition(";")[0])
        revealed = AuditEvent.objects.filter(verb__startswith="view_").count() - reveals_before
        for text in texts(content):
            for value, what in secrets.items():
                if value in text and revealed != 1:
                    found.append(f"{url} ({response.status_code}) shows {what} {value}")
        links = [response["Location"]] if response.status_code in {301, 302} else []
        if "html" in response.get("Content-Type", ""):
            links += LINK.findall(content.decode("utf-8", "replace"))
        for link in links:
            target = same_site(link, url)
            if target is None or target in seen:
                continue
            path = target.partition("?")[0]
            if per_path.get(path, 0) >= MAX_PER_PATH:
                continue
            per_path[path] = per_path.get(path, 0) + 1
            seen.add(target)
            queue.append(target)
    return sorted(set(found)), kinds, fetched


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_no_response_shows_a_full_nik_kk_or_phone(sensitive_world: Any, persona: str) -> None:
    secrets = sensitive_values()
    kinds = set(secrets.values())
    assert {"Person.nik", "Person.phone", "Kader.nik", "Kader.phone", "Household.kk_number"} <= kinds
    assert {CHILD_NIK, MOTHER_PHONE, KADER_PHONE, MEMBER_PHONE} <= set(secrets)
    user = sensitive_world.users[persona]
    client = Client(raise_request_exception=False)
    client.force_login(user)
    found, kinds, fetched = leaks(client, ["/", *id_urls_for(user)], secrets)
    assert fetched >= 20
    if persona == "kabupaten":  # the officer's walk reaches every kind of export
        assert {"text/html", "text/csv", "application/pdf", XLSX} <= kinds, kinds
    assert found == [], "\n".join(found)


@pytest.mark.django_db
def test_the_crawl_reaches_the_pages_that_hold_sensitive_fields(sensitive_world: Any) -> None:
    """The walk is worth something only if it sees the pages where NIKs, No. KK and phones live."""
    client = Client()
    client.force_login(sensitive_world.users["kabupaten"])
    world = sensitive_world
    urls = [
        reverse("people:history", args=[world.child_a.pk]),
        reverse("people:edit", args=[world.mother_a.pk]),
        reverse("posyandu:kader_history", args=[world.kader_a.pk]),
        reverse("posyandu:kader_edit", args=[world.kader_a.pk]),
        reverse("people:household_edit", args=[world.household_a.pk]),
        reverse("pokjanal:member_edit", args=[world.pokjanal.member_kab.pk]),
    ]
    assert set(urls) <= set(id_urls_for(world.users["kabupaten"]))
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_readers_find_values_in_every_kind_of_body() -> None:
    """The body readers themselves: plain text, an .xlsx's XML and a compressed PDF stream."""
    xlsx = io.BytesIO()
    with zipfile.ZipFile(xlsx, "w") as archive:
        archive.writestr("xl/sharedStrings.xml", "<sst><si><t>6474015505950001</t></si></sst>")
    pdf = b"%PDF-1.4\n1 0 obj<<>>stream\n" + zlib.compress(b"(6474015505950001) Tj") + b"endstream\n"
    for content in (b"<td>6474015505950001</td>", xlsx.getvalue(), pdf):
        assert any("6474015505950001" in text for text in texts(content))


def edit_form_data(response: Any) -> dict[str, str]:
    """The values an edit form would send back untouched (its bound initial values)."""
    form = response.context["form"]
    data: dict[str, str] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, list):
            data[name] = value  # type: ignore[assignment]  # a multiple choice: the client sends each
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None and not (field.disabled):
            data[name] = str(value)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "attribute", "field", "stored", "shown", "new"),
    [
        ("people:edit", "mother_a", "nik", "6474015505950001", "6474********0001", "6474015505950002"),
        ("people:edit", "mother_a", "phone", MOTHER_PHONE, "********801", "081299990000"),
        ("posyandu:kader_edit", "kader_a", "nik", "6474015205800001", "6474********0001", "6474015205800003"),
        ("posyandu:kader_edit", "kader_a", "phone", KADER_PHONE, "********802", "081299990001"),
        (
            "people:household_edit",
            "household_a",
            "kk_number",
            "6474010101200009",
            "6474********0009",
            "6474010101200007",
        ),
        ("pokjanal:member_edit", "pokjanal.member_kab", "phone", MEMBER_PHONE, "********803", "0541123456"),
    ],
)
def test_an_edit_form_keeps_the_stored_number_without_showing_it(
    sensitive_world: Any, url_name: str, attribute: str, field: str, stored: str, shown: str, new: str
) -> None:
    """The field starts empty with the stored number masked in its help text; sent empty, the stored number
    stays (and the history records no change); a new number replaces it."""
    obj = sensitive_world
    for name in attribute.split("."):
        obj = getattr(obj, name)
    url = reverse(url_name, args=[obj.pk])
    client = Client()
    client.force_login(sensitive_world.users["admin"])
    page = client.get(url)
    body = page.content.decode()
    assert stored not in body
    assert page.context["form"][field].value() in {"", None}
    label = page.context["form"].fields[field].label
    note = f"{str(label)[0].upper()}{str(label)[1:]} tersimpan: {shown} — kosongkan bila tidak diubah."
    assert note in body

    events = AuditEvent.objects.count()
    data = edit_form_data(page)
    assert data.get(field, "") == ""
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    obj.refresh_from_db()
    assert getattr(obj, field) == stored
    changed = AuditEvent.objects.order_by("pk")[events:]
    assert all(field not in event.changes for event in changed)

    client.post(url, {**edit_form_data(client.get(url)), field: new})
    obj.refresh_from_db()
    assert getattr(obj, field) == new
    history = AuditEvent.objects.order_by("pk").last()
    assert history is not None and history.changes[field] == [stored, new]


@pytest.mark.django_db
def test_the_history_shows_numbers_masked(sensitive_world: Any) -> None:
    client = Client()
    client.force_login(sensitive_world.users["kabupaten_viewer"])
    body = client.get(reverse("people:history", args=[sensitive_world.child_a.pk])).content.decode()
    assert "<strong>nik</strong>: — → 6474********0003" in body
    body = client.get(reverse("people:history", args=[sensitive_world.mother_a.pk])).content.decode()
    assert "<strong>nik</strong>: — → 6474********0001" in body
    assert "<strong>phone</strong>: — → ********801" in body
    household = client.get(reverse("people:household_history", args=[sensitive_world.household_a.pk]))
    assert "<strong>kk_number</strong>: 6474********0001 → 6474********0009" in household.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "url_name", "attribute", "field", "full"),
    [
        ("kader_a", "people:nik", "mother_a", "nik", "6474015505950001"),  # her own posyandu: logged too
        ("kabupaten_viewer", "people:nik", "mother_a", "nik", "6474015505950001"),
        ("kader_a", "posyandu:kader_nik", "kader_a", "nik", "6474015205800001"),
        ("kecamatan", "posyandu:kader_phone", "kader_a", "phone", KADER_PHONE),
    ],
)
def test_every_reveal_is_logged(
    sensitive_world: Any, persona: str, url_name: str, attribute: str, field: str, full: str
) -> None:
    from audit.models import object_key

    obj = getattr(sensitive_world, attribute)
    user = sensitive_world.users[persona]
    client = Client()
    client.force_login(user)
    response = client.get(reverse(url_name, args=[obj.pk]))
    assert response.content.decode() == full
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(verb=f"view_{field}")
    assert (event.actor, event.object_key, event.changes) == (user, object_key(obj), {})
    assert full not in str(event.changes)
