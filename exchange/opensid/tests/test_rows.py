"""Rows that meet the register: matched by NIK or by name, date of birth and mother; refused with their reason
in Indonesian; the command line; a failed import leaves the database as it was."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from exchange.opensid import write
from exchange.opensid.actions import import_file
from exchange.opensid.codes import COLUMNS
from exchange.opensid.models import ExportImport, Outcome, Resident
from exchange.opensid.sheet import Refused, parse_row
from exchange.opensid.tests.export_maker import TODAY, make_rows, quirky, to_csv, to_xlsx
from people.models import Household, Person
from tests.test_url_access import database_fingerprint


def sheet_of(*rows: dict[str, Any]) -> bytes:
    lines = [list(COLUMNS), *[[row.get(c, "") for c in COLUMNS] for row in rows]]
    return to_csv(lines)


def family_of(world: Any) -> list[dict[str, Any]]:
    """The world's household as OpenSID knows it: Dewi by NIK, Budi without NIK, by name and mother."""
    base = {"dusun": "KRAJAN", "rw": "01", "rt": "003", "alamat": "Jl. Melati 3", "no_kk": "6474010101200001"}
    dewi = base | {
        "nama": "DEWI LESTARI",
        "nik": "6474015505950001",
        "sex": "2",
        "tanggallahir": "15-05-1995",
        "kk_level": "3",
        "hamil": "1",
        "cara_kb_id": "100",
    }
    budi = base | {
        "nama": "Budi Santoso",
        "nik": "0",
        "sex": "L",
        "tanggallahir": f"{world.child_a.birth_date:%d/%m/%Y}",
        "kk_level": "4",
        "nama_ibu": "Dewi Lestari",
    }
    return [dewi, budi]


@pytest.mark.django_db
def test_registered_people_are_matched_not_duplicated(world: Any) -> None:
    people = Person.objects.count()
    done = import_file(
        world.users["desa_a"],
        world.desa_a,
        name="keluarga.csv",
        content=sheet_of(*family_of(world)),
        today=TODAY,
    )
    lines = {name: (outcome, reason) for _row, outcome, name, reason in done.plan.lines()}
    assert lines["DEWI LESTARI"] == (Outcome.MATCH, "Sudah terdaftar (cocok menurut NIK).")
    assert lines["Budi Santoso"] == (
        Outcome.MATCH,
        "Sudah terdaftar (cocok menurut nama, tanggal lahir dan ibu).",
    )
    assert Person.objects.count() == people
    assert Resident.objects.get(name="Budi Santoso").person_id == world.child_a.pk
    # Dewi is pregnant in OpenSID and her pregnancy is in the register: nothing for the bidan to complete.
    page_pregnant = Resident.objects.get(name="DEWI LESTARI")
    assert page_pregnant.pregnant and page_pregnant.person_id == world.mother_a.pk


@pytest.mark.django_db
def test_refused_rows_say_why_in_indonesian(world: Any) -> None:
    elsewhere = Household.objects.create(
        kk_number="6407010101200009", head_name="Lain", posyandu=world.posyandu_b, desa=world.desa_b
    )
    base = {
        "dusun": "KRAJAN",
        "rw": "01",
        "rt": "1",
        "sex": "1",
        "tanggallahir": "01-01-1990",
        "kk_level": "1",
    }
    rows = [
        base | {"nama": "Angka Ilmiah", "nik": "6.47401E+15", "no_kk": "6474010101209999"},
        base | {"nama": "KK Desa Lain", "nik": "6474010101900002", "no_kk": elsewhere.kk_number},
        base | {"nama": "Tanpa Kelamin", "nik": "6474010101900003", "no_kk": "6474010101209999", "sex": "X"},
        base | {"nama": "Dewi Kedua", "nik": world.mother_a.nik, "no_kk": "6474010101209999", "sex": "2"},
        base | {"nama": "Dewi Ketiga", "nik": world.mother_a.nik, "no_kk": "6474010101209999", "sex": "2"},
    ]
    checked = import_file(
        world.users["desa_a"],
        world.desa_a,
        name="e.csv",
        content=sheet_of(*rows),
        today=TODAY,
        check_only=True,
    )
    reasons = {
        name: reason for _row, outcome, name, reason in checked.plan.lines() if outcome == Outcome.REFUSE
    }
    assert reasons["Angka Ilmiah"].startswith("NIK tertulis sebagai angka ilmiah (6.47401E+15)")
    assert reasons["KK Desa Lain"] == "No. KK ini terdaftar di desa/kelurahan lain di register."
    assert reasons["Tanpa Kelamin"] == "Jenis kelamin “X” tidak dikenali (1/L laki-laki, 2/P perempuan)."
    assert reasons["Dewi Ketiga"] == "Penduduk yang sama sudah ada di baris 5."


