"""Every write of the posyandu day: opening days, visits (with their computed results), services,
immunisations and the referral follow-up.

A visit's results are computed here from its raw measurements whenever it is recorded or corrected, and the
next month's weight-gain status of the same child is recomputed with it (N/T/O/B depends on the month
before)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import ensure_can_write
from audit import log
from audit.retries import idempotent
from monthly.locks import ensure_month_open
from people.models import Person, Pregnancy, PregnancyOutcome
from rules import assessment, life_stage, months, plausibility, rulesets, screening
from rules.immunisation import BY_CODE, SCHEDULE
from rules.referral_urgency import urgency
from visits.access import may_follow_up_referral
from visits.models import (
    CheckStatus,
    Immunisation,
    OpeningDay,
    Place,
    Referral,
    ReferralStatus,
    ReferralUpdate,
    Service,
    ServiceKind,
    Visit,
    register_rule_versions,
)

if TYPE_CHECKING:
    from accounts.models import User
    from posyandu.models import Kader

MEASUREMENT_FIELDS = (
    "weight_kg",
    "length_height_cm",
    "position",
    "head_circumference_cm",
    "muac_cm",
    "oedema",
    "waist_cm",
    "systolic_mmhg",
    "diastolic_mmhg",
    "glucose_mg_dl",
    "glucose_fasting",
    "hb_g_dl",
    "iron_tablets",
    "puma_score",
    "srq_score",
    "skilas",
    "adl_score",
    "kb_status",
    "kb_method",
    "notes",
)


def rules() -> screening.RuleSet:
    """The screening rule set in force: the national default, or the one configured in settings under its
    own version (the one loader, `rules.rulesets`)."""
    try:
        return rulesets.in_force(rulesets.SCREENING, settings)
    except rulesets.RuleSetError as error:
        raise ImproperlyConfigured(str(error)) from error


@transaction.atomic
@idempotent
def open_day(
    actor: User,
    posyandu: Any,
    date: datetime.date,
    kader: Iterable[Kader] = (),
    health_workers: str = "",
    notes: str = "",
    *,
    client_uuid: uuid.UUID | None = None,
) -> OpeningDay:
    opened = OpeningDay.objects.filter(posyandu=posyandu, date=date)
    if opened.exists():
        raise ValidationError({"date": _("Hari buka pada tanggal ini sudah dicatat.")})
    day = OpeningDay(posyandu=posyandu, date=date, health_workers=health_workers, notes=notes)
    try:
        with transaction.atomic():
            return log.create(
                actor,
                "open_day",
                day,
                region_code=posyandu.desa_id,
                posyandu_id=posyandu.pk,
                client_uuid=client_uuid,
                m2m={"kader_on_duty": list(kader)},
            )
    except (IntegrityError, ValidationError):
        # Two kader of the posyandu opening the day at the same moment: the constraint unique_opening_day
        # (in the model's validation, or in the database when both passed it at once) keeps one.
        if not opened.exists():
            raise
        raise ValidationError({"date": _("Hari buka pada tanggal ini sudah dicatat.")}) from None


@transaction.atomic
@idempotent
def update_day(
    actor: User,
    day: OpeningDay,
    *,
    kader_on_duty: Iterable[Kader],
    health_workers: str,
    client_uuid: uuid.UUID | None = None,
) -> OpeningDay:
    """Change who was on duty and which health workers came."""
    return log.update(
        actor,
        "update_day",
        day,
        {"kader_on_duty": list(kader_on_duty), "health_workers": health_workers},
        region_code=day.posyandu.desa_id,
        posyandu_id=day.posyandu_id,
        client_uuid=client_uuid,
    )


def check_plausible(values: dict[str, Any], rule_set: screening.RuleSet | None = None) -> None:
    """Refuse values outside the entry ranges (docs/domain.md "Entry ranges and flags") with a message naming
    the field and range (`rule_set`: `rules()`, passed by a caller checking many)."""
    numbers = {
        k: float(v) for k, v in values.items() if isinstance(v, int | float | Decimal) and v is not None
    }
    errors = {}
    for name, (low, high) in screening.implausible(rule_set or rules(), numbers).items():
        errors[name] = _(
            "%(what)s %(value)s di luar rentang yang masuk akal (%(low)s–%(high)s). Periksa kembali."
        ) % {
            "what": _(screening.PLAUSIBLE_LABELS[name]),
            "value": screening.num(numbers[name]),
            "low": screening.num(low),
            "high": screening.num(high),
        }
    systolic, diastolic = values.get("systolic_mmhg"), values.get("diastolic_mmhg")
    if systolic and diastolic and diastolic >= systolic:
        errors["diastolic_mmhg"] = _("Tekanan diastolik harus lebih kecil dari sistolik.")
    if errors:
        raise ValidationError(errors)


def refusal_message(refusal: plausibility.Refusal, age_months: int) -> str:
    """The message of a value refused by rules.plausibility (a misplaced decimal comma), with the value the
    kader most likely meant."""
    return _(
        "Berat badan %(value)s kg tidak mungkin untuk anak umur %(age)d bulan (BB/U z = %(z)s). "
        "Maksud Anda %(suggestion)s kg? Periksa kembali."
    ) % {
        "value": screening.num(refusal.value),
        "age": age_months,
        "z": screening.num(refusal.z),
        "suggestion": screening.num(refusal.suggestion),
    }


def refuse_implausible(result: assessment.Assessment, age_months: int) -> None:
    """ValidationError on the refused field when rules.plausibility refused the measurement."""
    if result.refusal is not None:
        raise ValidationError({result.refusal.field: refusal_message(result.refusal, age_months)})


def _pregnancy_on(person: Person, day: datetime.date) -> tuple[Pregnancy | None, bool]:
    """The pregnancy ongoing on `day` and whether the woman is in her nifas period."""
    if person.sex != "P":
        return None, False
    ongoing = None
    nifas = False
    for pregnancy in person.pregnancies.all():
        if pregnancy.lmp_date <= day and (
            pregnancy.outcome == PregnancyOutcome.ONGOING
            or (pregnancy.outcome_date and day < pregnancy.outcome_date)
        ):
            ongoing = pregnancy
        elif pregnancy.in_nifas(day):
            nifas = True
    return ongoing, nifas


def _history(visit: Visit) -> assessment.History:
    month = months.month_start(visit.date)
    # The last weighing that counts: one held for a re-check is no base for the next month's gain.
    earlier = Visit.objects.counted().filter(
        person_id=visit.person_id, weight_kg__isnull=False, month__lt=month
    )
    if visit.pk:
        earlier = earlier.exclude(pk=visit.pk)
    last = earlier.order_by("-date", "-pk").values("month", "weight_kg", "weight_gain").first()
    if last is None:
        return assessment.History()
    if last["month"] == months.previous_month(visit.date):
        return assessment.History(
            previous_month_weight_kg=_float(last["weight_kg"]),
            weighed_before=True,
            previous_month_status=last["weight_gain"],
        )
    return assessment.History(weighed_before=True)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


# What compute derives from the measurements; the bulk writers (import, bench data) must store the same.
COMPUTED_FIELDS = (
    "month",
    "age_days",
    "life_stage",
    "waz",
    "haz",
    "whz",
    "baz",
    "hcz",
    "acz",
    "flagged",
    "needs_remeasure",
    "weight_gain",
    "is_2t",
    "is_bgm",
    "findings",
    "rule_version",
    "check_status",
)


def compute(visit: Visit, person: Person) -> assessment.Assessment:
    """Fill the visit's computed fields from its raw measurements. A measurement rules.plausibility holds is
    marked held unless it was confirmed; a refused one is the caller's to refuse (`refuse_implausible`)."""
    visit.month = months.month_start(visit.date)
    visit.age_days = life_stage.age_in_days(person.birth_date, visit.date)
    stage = life_stage.stage(person.birth_date, visit.date)
    visit.life_stage = stage.value
    pregnancy, nifas = _pregnancy_on(person, visit.date)
    visit.pregnancy = pregnancy
    result = assessment.assess(
        assessment.Person(
            sex=person.sex,
            age_days=visit.age_days,
            age_months=months.completed_months(person.birth_date, visit.date),
            stage=stage,
            pregnant=pregnancy is not None,
            nifas=nifas,
        ),
        assessment.Measurements(
            weight_kg=_float(visit.weight_kg),
            length_height_cm=_float(visit.length_height_cm),
            position=visit.position,
            head_circumference_cm=_float(visit.head_circumference_cm),
            muac_cm=_float(visit.muac_cm),
            oedema=visit.oedema,
            waist_cm=_float(visit.waist_cm),
            systolic_mmhg=visit.systolic_mmhg,
            diastolic_mmhg=visit.diastolic_mmhg,
            glucose_mg_dl=_float(visit.glucose_mg_dl),
            glucose_fasting=visit.glucose_fasting,
            hb_g_dl=_float(visit.hb_g_dl),
            puma_score=visit.puma_score,
            srq_score=visit.srq_score,
            skilas=tuple(visit.skilas or ()),
        ),
        _history(visit),
        rules(),
    )
    visit.waz = result.z.get("waz")
    visit.haz = result.z.get("haz")
    visit.whz = result.z.get("whz")
    visit.baz = result.z.get("baz")
    visit.hcz = result.z.get("hcz")
    visit.acz = result.z.get("acz")
    visit.flagged = result.flagged
    visit.needs_remeasure = result.needs_remeasure
    visit.weight_gain = result.weight_gain
    visit.is_2t = result.is_2t
    visit.is_bgm = result.is_bgm
    visit.findings = result.findings
    visit.rule_version = result.rule_version
    register_rule_versions([result.rule_version])
    if result.held or result.refusal is not None:  # refused: held where nobody is there to refuse it
        if visit.check_status != CheckStatus.CONFIRMED:
            visit.check_status = CheckStatus.HELD
    elif visit.check_status == CheckStatus.HELD:
        visit.check_status = CheckStatus.NONE
    return result


