"""Campaign sheets: reading every format, checking rows with messages in Bahasa Indonesia, importing the valid
rows or all or nothing, cancelling, never storing the same file or row twice, matching the register, and
giving a campaign visit the same results as one recorded at the posyandu."""

from __future__ import annotations

import datetime
import io
import os
import pickle
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEvent
from campaigns import actions, tasks
from campaigns.imports import check, kept
from campaigns.imports import read as sheets
from campaigns.imports.parse import parse
from campaigns.models import ImportJob, ImportStatus
from campaigns.tests.conftest import BAD, GOOD, HEADER, csv_bytes, ods_bytes, row, xlsx_bytes
from people.actions import register_person
from people.models import Household, Person
from reports.figures import compute_monthly
from visits.actions import COMPUTED_FIELDS, record_visit
from visits.models import Referral, Visit

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)
DATA = Path(__file__).parent / "data"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def state() -> tuple[int, ...]:
    return (
        Visit.objects.count(),
        Person.objects.count(),
        Household.objects.count(),
        Referral.objects.count(),
        AuditEvent.objects.filter(verb="import_campaign").count(),
    )


def upload(world: Any, name: str, content: bytes, user: str = "kabupaten") -> ImportJob:
    job = actions.upload_sheet(world.users[user], world.campaign, name=name, content=content)
    job.refresh_from_db()
    return job


def run(world: Any, job: ImportJob, mode: str = "valid_rows", user: str = "kabupaten") -> ImportJob:
    actions.start_import(world.users[user], job, mode=mode)
    job.refresh_from_db()
    return job


EXPECTED = [
    (
        "PA1",
        "Bagus Prakoso",
        "L",
        datetime.date(2025, 2, 3),
        datetime.date(2026, 8, 12),
        Decimal("9.60"),
        Decimal("76.5"),
        "l",
    ),
    (
        "PA1",
        "Sari Dewi",
        "P",
        datetime.date(2023, 11, 20),
        datetime.date(2026, 8, 12),
        Decimal("11.20"),
        Decimal("88.0"),
        "h",
    ),
    (
        "PA2",
        "Nur Aini",
        "P",
        datetime.date(2024, 5, 20),
        datetime.date(2026, 8, 13),
        Decimal("9.80"),
        None,
        "",
    ),
]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("hasil.xlsx", xlsx_bytes(GOOD)),
        ("hasil.ods", ods_bytes(GOOD)),
        ("hasil.csv", csv_bytes(GOOD)),
        ("hasil-titik-koma.csv", csv_bytes(GOOD, delimiter=";")),
        ("hasil.xls", (DATA / "good_rows.xls").read_bytes()),
    ],
)
def test_every_format_reads_the_same_rows(name: str, content: bytes) -> None:
    sheet = sheets.read(name, content)
    assert [number for number, _cells in sheet.rows] == [2, 3, 4]
    parsed = [parse(n, cells, sheet) for n, cells in sheet.rows]
    assert [
        (p.posyandu_code, p.name, p.sex, p.birth_date, p.date, p.weight_kg, p.length_height_cm, p.position)
        for p in parsed
    ] == EXPECTED
    assert all(not p.errors for p in parsed)
    assert parsed[2].nik == "6474016005240003"


def test_a_sheet_without_the_required_columns_is_refused() -> None:
    with pytest.raises(sheets.SheetError, match=r"Kolom wajib tidak ditemukan.*Berat badan"):
        sheets.read(
            "x.csv",
            b"Kode posyandu,Nama anak,Jenis kelamin (L/P),Tanggal lahir,Tanggal ukur\n"
            b"PA1,A,L,1-1-2025,1-8-2026\n",
        )


def test_template_download_has_the_layout(world: Any) -> None:
    response = client_for(world.users["kader_a"]).get(reverse("campaigns:template", args=[world.campaign.pk]))
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book["Data"][1]] == HEADER
    codes = [r[0] for r in book["Petunjuk"].iter_rows(min_row=8, values_only=True)]
    assert codes == ["PA1"]  # the kader's own posyandu only