def test_opensid_quirks_are_read_as_opensid_means_them() -> None:
    row = parse_row(
        2,
        {
            "nama": " Siti  Aminah ",
            "nik": 6474014101900001,
            "no_kk": "'6474010101200001",
            "sex": "PEREMPUAN",
            "tanggallahir": 32874,
            "dusun": "DUSUN_SUKA_MAJU",
            "rw": "-",
            "rt": 3.0,
            "status_dasar": "PINDAH DALAM NEGERI",
            "hamil": "Hamil",
            "cara_kb_id": "Suntik",
        },
        TODAY,
    )
    assert not isinstance(row, Refused)
    assert (row.name, row.nik, row.kk_number, row.sex) == (
        "Siti Aminah",
        "6474014101900001",
        "6474010101200001",
        "P",
    )
    assert row.birth_date.isoformat() == "1990-01-01"
    assert (row.dusun, row.rw, row.rt) == ("SUKA MAJU", "", "3")
    assert (row.status_dasar, row.pregnant, row.kb_method) == (3, True, 3)
    no_nik = parse_row(
        3, {"nama": "Bayi", "nik": "0", "sex": "1", "tanggallahir": "2026-11-01", "rt": "1", "rw": "1"}, TODAY
    )
    assert not isinstance(no_nik, Refused) and no_nik.nik == ""
    future = parse_row(
        4, {"nama": "X", "sex": "1", "tanggallahir": "01-01-2030", "rt": "1", "rw": "1"}, TODAY
    )
    assert isinstance(future, Refused) and future.reason == "Tanggal lahir 01-01-2030 tidak mungkin."


@pytest.mark.django_db
def test_the_command_line_checks_and_imports(world: Any, tmp_path: Any) -> None:
    path = tmp_path / "penduduk.xlsx"
    rows = make_rows(40, seed=5)
    path.write_bytes(to_xlsx(quirky(rows)))
    before = Person.objects.count()
    out = io.StringIO()
    call_command("import_opensid", str(path), "--desa", world.desa_a.code, "--check", stdout=out)
    alive = sum(1 for r in rows if r["status_dasar"] == 1)
    assert "Diperiksa (tidak ada yang disimpan)" in out.getvalue()
    assert f"Menunggu posyandu: {alive}" in out.getvalue()
    assert Person.objects.count() == before
    out = io.StringIO()
    call_command("import_opensid", str(path), "--desa", world.desa_a.code, stdout=out)
    assert f"Diimpor: {world.desa_a.display_name}" in out.getvalue()
    assert Resident.objects.filter(desa=world.desa_a).waiting().count() == alive
    assert ExportImport.objects.filter(desa=world.desa_a, status="done").count() == 1


@pytest.mark.django_db
def test_a_failed_import_leaves_the_database_as_it_was(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from exchange.opensid.actions import assign_posyandu
    from regions.actions import create_local_unit

    admin = world.users["admin"]
    for name in ("Krajan", "Sukamaju", "Tengah"):
        assign_posyandu(admin, create_local_unit(admin, world.desa_a, "dusun", name, None), world.posyandu_a)
    before = database_fingerprint()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(write, "_keep_residents", broken)  # after people and households were inserted
    with pytest.raises(RuntimeError):
        import_file(admin, world.desa_a, name="p.xlsx", content=to_xlsx(quirky(make_rows(50))), today=TODAY)
    assert database_fingerprint() == before


@pytest.mark.django_db
def test_a_desa_without_any_posyandu_imports_and_waits_for_one(world: Any) -> None:
    from exchange.opensid.actions import assign_posyandu
    from posyandu.actions import register_posyandu
    from posyandu.models import Posyandu
    from regions.models import LocalUnit, Region

    desa = (
        Region.objects.filter(parent_id=world.desa_a.parent_id, level=4)
        .exclude(pk__in=Posyandu.objects.values("desa_id"))
        .order_by("code")
        .first()
    )
    assert desa is not None
    officer = world.users["kecamatan"]
    rows = make_rows(30, seed=11)
    done = import_file(officer, desa, name="desa-baru.xlsx", content=to_xlsx(quirky(rows)), today=TODAY)
    alive = sum(1 for r in rows if r["status_dasar"] == 1)
    assert done.plan.counts()[Outcome.WAIT] == alive
    assert not Person.objects.filter(desa=desa).exists()
    post = register_posyandu(world.users["admin"], code="PN1", name="Kenanga", desa=desa, opening_day=5)
    for unit in LocalUnit.objects.filter(desa=desa, kind="dusun"):
        assign_posyandu(officer, unit, post)
    assert Person.objects.filter(desa=desa, posyandu=post).count() == alive
    assert not Resident.objects.filter(desa=desa).waiting().exists()


@pytest.mark.django_db
def test_a_nik_given_since_the_last_export_keeps_one_record(world: Any) -> None:
    desa_user = world.users["desa_a"]
    dewi, budi = family_of(world)
    import_file(desa_user, world.desa_a, name="a.csv", content=sheet_of(dewi, budi), today=TODAY)
    budi_nik = f"647401{world.child_a.birth_date:%d%m%y}0007"
    newer = import_file(
        desa_user, world.desa_a, name="b.csv", content=sheet_of(dewi, budi | {"nik": budi_nik}), today=TODAY
    )
    assert {(name, outcome) for _r, outcome, name, _why in newer.plan.lines()} == {
        ("DEWI LESTARI", Outcome.UNCHANGED),
        ("Budi Santoso", Outcome.MATCH),
    }
    world.child_a.refresh_from_db()
    assert world.child_a.nik == budi_nik
    assert list(Resident.objects.filter(name="Budi Santoso").values_list("key", flat=True)) == [
        f"nik:{budi_nik}"
    ]