class VisitAlreadyRecorded(Exception):
    """The person already has a visit that day at that posyandu (one per person, day and posyandu): the
    caller opens `visit`, the one recorded first, instead of storing a second."""

    def __init__(self, visit: Visit) -> None:
        super().__init__(visit.pk)
        self.visit = visit


@transaction.atomic
@idempotent
def record_visit(
    actor: User,
    person: Person,
    date: datetime.date,
    measurements: dict[str, Any],
    *,
    opening_day: OpeningDay | None = None,
    place: str = "posyandu",
    services: Iterable[str] = (),
    vaccines: Iterable[str] = (),
    campaign: Model | None = None,
    client_uuid: uuid.UUID | None = None,
) -> Visit:
    """Record one visitor's measurements and services; the results and any referral are computed and stored
    with it. Values outside the entry ranges are refused (ValidationError, nothing stored); a person already
    visited that day at that posyandu raises VisitAlreadyRecorded (nothing stored).

    A weighing of a campaign (operasi timbang on the posyandu day) names its `campaign` (a
    `campaigns.Campaign`, which this app may not import): it counts in the campaign's coverage. The caller
    checks the campaign's own rules first (`Campaign.visit_refusal`)."""
    if person.merged_into_id is not None:
        raise ValidationError(_("Data warga ini sudah digabungkan ke data lain."))
    if date < person.birth_date:
        raise ValidationError({"date": _("Tanggal kunjungan sebelum tanggal lahir.")})
    if opening_day is not None and opening_day.date != date:
        raise ValidationError({"date": _("Tanggal kunjungan harus sama dengan tanggal hari buka.")})
    unknown = set(measurements) - set(MEASUREMENT_FIELDS)
    if unknown:
        raise ValidationError(_("Isian tidak dikenal: %(names)s") % {"names": ", ".join(sorted(unknown))})
    check_plausible(measurements)
    posyandu_id = opening_day.posyandu_id if opening_day is not None else person.posyandu_id
    desa_id = opening_day.posyandu.desa_id if opening_day is not None else person.desa_id
    ensure_month_open(posyandu_id, date)
    visit = Visit(
        person=person,
        posyandu_id=posyandu_id,
        desa_id=desa_id,
        opening_day=opening_day,
        date=date,
        place=Place.CAMPAIGN if campaign is not None else place,
        campaign_id=campaign.pk if campaign is not None else None,
        **measurements,
    )
    refuse_implausible(compute(visit, person), months.completed_months(person.birth_date, date))
    try:
        with transaction.atomic():
            log.create(
                actor,
                "record_visit",
                visit,
                region_code=desa_id,
                posyandu_id=posyandu_id,
                subject=person,
                client_uuid=client_uuid,
            )
    except (IntegrityError, ValidationError):
        # The constraint one_visit_per_person_day_posyandu is the check: the model's validation finds the
        # visit recorded first, or the database does when two submissions pass validation at once.
        same_day = Visit.objects.filter(person=person, posyandu_id=posyandu_id, date=date)
        if (existing := same_day.first()) is None:
            raise
        raise VisitAlreadyRecorded(existing) from None
    for kind in services:
        if kind not in ServiceKind.values:
            raise ValidationError(_("Layanan tidak dikenal: %(kind)s") % {"kind": kind})
        Service.objects.create(visit=visit, kind=kind)
    for code in vaccines:
        record_immunisation(actor, person, code, date, visit=visit)
    _sync_referral(actor, visit)
    _recompute_following(visit)
    return visit