def test_check_reports_each_bad_row_and_stores_nothing(world: Any) -> None:
    before = state()
    job = upload(world, "hasil.csv", csv_bytes(GOOD + BAD))
    assert job.status == ImportStatus.VALIDATED
    assert (job.total_rows, job.valid_rows, job.error_rows) == (6, 3, 3)
    issues = list(job.issues.values_list("row", "column", "message"))
    assert issues == [
        (5, "Berat badan (kg)", "“abc” bukan angka. Gunakan koma atau titik desimal, misalnya 10,5."),
        (
            6,
            "Kode posyandu",
            "Posyandu dengan kode PB1 tidak ada di wilayah Anda atau di wilayah kegiatan ini.",
        ),
        (
            7,
            "Tanggal ukur (dd-mm-yyyy)",
            "Tanggal ukur di luar periode kegiatan (01-08-2026 s.d. 31-08-2026).",
        ),
    ]
    assert state() == before
    report = client_for(world.users["kabupaten"]).get(reverse("campaigns:job_errors", args=[job.pk]))
    rows = list(load_workbook(io.BytesIO(report.content)).active.iter_rows(min_row=4, values_only=True))
    assert rows[0] == ("Baris", "Kolom", "Pesan")
    assert [r[:2] for r in rows[1:]] == [
        (5, "Berat badan (kg)"),
        (6, "Kode posyandu"),
        (7, "Tanggal ukur (dd-mm-yyyy)"),
    ]


def test_import_the_valid_rows(world: Any) -> None:
    visits, people, households, _referrals, imports = state()
    job = run(world, upload(world, "hasil.xlsx", xlsx_bytes(GOOD + BAD)))
    assert job.status == ImportStatus.DONE
    assert (job.stored_visits, job.created_people, job.matched_people, job.error_rows) == (3, 3, 0, 3)
    stored = Visit.objects.filter(campaign=world.campaign).select_related("person").order_by("person__name")
    assert [(v.person.name, v.place, v.posyandu.code, v.weight_gain) for v in stored] == [
        ("Bagus Prakoso", "campaign", "PA1", "B"),
        ("Nur Aini", "campaign", "PA2", "B"),
        ("Sari Dewi", "campaign", "PA1", "B"),
    ]
    budi = Person.objects.get(name="Bagus Prakoso")
    assert budi.has_kia_book and budi.household is not None and budi.household.head_name == "Ahmad Fauzi"
    assert Person.objects.get(name="Nur Aini").nik == "6474016005240003"
    assert state()[:3] == (visits + 3, people + 3, households + 1)
    assert state()[4] == imports + 1
    event = AuditEvent.objects.get(verb="import_campaign")
    assert event.changes["sha256"] == [None, job.sha256] and event.changes["stored_visits"] == [None, 3]
    assert event.region_code == "64.74"


def test_all_or_nothing_with_a_bad_row_stores_nothing(world: Any) -> None:
    before = state()
    job = upload(world, "hasil.csv", csv_bytes(GOOD + BAD))
    with pytest.raises(ValidationError, match="Masih ada 3 baris bermasalah"):
        actions.start_import(world.users["kabupaten"], job, mode="all_or_nothing")
    # Rows can go bad between the check and the import (here: the campaign period changed); the import
    # then fails whole.
    clean = upload(world, "bersih.csv", csv_bytes(GOOD))
    assert clean.error_rows == 0
    actions.start_import(world.users["kabupaten"], clean, mode="all_or_nothing")
    clean.refresh_from_db()
    assert clean.status == ImportStatus.DONE
    world.campaign.refresh_from_db()
    type(world.campaign).objects.filter(pk=world.campaign.pk).update(end_date=datetime.date(2026, 8, 12))
    later = upload(
        world,
        "lagi.csv",
        csv_bytes(
            [
                row(
                    **dict(zip([c.key for c in sheets.COLUMNS], GOOD[2], strict=True))
                    | {"nik": "", "name": "Nur Aini Baru"}
                )
            ]
        ),
    )
    assert later.status == ImportStatus.VALIDATED and later.error_rows == 1
    middle = state()
    ImportJob.objects.filter(pk=later.pk).update(status=ImportStatus.IMPORTING, mode="all_or_nothing")
    failed = tasks.import_job(later.pk)
    assert failed.status == ImportStatus.FAILED
    assert "tidak ada yang disimpan" in failed.message
    assert state() == middle
    assert before[0] + 3 == middle[0]


