"""The OpenSID import end to end on a generated export of 3,000 residents with OpenSID's quirks: the check,
the import, the same file again (nothing changes), a newer export (one moved, one died, a new birth)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from audit.models import AuditEvent
from exchange.opensid.actions import assign_posyandu, import_file
from exchange.opensid.models import ExportImport, Outcome, Resident
from exchange.opensid.tests.export_maker import TODAY, make_rows, quirky, to_xlsx
from people.models import Household, Person, PersonStatus
from regions.actions import create_local_unit
from regions.models import LocalUnit


def serve_every_dusun(world: Any) -> None:
    admin = world.users["admin"]
    for name in ("Krajan", "Sukamaju", "Tengah"):
        unit = create_local_unit(admin, world.desa_a, "dusun", name, None)
        assign_posyandu(admin, unit, world.posyandu_a)


def register_counts() -> tuple[int, int, int]:
    register_events = AuditEvent.objects.filter(object_key__regex=r"^people\.(person|household):")
    return Person.objects.count(), Household.objects.count(), register_events.count()


@pytest.mark.django_db
def test_a_desa_export_is_checked_imported_and_imported_again_without_change(world: Any) -> None:
    serve_every_dusun(world)
    actor = world.users["desa_a"]
    rows = make_rows(3000)
    content = to_xlsx(quirky(rows))
    before = register_counts()

    checked = import_file(
        actor, world.desa_a, name="penduduk.xlsx", content=content, today=TODAY, check_only=True
    )
    counts = checked.plan.counts()
    assert register_counts() == before  # a check writes nothing to the register
    alive = sum(1 for r in rows if r["status_dasar"] == 1)
    assert counts[Outcome.CREATE] == alive
    assert counts[Outcome.SKIP] == len(rows) - alive
    assert counts[Outcome.REFUSE] == 0

    done = import_file(actor, world.desa_a, name="penduduk.xlsx", content=content, today=TODAY)
    assert done.job.is_done and done.written is not None
    assert done.written.created_people == alive
    families = {r["no_kk"] for r in rows if r["status_dasar"] == 1}
    assert done.written.created_households == len(families)
    imported = Person.objects.filter(desa=world.desa_a).exclude(pk__in=[world.mother_a.pk, world.child_a.pk])
    assert imported.count() == alive
    assert imported.filter(nik__isnull=True).count() == sum(
        1 for r in rows if r["status_dasar"] == 1 and r["nik"] in ("", "0")
    )
    # Every child of a family whose mother lives is linked to her, by ibu_nik or by name.
    children = [r for r in rows if r["kk_level"] == 4 and r["status_dasar"] == 1]
    linked = imported.filter(mother__isnull=False).count()
    assert linked == len(children)
    # Pregnant women are flagged for the bidan (the register needs an HPHT OpenSID does not know).
    assert Resident.objects.filter(pregnant=True).count() == sum(
        1 for r in rows if r.get("hamil") == 1 and r["status_dasar"] == 1
    )
    assert LocalUnit.objects.filter(desa=world.desa_a, kind="rt").count() > 0

    after_first = register_counts()
    again = import_file(actor, world.desa_a, name="penduduk.xlsx", content=content, today=TODAY)
    assert register_counts() == after_first
    again_counts = again.plan.counts()
    assert again_counts[Outcome.UNCHANGED] == alive
    assert again_counts[Outcome.CREATE] == again_counts[Outcome.UPDATE] == 0

    # A newer export: one moved, one died, a new birth.
    newer = [dict(r) for r in rows]
    mover = next(r for r in newer if r["kk_level"] == 1 and r["status_dasar"] == 1)
    dead = next(r for r in newer if r["kk_level"] == 4 and r["status_dasar"] == 1 and r["nik"])
    mover["status_dasar"] = 3
    dead["status_dasar"] = 2
    mother = next(r for r in newer if r["kk_level"] == 3 and r["status_dasar"] == 1)
    baby_birth = TODAY - datetime.timedelta(days=20)
    newer.append(
        mother
        | {
            "nama": "Bayi Baru Lahir",
            "nik": "",
            "sex": 1,
            "tanggallahir": baby_birth,
            "kk_level": 4,
            "ibu_nik": mother["nik"],
            "nama_ibu": mother["nama"],
            "hamil": None,
            "cara_kb_id": None,
        }
    )
    update = import_file(
        actor, world.desa_a, name="penduduk-desember.xlsx", content=to_xlsx(quirky(newer)), today=TODAY
    )
    newer_counts = update.plan.counts()
    assert newer_counts[Outcome.UPDATE] == 2
    assert newer_counts[Outcome.CREATE] == 1
    people, households, _events = register_counts()
    assert (people, households) == (after_first[0] + 1, after_first[1])
    assert Person.objects.get(nik=mover["nik"]).status == PersonStatus.MOVED
    assert Person.objects.get(nik=dead["nik"]).status == PersonStatus.DIED
    baby = Person.objects.get(name="Bayi Baru Lahir")
    assert baby.mother is not None and baby.mother.nik == mother["nik"]
    assert ExportImport.objects.filter(desa=world.desa_a, status="done").count() == 3
