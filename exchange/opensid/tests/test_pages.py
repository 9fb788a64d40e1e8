"""The import through the pages, as a Pokja desa does it: upload → the check row by row → import; a desa with
no posyandu yet (residents wait, then come in when the posyandu is set); a refused row with its reason; who
may import."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from exchange.opensid.models import ExportImport, Outcome, Resident
from exchange.opensid.tests.export_maker import make_rows, quirky, to_csv, to_xlsx
from people.models import Household, Person
from regions.actions import create_local_unit
from regions.models import LocalUnit


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, desa: Any, name: str, content: bytes) -> Any:
    url = reverse("opensid:upload", kwargs={"region_code": desa.code})
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, follow=True)


@pytest.mark.django_db
def test_a_pokja_desa_uploads_checks_waits_for_a_posyandu_and_imports(world: Any) -> None:
    pokja = client_for(world.users["desa_a"])
    rows = make_rows(120, seed=3)
    cells = quirky(rows)
    cells[5][cells[0].index("tanggallahir")] = "31-02-2020"  # no such day
    bad_name = cells[5][cells[0].index("nama")]
    people_before = Person.objects.count()

    page = upload(pokja, world.desa_a, "ekspor.xlsx", to_xlsx(cells))
    assert page.status_code == 200
    job = ExportImport.objects.get(desa=world.desa_a)
    assert job.is_checked  # the background check ran (tasks run at once in tests)
    text = page.content.decode()
    assert "Tanggal lahir “31-02-2020” tidak dikenali (tulis dd-mm-yyyy)." in text
    assert bad_name in text
    alive = sum(1 for r in rows if r["status_dasar"] == 1) - 1
    # No dusun of this desa has a posyandu yet: everyone alive waits.
    assert job.counts[Outcome.WAIT] == alive and job.counts[Outcome.REFUSE] == 1
    assert Person.objects.count() == people_before

    pokja.post(reverse("opensid:start", kwargs={"region_code": world.desa_a.code}), follow=True)
    job.refresh_from_db()
    assert job.is_done
    assert Person.objects.count() == people_before  # still waiting: nothing in the register
    assert Resident.objects.filter(desa=world.desa_a).waiting().count() == alive
    dusun = LocalUnit.objects.filter(desa=world.desa_a, kind="dusun")
    assert dusun.count() == 3

    for unit in dusun:
        response = pokja.post(
            reverse("opensid:assign", kwargs={"region_code": world.desa_a.code}),
            {"unit": unit.pk, "posyandu": world.posyandu_a.pk},
            follow=True,
        )
        assert response.status_code == 200
    assert Resident.objects.filter(desa=world.desa_a).waiting().count() == 0
    assert Person.objects.count() == people_before + alive
    assert Household.objects.filter(posyandu=world.posyandu_a, kk_number__startswith="64740101").exists()

    page = pokja.get(reverse("opensid:desa", kwargs={"region_code": world.desa_a.code}))
    assert f'data-testid="count-wait">{alive}<' in page.content.decode()
    on_pill = sum(1 for r in rows if r["cara_kb_id"] == 1 and r["status_dasar"] == 1)
    assert on_pill > 0
    assert f"<dt>Pil</dt><dd>{on_pill}</dd>" in page.content.decode()
    listing = pokja.get(reverse("opensid:rows", kwargs={"region_code": world.desa_a.code}), {"format": "csv"})
    assert listing.status_code == 200
    assert listing.content.decode("utf-8-sig").count("\n") == len(rows) + 1


@pytest.mark.django_db
def test_a_csv_export_goes_straight_into_the_posyandu_that_serves_the_dusun(world: Any) -> None:
    from exchange.opensid.actions import assign_posyandu
    from regions.actions import create_local_unit

    admin = world.users["admin"]
    for name in ("Krajan", "Sukamaju", "Tengah"):
        assign_posyandu(admin, create_local_unit(admin, world.desa_a, "dusun", name, None), world.posyandu_a)
    kecamatan = client_for(world.users["kecamatan"])
    rows = make_rows(60, seed=9)
    upload(kecamatan, world.desa_a, "ekspor.csv", to_csv(quirky(rows)))
    kecamatan.post(reverse("opensid:start", kwargs={"region_code": world.desa_a.code}))
    job = ExportImport.objects.get(desa=world.desa_a)
    assert job.is_done
    assert job.counts[Outcome.CREATE] == sum(1 for r in rows if r["status_dasar"] == 1)
    # An RW written "-" puts the RT straight under its dusun.
    tengah = LocalUnit.objects.get(desa=world.desa_a, kind="dusun", name="Tengah")
    assert LocalUnit.objects.filter(parent=tengah, kind="rt").exists()
    assert not LocalUnit.objects.filter(parent=tengah, kind="rw").exists()


@pytest.mark.django_db
def test_who_may_import(world: Any) -> None:
    content = to_xlsx(quirky(make_rows(10)))
    for persona, status in (("kader_a", 403), ("bidan_a", 403), ("kabupaten_viewer", 403), ("kader_b", 404)):
        url = reverse("opensid:upload", kwargs={"region_code": world.desa_a.code})
        response = client_for(world.users[persona]).post(url, {"file": SimpleUploadedFile("e.xlsx", content)})
        assert response.status_code == status, persona
    assert not ExportImport.objects.exists()
    # The bidan sees the page (the pregnant women to complete) but has no upload form.
    page = client_for(world.users["bidan_a"]).get(
        reverse("opensid:desa", kwargs={"region_code": world.desa_a.code})
    )
    assert page.status_code == 200 and 'data-testid="upload"' not in page.content.decode()


@pytest.mark.django_db
def test_the_page_polls_the_running_job_and_shows_its_progress(world: Any) -> None:
    pokja = client_for(world.users["desa_a"])
    upload(pokja, world.desa_a, "ekspor.xlsx", to_xlsx(quirky(make_rows(20))))
    job = ExportImport.objects.get(desa=world.desa_a)
    ExportImport.objects.filter(pk=job.pk).update(status="importing", processed_rows=5, total_rows=20)
    url = reverse("opensid:desa", kwargs={"region_code": world.desa_a.code})
    fragment = pokja.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'id="opensid-status"' in fragment
    assert 'hx-trigger="every 1s"' in fragment and 'value="25"' in fragment
    assert "<html" not in fragment


@pytest.mark.django_db
def test_three_thousand_residents_go_through_the_background_jobs_with_progress(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The upload's check and the import run as background tasks (at once in tests), each reporting its
    progress every 500 rows as it goes, and the page ends with the counts."""
    from exchange.opensid import actions

    reported: list[tuple[int, int]] = []
    real = actions.check_export

    def spying(*args: Any, progress: Any = None, **kwargs: Any) -> Any:
        def seen(done: int, total: int) -> None:
            reported.append((done, total))
            progress(done, total)
            assert ExportImport.objects.get(desa=world.desa_a).processed_rows == done  # what the page polls

        return real(*args, progress=seen if progress else None, **kwargs)

    monkeypatch.setattr(actions, "check_export", spying)
    admin = world.users["admin"]
    for name in ("Krajan", "Sukamaju", "Tengah"):
        unit = create_local_unit(admin, world.desa_a, "dusun", name, None)
        actions.assign_posyandu(admin, unit, world.posyandu_a)
    pokja = client_for(world.users["desa_a"])
    rows = make_rows(3000)
    people_before = Person.objects.count()

    upload(pokja, world.desa_a, "penduduk.xlsx", to_xlsx(quirky(rows)))
    job = ExportImport.objects.get(desa=world.desa_a)
    assert job.is_checked and [done for done, _t in reported] == list(range(500, 3001, 500))
    pokja.post(reverse("opensid:start", kwargs={"region_code": world.desa_a.code}), follow=True)
    job.refresh_from_db()
    assert job.is_done and len(reported) == 12  # the import checks the file again, reporting again
    alive = sum(1 for r in rows if r["status_dasar"] == 1)
    assert Person.objects.count() == people_before + alive
    page = pokja.get(reverse("opensid:desa", kwargs={"region_code": world.desa_a.code})).content.decode()
    assert f'data-testid="count-create">{alive}<' in page and 'data-testid="count-refuse">0<' in page
    # The pregnant women OpenSID reports wait on the page for the bidan, each linked to the pregnancy form.
    listed = page.split('data-testid="pregnant">', 1)[1].split("</ul>", 1)[0]
    pregnant = [r for r in rows if r.get("hamil") == 1 and r["status_dasar"] == 1]
    assert pregnant and listed.count("<li>") == len(pregnant)
    woman = Person.objects.get(name=pregnant[0]["nama"], desa=world.desa_a)
    assert reverse("people:pregnancy_create", args=[woman.pk]) in listed