def test_a_cancelled_import_stores_nothing(world: Any) -> None:
    before = state()
    job = upload(world, "hasil.csv", csv_bytes(GOOD))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.IMPORTING, mode="valid_rows")
    job.refresh_from_db()
    actions.cancel_import(world.users["kabupaten"], job)
    result = tasks.import_job(job.pk)
    assert result.status == ImportStatus.CANCELLED
    assert state() == before
    with pytest.raises(ValidationError):
        actions.cancel_import(world.users["kabupaten"], result)
    response = client_for(world.users["kabupaten"]).post(
        reverse("campaigns:job_start", args=[job.pk]), {"mode": "valid_rows"}
    )
    assert response.status_code == 302 and state() == before


def test_the_same_file_or_row_is_never_stored_twice(world: Any) -> None:
    content = xlsx_bytes(GOOD)
    first = run(world, upload(world, "hasil.xlsx", content))
    assert first.stored_visits == 3
    after_first = state()
    again = upload(world, "hasil-lagi.xlsx", content)
    assert again.status == ImportStatus.DUPLICATE
    assert "sudah diimpor" in again.message
    assert state() == after_first
    extra = row(
        posyandu="PA1",
        name="Tini",
        sex="P",
        birth_date="01-03-2025",
        mother_name="Yuli",
        date="14-08-2026",
        weight_kg="8,9",
    )
    overlap = run(world, upload(world, "tambahan.csv", csv_bytes([*GOOD, extra])))
    assert (overlap.status, overlap.skipped_rows, overlap.stored_visits, overlap.matched_people) == (
        ImportStatus.DONE,
        3,
        1,
        0,
    )
    assert Visit.objects.filter(campaign=world.campaign).count() == 4


def test_people_are_matched_by_nik_else_name_birth_date_and_mother(world: Any) -> None:
    admin = world.users["admin"]
    post = world.posyandu_a
    mother = register_person(
        admin, name="Rina Wati", sex="P", birth_date=datetime.date(1995, 1, 1), posyandu=post
    )
    by_name = register_person(
        admin,
        name="Bagus Prakoso",
        sex="L",
        birth_date=datetime.date(2025, 2, 3),
        posyandu=post,
        mother=mother,
    )
    by_nik = register_person(
        admin,
        name="Nur Aini Putri",
        nik="6474016005240003",
        sex="P",
        birth_date=datetime.date(2024, 5, 20),
        posyandu=world.posyandu_a2,
    )
    register_person(admin, name="Kembar Satu", sex="L", birth_date=datetime.date(2025, 4, 4), posyandu=post)
    register_person(
        admin,
        name="Kembar Satu",
        sex="L",
        birth_date=datetime.date(2025, 4, 4),
        posyandu=world.posyandu_a2,
    )
    register_person(
        admin,
        name="Anak Kubar",
        nik="6407014101250001",
        sex="P",
        birth_date=datetime.date(2025, 1, 1),
        posyandu=world.posyandu_b,
    )
    rows_ = [
        row(
            posyandu="PA1",
            name="bagus  PRAKOSO",
            sex="L",
            birth_date="03-02-2025",
            mother_name="Rina Wati",
            date="12-08-2026",
            weight_kg="9,6",
        ),
        row(
            posyandu="PA2",
            nik="6474016005240003",
            name="Nur Aini",
            sex="P",
            birth_date="20-05-2024",
            date="13-08-2026",
            weight_kg="9,8",
        ),
        row(
            posyandu="PA1",
            name="Bagus Prakoso",
            sex="L",
            birth_date="03-02-2025",
            mother_name="Siti",
            date="12-08-2026",
            weight_kg="9,1",
        ),
        row(
            posyandu="PA1",
            name="Kembar Satu",
            sex="L",
            birth_date="04-04-2025",
            date="12-08-2026",
            weight_kg="9",
        ),
        row(
            posyandu="PA1",
            nik="6407014101250001",
            name="Anak Kubar",
            sex="P",
            birth_date="01-01-2025",
            date="12-08-2026",
            weight_kg="9",
        ),
        row(
            posyandu="PA1",
            nik="6474016005240003",
            name="Nur Aini",
            sex="P",
            birth_date="21-05-2024",
            date="12-08-2026",
            weight_kg="9",
        ),
    ]
    job = run(world, upload(world, "cocok.csv", csv_bytes(rows_)))
    assert list(job.issues.values_list("row", "message")) == [
        (5, "Lebih dari satu anak terdaftar dengan nama, tanggal lahir dan ibu yang sama. Isi NIK anak."),
        (6, "NIK ini tidak dapat dipakai. Periksa kembali NIK atau hubungi petugas puskesmas/desa."),
        (7, "NIK ini terdaftar atas nama Nur Aini Putri dengan tanggal lahir 20-05-2024."),
    ]
    stored = dict(Visit.objects.filter(campaign=world.campaign).values_list("weight_kg", "person_id"))
    assert stored[Decimal("9.60")] == by_name.pk
    assert stored[Decimal("9.80")] == by_nik.pk
    assert stored[Decimal("9.10")] not in {by_name.pk, by_nik.pk}  # another mother: another child
    assert (job.matched_people, job.created_people) == (2, 1)