@transaction.atomic
@idempotent
def correct_visit(
    actor: User, visit: Visit, measurements: dict[str, Any], *, client_uuid: uuid.UUID | None = None
) -> Visit:
    """Correct a visit's measurements. The old values stay in the visit's history; results are recomputed."""
    unknown = set(measurements) - set(MEASUREMENT_FIELDS)
    if unknown:
        raise ValidationError(_("Isian tidak dikenal: %(names)s") % {"names": ", ".join(sorted(unknown))})
    check_plausible(measurements)
    visit.refresh_from_db()
    ensure_month_open(visit.posyandu_id, visit.date)
    for name, value in measurements.items():
        setattr(visit, name, value)
    visit.check_status = CheckStatus.NONE  # corrected values: an earlier confirmation no longer applies
    result = compute(visit, visit.person)
    refuse_implausible(result, months.completed_months(visit.person.birth_date, visit.date))
    computed = {
        name: getattr(visit, name)
        for name in (
            "waz", "haz", "whz", "baz", "hcz", "acz", "flagged", "needs_remeasure", "weight_gain",
            "is_2t", "is_bgm", "finding_codes", "finding_details", "rule_version_ref", "pregnancy",
            "age_days", "life_stage", "month", "check_status",
        )
    }  # fmt: skip
    corrected = log.update(
        actor,
        "correct_visit",
        visit,
        {**measurements, **computed},
        region_code=visit.desa_id,
        posyandu_id=visit.posyandu_id,
        subject=visit.person,
        client_uuid=client_uuid,
    )
    _sync_referral(actor, corrected)
    _recompute_following(corrected)
    return corrected


