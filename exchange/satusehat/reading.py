"""Which visits go to SATUSEHAT, and each one as the builder's plain data (`bundle.VisitData`)."""

from __future__ import annotations

from django.db.models import F, Q

from exchange.satusehat.bundle import Facility as FacilityData
from exchange.satusehat.bundle import PatientData, VisitData
from exchange.satusehat.models import Facility, SubmissionStatus
from rules.life_stage import Stage
from visits.models import Position, Visit, VisitQuerySet

# The child visits (under six: the KMS ages) and every check of a pregnancy (issue 15, point 2).
CHILD_STAGES = (Stage.BAYI, Stage.BALITA, Stage.APRAS)
EXPORTED = Q(life_stage__in=CHILD_STAGES) | Q(pregnancy__isnull=False)
# Never sent successfully, or corrected since (the visit's side of `models.OUTDATED`).
PENDING = (
    Q(satusehat_submission__isnull=True)
    | ~Q(satusehat_submission__status=SubmissionStatus.SENT)
    | Q(updated_at__gt=F("satusehat_submission__visit_updated_at"))
)


POSITION_LYING: dict[str, bool] = {Position.LYING: True, Position.STANDING: False}


def exported(visits: VisitQuerySet) -> VisitQuerySet:
    """The visits SATUSEHAT receives: children's and pregnancy checks, not held as "perlu dicek ulang"
    (a held measurement counts nowhere until confirmed, docs/architecture.md "The posyandu day")."""
    return visits.counted().filter(EXPORTED)


def pending(visits: VisitQuerySet) -> VisitQuerySet:
    """The exported visits still to send, oldest first."""
    return (
        exported(visits)
        .filter(PENDING)
        .select_related("person", "posyandu", "satusehat_submission")
        .order_by("date", "pk")
    )


def visit_data(visit: Visit, facility: Facility | None) -> VisitData:
    person = visit.person
    return VisitData(
        visit_id=visit.pk,
        date=visit.date,
        patient=PatientData(nik=person.nik, name=person.name, sex=person.sex, birth_date=person.birth_date),
        posyandu_name=visit.posyandu.name,
        facility=None
        if facility is None
        else FacilityData(
            organization_id=facility.organization_id, location_id=facility.location_id, name=facility.name
        ),
        weight_kg=visit.weight_kg,
        length_height_cm=visit.length_height_cm,
        lying=POSITION_LYING.get(visit.position),
        head_circumference_cm=visit.head_circumference_cm,
        muac_cm=visit.muac_cm,
        waist_cm=visit.waist_cm,
        systolic_mmhg=visit.systolic_mmhg,
        diastolic_mmhg=visit.diastolic_mmhg,
        glucose_mg_dl=visit.glucose_mg_dl,
        glucose_fasting=visit.glucose_fasting,
        hb_g_dl=visit.hb_g_dl,
    )