def test_a_campaign_visit_gets_the_same_results_as_a_posyandu_visit(world: Any) -> None:
    """The bulk path (arrays of z-scores) and visits.actions.record_visit agree on every computed field."""
    admin = world.users["admin"]
    cases = [
        # (birth date, July weight or None, August values)
        (
            datetime.date(2025, 2, 3),
            "9.40",
            {"weight_kg": "9.45", "length_height_cm": "76.5", "position": "l"},
        ),
        (
            datetime.date(2024, 1, 10),
            "7.20",
            {"weight_kg": "7.60", "length_height_cm": "72.0", "position": "h", "muac_cm": "11.2"},
        ),
        (datetime.date(2023, 9, 1), None, {"weight_kg": "12.0", "length_height_cm": "55.0", "position": "h"}),
        (datetime.date(2026, 6, 1), None, {"weight_kg": "5.1"}),
        # Weighed in June, not in July: O.
        (datetime.date(2025, 3, 1), (datetime.date(2026, 6, 12), "9.00"), {"weight_kg": "9.40"}),
        # +3.5 kg in a month: held as "perlu dicek ulang" on both paths.
        (datetime.date(2024, 6, 1), "8.00", {"weight_kg": "11.50"}),
    ]
    pairs = []
    sheet_rows = []
    for i, (born, july, values) in enumerate(cases):
        twins = [
            register_person(
                admin,
                name=f"Anak {i} {side}",
                sex="P" if i % 2 else "L",
                birth_date=born,
                posyandu=world.posyandu_a,
            )
            for side in ("A", "B")
        ]
        if july:
            day, weight = july if isinstance(july, tuple) else (datetime.date(2026, 7, 12), july)
            for child in twins:
                record_visit(admin, child, day, {"weight_kg": Decimal(weight)})
        recorded = record_visit(
            admin,
            twins[1],
            datetime.date(2026, 8, 12),
            {k: v if k == "position" else Decimal(v) for k, v in values.items()},
        )
        sheet_rows.append(
            row(
                posyandu="PA1",
                name=twins[0].name,
                sex=twins[0].sex,
                birth_date=f"{born:%d-%m-%Y}",
                date="12-08-2026",
                weight_kg=values["weight_kg"],
                length_height_cm=values.get("length_height_cm", ""),
                position={"l": "Berbaring", "h": "Berdiri"}.get(values.get("position", ""), ""),
                muac_cm=values.get("muac_cm", ""),
            )
        )
        pairs.append((twins[0], recorded))
    job = run(world, upload(world, "setara.csv", csv_bytes(sheet_rows)))
    assert job.stored_visits == len(cases) and job.error_rows == 0
    for child, recorded in pairs:
        imported = Visit.objects.get(person=child, campaign=world.campaign)
        assert {f: getattr(imported, f) for f in COMPUTED_FIELDS} == {
            f: getattr(recorded, f) for f in COMPUTED_FIELDS
        }
        assert hasattr(imported, "referral") == hasattr(recorded, "referral")
    statuses = [Visit.objects.get(person=c, campaign=world.campaign).weight_gain for c, _r in pairs]
    assert statuses == ["T", "N", "B", "B", "O", "N"]
    held = [Visit.objects.get(person=c, campaign=world.campaign).check_status for c, _r in pairs]
    assert held == ["", "", "held", "", "", "held"]  # 55 cm at three (WHO flag); +3.5 kg in a month