@transaction.atomic
@idempotent
def confirm_measurement(actor: User, visit: Visit, *, client_uuid: uuid.UUID | None = None) -> Visit:
    """The kader or bidan confirms that a measurement held as "perlu dicek ulang" is real (the child was
    measured again): from now on it counts, and the next month's weight gain rests on it."""
    visit.refresh_from_db()
    if visit.check_status != CheckStatus.HELD:
        raise ValidationError(_("Hasil ukur ini tidak sedang menunggu cek ulang."))
    confirmed = log.update(
        actor,
        "confirm_measurement",
        visit,
        {"check_status": CheckStatus.CONFIRMED},
        region_code=visit.desa_id,
        posyandu_id=visit.posyandu_id,
        subject=visit.person,
        client_uuid=client_uuid,
    )
    _recompute_following(confirmed)
    return confirmed


def _recompute_following(visit: Visit) -> None:
    """The next month's weighing of the same child depends on this one (N/T, 2T)."""
    if visit.weight_kg is None:
        return
    following = (
        Visit.objects.filter(person_id=visit.person_id, weight_kg__isnull=False, month__gt=visit.month)
        .order_by("date", "pk")
        .first()
    )
    if following is None or following.month > months.add_months(visit.month, 2):
        return
    recompute_dependent(following)