def test_job_page_polls_while_running_and_stops_after(world: Any) -> None:
    job = upload(world, "hasil.csv", csv_bytes(GOOD))
    client = client_for(world.users["kabupaten"])
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.VALIDATING, processed_rows=1)
    partial = client.get(reverse("campaigns:job", args=[job.pk]), headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert 'hx-trigger="every 1s"' in html and 'value="33"' in html and "<html" not in html
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.VALIDATED)
    done = client.get(
        reverse("campaigns:job", args=[job.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "hx-trigger" not in done


def test_coverage_and_prevalence_of_the_campaign(world: Any, django_assert_num_queries: Any) -> None:
    register_person(
        world.users["admin"],
        name="Belum Ditimbang",
        sex="L",
        birth_date=datetime.date(2025, 5, 5),
        posyandu=world.posyandu_a,
    )
    run(world, upload(world, "hasil.csv", csv_bytes(GOOD)))
    client = client_for(world.users["kabupaten"])
    url = reverse("campaigns:detail", args=[world.campaign.pk])
    with django_assert_num_queries(11):
        response = client.get(url)
    total = response.context["total"]
    # Target: the three imported children, one not weighed and the world's Budi.
    assert (total.target, total.measured, total.coverage_pct) == (5, 3, 60.0)
    assert [(r.key, r.target, r.measured) for r in response.context["rows"]] == [("64.74.01", 5, 3)]
    stunting = total.prevalence["stunting"]
    assert (stunting.measured, stunting.registered) == (2, 5)  # Nur Aini has no length
    kecamatan = client.get(url + "?wilayah=" + world.desa_a.code)
    assert [(r.name, r.target, r.measured) for r in kecamatan.context["rows"]] == [("Posyandu Melati", 4, 2)]
    listed = client.get(
        reverse("reports:children") + f"?wilayah=64.74&kampanye={world.campaign.pk}&indikator=measured"
    )
    assert listed.context["page"].paginator.count == 3


def dimas_row(nik: str) -> list[Any]:
    """A child not in the register yet, weighed on 14 August."""
    return row(
        posyandu="PA1",
        nik=nik,
        name="Dimas",
        sex="L",
        birth_date="12-01-2025",
        date="14-08-2026",
        weight_kg="9,5",
    )


def test_the_import_reuses_the_check_unless_something_it_read_changed(world: Any, monkeypatch: Any) -> None:

    checks: list[str] = []
    check_rows = check.check_rows

    def counted(actor: Any, *args: Any, **kwargs: Any) -> Any:
        checks.append(actor.username)
        return check_rows(actor, *args, **kwargs)

    monkeypatch.setattr(check, "check_rows", counted)
    # Nothing written since the check: the import rests on it, and the kept result is removed afterwards.
    job = upload(world, "hasil.csv", csv_bytes(GOOD))
    assert checks == ["kabupaten"] and default_storage.exists(kept._path(job))
    done = run(world, job)
    assert (done.status, done.stored_visits, done.created_people) == (ImportStatus.DONE, 3, 3)
    assert checks == ["kabupaten"] and not default_storage.exists(kept._path(job))

    # A child registered with her NIK after the check: the import checks again and matches her instead of
    # creating her twice.
    dimas = dimas_row("6474011201250001")
    job = upload(world, "dimas.csv", csv_bytes([dimas]))
    assert job.valid_rows == 1
    registered = register_person(
        world.users["admin"],
        name="Dimas Saputra",
        nik="6474011201250001",
        sex="L",
        birth_date=datetime.date(2025, 1, 12),
        posyandu=world.posyandu_a,
    )
    done = run(world, job)
    assert checks == ["kabupaten", "kabupaten", "kabupaten"]
    assert (done.status, done.created_people, done.matched_people) == (ImportStatus.DONE, 0, 1)
    assert Visit.objects.get(campaign=world.campaign, date=datetime.date(2026, 8, 14)).person == registered

    # Started by someone else than the uploader (whose area may differ): checked again, as them.
    tini = row(
        posyandu="PA1", name="Tini", sex="P", birth_date="02-03-2025", date="15-08-2026", weight_kg="8,8"
    )
    job = upload(world, "tini.csv", csv_bytes([tini]))
    done = run(world, job, user="admin")
    assert checks[-2:] == ["kabupaten", "admin"] and done.stored_visits == 1

    # A kept result that cannot be read (damaged, or kept by an older version): checked again.
    rina = row(
        posyandu="PA1", name="Rina", sex="P", birth_date="02-04-2025", date="16-08-2026", weight_kg="8,1"
    )
    job = upload(world, "rina.csv", csv_bytes([rina]))
    with default_storage.open(kept._path(job), "wb") as damaged:
        damaged.write(b"not JSON")
    done = run(world, job)
    assert checks[-2:] == ["kabupaten", "kabupaten"] and done.stored_visits == 1


class _Payload:
    """Pickled, it runs os.mkdir(marker) when loaded."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.mkdir, (self.marker,))


def test_a_kept_check_holding_a_pickle_is_never_unpickled(
    world: Any, monkeypatch: Any, tmp_path: Path
) -> None:

    checks: list[str] = []
    check_rows = check.check_rows

    def counted(actor: Any, *args: Any, **kwargs: Any) -> Any:
        checks.append(actor.username)
        return check_rows(actor, *args, **kwargs)

    monkeypatch.setattr(check, "check_rows", counted)
    job = upload(world, "hasil.csv", csv_bytes(GOOD))
    with default_storage.open(kept._path(job)) as handle:
        assert handle.read().startswith(b'{"format": 4, "checked": {"$Checked": [3, ')
    marker = tmp_path / "dijalankan"
    with default_storage.open(kept._path(job), "wb") as planted:
        planted.write(pickle.dumps({"format": kept.FORMAT, "checked": _Payload(str(marker))}))
    done = run(world, job)
    assert not marker.exists()  # the payload was not run
    assert checks == ["kabupaten", "kabupaten"]  # checked again instead
    assert (done.status, done.stored_visits) == (ImportStatus.DONE, 3)


def test_a_kept_check_reads_back_as_the_check_made_it(world: Any) -> None:
    rows = [
        *GOOD,
        row(posyandu="PA1", name="Sa", sex="X", birth_date="31-02-2025", date="14-08-2026", weight_kg="ab"),
    ]
    content = csv_bytes(rows)
    job = upload(world, "hasil.csv", content)
    user, today = world.users["kabupaten"], timezone.localdate()
    taken = kept.take(job, user.pk, today)
    again = check.check_rows(user, world.campaign, "hasil.csv", content, today=today)
    assert taken is not None and taken == again
    assert taken.error_lines and taken.issues and any(r.new_key for r in taken.valid)
    assert isinstance(taken.valid[0].parsed.weight_kg, Decimal) and isinstance(taken.error_lines, set)


def test_results_kept_on_an_earlier_day_are_removed(world: Any) -> None:

    stale = default_storage.save("campaigns/2026/10/lama.job1.checked", ContentFile(b"x"))
    fresh = default_storage.save("campaigns/2026/10/baru.job2.checked", ContentFile(b"x"))
    two_days_ago = time.time() - 2 * 86400
    os.utime(default_storage.path(stale), (two_days_ago, two_days_ago))
    job = upload(world, "hasil.csv", csv_bytes(GOOD))  # its check keeps a result and clears the stale ones
    assert not default_storage.exists(stale)
    assert default_storage.exists(fresh) and default_storage.exists(kept._path(job))


def test_a_change_outside_the_audit_log_that_breaks_the_kept_check_is_checked_again(world: Any) -> None:
    dimas = dimas_row("6474011201250002")
    job = upload(world, "dimas.csv", csv_bytes([dimas]))
    # Written outside the actions (no audit event): the kept check still takes Dimas for a new child, and
    # creating him again would break the unique NIK. The import writes nothing, checks again and matches him.
    registered = Person.objects.create(
        name="Dimas Saputra",
        nik="6474011201250002",
        sex="L",
        birth_date=datetime.date(2025, 1, 12),
        posyandu=world.posyandu_a,
        desa_id=world.posyandu_a.desa_id,
    )
    done = run(world, job)
    assert (done.status, done.created_people, done.matched_people) == (ImportStatus.DONE, 0, 1)
    assert Visit.objects.get(campaign=world.campaign, date=datetime.date(2026, 8, 14)).person == registered
    assert Person.objects.filter(nik="6474011201250002").count() == 1


def test_an_impossible_weight_is_refused_and_an_implausible_gain_imported_held(world: Any) -> None:
    """rules.plausibility in the import: 95 kg for a one-year-old is in the error report with the value meant;
    a gain of 3.5 kg in a month is imported held, listed as a warning and counted in no SKDN letter."""
    admin = world.users["admin"]
    known = register_person(
        admin,
        name="Dimas",
        sex="L",
        birth_date=datetime.date(2024, 8, 1),
        posyandu=world.posyandu_a,
    )
    record_visit(admin, known, datetime.date(2026, 7, 12), {"weight_kg": Decimal("8.0")})
    august = datetime.date(2026, 8, 1)
    posyandu = {world.posyandu_a.pk: world.posyandu_a.desa_id}
    (before,) = compute_monthly(posyandu, [august])
    sheet = [
        GOOD[0],
        row(
            posyandu="PA1",
            name="Rizky",
            sex="L",
            birth_date="10-08-2025",
            mother_name="Tuti",
            date="12-08-2026",
            weight_kg="95",
        ),
        row(
            posyandu="PA1",
            name="Dimas",
            sex="L",
            birth_date="01-08-2024",
            date="12-08-2026",
            weight_kg="11,5",
        ),
    ]
    job = upload(world, "berat.csv", csv_bytes(sheet))
    assert (job.valid_rows, job.error_rows) == (2, 1)
    assert [(i.row, i.column, i.message) for i in job.issues.all()] == [
        (
            3,
            "Berat badan (kg)",
            "Berat badan 95 kg tidak mungkin untuk anak umur 12 bulan (BB/U z = 62,99). "
            "Maksud Anda 9,5 kg? Periksa kembali.",
        )
    ]
    job = run(world, job)
    assert (job.status, job.stored_visits, job.error_rows) == (ImportStatus.DONE, 2, 1)
    assert not Person.objects.filter(name="Rizky").exists()
    held = Visit.objects.get(person=known, campaign=world.campaign)
    assert (held.check_status, held.weight_gain) == ("held", "N")
    assert [(i.row, i.column, i.message) for i in job.issues.all()][1:] == [
        (
            4,
            "Hasil ukur",
            "Diimpor, tetapi belum dihitung sampai dipastikan benar: Perlu dicek ulang: kenaikan berat badan "
            "sebulan tidak wajar (8 → 11,5 kg (+3,5 kg > 3 kg))",
        )
    ]
    assert AuditEvent.objects.get(verb="import_campaign").changes["held_visits"] == [None, 1]
    (after,) = compute_monthly(posyandu, [august])
    # Bagus counts (B); the held gain counts in neither D nor N; the refused row was never stored.
    assert (after.d, after.n, after.b) == (before.d + 1, before.n, before.b + 1)
    page = client_for(world.users["kabupaten"]).get(reverse("campaigns:job", args=[job.pk])).content.decode()
    assert "Diimpor, tetapi belum dihitung sampai dipastikan benar" in page


def test_a_child_the_kader_weighed_that_day_at_that_posyandu_is_skipped(world: Any) -> None:
    """One visit per person, day and posyandu (visits' constraint): the campaign row of a child weighed
    at PA1 that day counts as stored already, like a row of an earlier import."""
    admin = world.users["admin"]
    child = register_person(
        admin,
        name="Sari Dewi",
        sex="P",
        birth_date=datetime.date(2025, 2, 3),
        posyandu=world.posyandu_a,
    )
    weighed = record_visit(admin, child, datetime.date(2026, 8, 12), {"weight_kg": Decimal("9.40")})
    sheet = [
        row(
            posyandu="PA1",
            name="Sari Dewi",
            sex="P",
            birth_date="03-02-2025",
            date="12-08-2026",
            weight_kg="9,5",
        )
    ]
    job = run(world, upload(world, "sama-hari.csv", csv_bytes(sheet)))
    assert (job.status, job.skipped_rows, job.stored_visits, job.error_rows) == (ImportStatus.DONE, 1, 0, 0)
    assert list(Visit.objects.filter(person=child).values_list("pk", "weight_kg")) == [
        (weighed.pk, Decimal("9.40"))
    ]