def recompute_dependent(visit: Visit) -> None:
    """Compute again what a weighing takes from the child's earlier ones (weight gain N/T/O/B, 2T, the
    plausibility check and the findings), store it only if it changed, and then do the same for the next
    month's weighing, which depends on this one. For a visit whose earlier weighings changed: a corrected
    or confirmed visit, or a campaign import that wrote one before it."""
    before = (visit.weight_gain, visit.is_2t, visit.check_status, visit.finding_codes, visit.finding_details)
    compute(visit, visit.person)
    if (
        visit.weight_gain,
        visit.is_2t,
        visit.check_status,
        visit.finding_codes,
        visit.finding_details,
    ) != before:
        Visit.objects.filter(pk=visit.pk).update(
            weight_gain=visit.weight_gain,
            is_2t=visit.is_2t,
            finding_codes=visit.finding_codes,
            finding_details=visit.finding_details,
            check_status=visit.check_status,
        )
        _recompute_following(visit)


def recompute_person(person: Person) -> None:
    """Recompute every visit of a person in date order (after a merge or a corrected date of birth)."""
    for visit in Visit.objects.filter(person=person).order_by("date", "pk"):
        compute(visit, person)
        visit.save()


def _sync_referral(actor: User, visit: Visit) -> None:
    """Put the visit on the referral list when a finding refers, with its urgency; keep reasons and urgency
    in step when a correction changes them."""
    reasons = visit.referral_reasons
    rank = urgency(
        reasons,
        pregnant=visit.pregnancy_id is not None,
        oedema=visit.oedema,
        services=visit.services.values_list("kind", flat=True),
    )
    existing = Referral.objects.filter(visit=visit).first()
    if existing is None:
        if reasons:
            log.create(
                actor,
                "refer",
                Referral(
                    person_id=visit.person_id,
                    visit=visit,
                    posyandu_id=visit.posyandu_id,
                    desa_id=visit.desa_id,
                    reasons=reasons,
                    urgency=rank,
                ),
                region_code=visit.desa_id,
                posyandu_id=visit.posyandu_id,
                subject=visit.person,
            )
    elif (existing.reasons, existing.urgency) != (reasons, rank):
        log.update(
            actor,
            "update_referral_reasons",
            existing,
            {"reasons": reasons, "urgency": rank},
            region_code=visit.desa_id,
            posyandu_id=visit.posyandu_id,
            subject=visit.person,
        )


@transaction.atomic
@idempotent
def follow_up_referral(
    actor: User,
    referral: Referral,
    *,
    status: str,
    date: datetime.date,
    facility: str = "",
    note: str = "",
    client_uuid: uuid.UUID | None = None,
) -> ReferralUpdate:
    """The health worker's follow-up (dirujuk, diperiksa, ditangani): a new entry on the referral's timeline,
    and the referral's current status (and facility, when one is named) set from it. Only those
    `may_follow_up_referral` allows (PermissionDenied otherwise)."""
    ensure_can_write(actor, allowed=may_follow_up_referral)
    if status not in ReferralStatus.values or status == ReferralStatus.OPEN:
        raise ValidationError({"status": _("Pilih status tindak lanjut.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("Tanggal tidak boleh di masa depan.")})
    if date < referral.visit.date:
        raise ValidationError({"date": _("Tanggal tindak lanjut tidak boleh sebelum tanggal kunjungan.")})
    entry = log.create(
        actor,
        "follow_up_referral",
        ReferralUpdate(referral=referral, status=status, date=date, facility=facility, note=note, by=actor),
        region_code=referral.desa_id,
        posyandu_id=referral.posyandu_id,
        subject=referral.person,
        client_uuid=client_uuid,
    )
    log.update(
        actor,
        "set_referral_status",
        referral,
        {"status": status, "facility": facility or referral.facility},
        region_code=referral.desa_id,
        posyandu_id=referral.posyandu_id,
        subject=referral.person,
    )
    return entry


def _dose_errors(person: Person, given: dict[str, datetime.date]) -> dict[str, str]:
    """What is wrong with recording these doses (vaccine code → date given) for this person, by code."""
    today = timezone.localdate()
    recorded = dict(Immunisation.objects.filter(person=person).values_list("vaccine", "date"))
    errors: dict[str, str] = {}
    for code, date in given.items():
        dose = BY_CODE.get(code)
        if dose is None:
            errors[code] = _("Vaksin tidak dikenal: %(code)s") % {"code": code}
        elif code in recorded:
            errors[code] = _("%(vaccine)s sudah tercatat pada %(date)s.") % {
                "vaccine": dose.label,
                "date": recorded[code].strftime("%d-%m-%Y"),
            }
        elif date > today:
            errors[code] = _("Tanggal %(vaccine)s tidak boleh di masa depan.") % {"vaccine": dose.label}
        elif date < person.birth_date:
            errors[code] = _("Tanggal %(vaccine)s sebelum tanggal lahir (%(birth)s).") % {
                "vaccine": dose.label,
                "birth": person.birth_date.strftime("%d-%m-%Y"),
            }
        elif (
            dose.follows
            and (before := given.get(dose.follows) or recorded.get(dose.follows))
            and before >= date
        ):
            errors[code] = _("%(vaccine)s harus sesudah %(previous)s (%(date)s).") % {
                "vaccine": dose.label,
                "previous": BY_CODE[dose.follows].label,
                "date": before.strftime("%d-%m-%Y"),
            }
    return errors


@idempotent
def record_immunisation(
    actor: User,
    person: Person,
    vaccine: str,
    date: datetime.date,
    *,
    visit: Visit | None = None,
    client_uuid: uuid.UUID | None = None,
) -> Immunisation:
    """Record one dose given on `date` (not in the future, not before birth, not recorded already)."""
    if errors := _dose_errors(person, {vaccine: date}):
        raise ValidationError(list(errors.values()))
    return log.create(
        actor,
        "record_immunisation",
        Immunisation(person=person, vaccine=vaccine, date=date, visit=visit),
        region_code=person.desa_id,
        posyandu_id=person.posyandu_id,
        subject=person,
        client_uuid=client_uuid,
    )


@transaction.atomic
@idempotent(
    replay=lambda actor, person, given, **_: list(
        Immunisation.objects.filter(person=person, vaccine__in=list(given))
    )
)
def record_immunisations(
    actor: User,
    person: Person,
    given: dict[str, datetime.date],
    *,
    client_uuid: uuid.UUID | None = None,
) -> list[Immunisation]:
    """Record several doses with the dates they were given (a child's history from the Buku KIA), each
    audited. All or nothing: any bad date or dose refuses the lot (ValidationError keyed by vaccine code)."""
    if person.merged_into_id is not None:
        raise ValidationError(_("Data warga ini sudah digabungkan ke data lain."))
    if not given:
        raise ValidationError(_("Isi tanggal untuk sedikitnya satu imunisasi."))
    if errors := _dose_errors(person, given):
        raise ValidationError(errors)
    order = [d.code for d in SCHEDULE]
    return [
        record_immunisation(actor, person, code, given[code], client_uuid=client_uuid if i == 0 else None)
        for i, code in enumerate(sorted(given, key=order.index))
    ]
