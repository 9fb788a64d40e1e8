from django.db import migrations, models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from rules.months import add_months, month_end

# The basic doses (`rules.immunisation.BASIC_DOSES`) as they are when this migration is written.
BASIC_DOSES = (
    "bcg", "dpt1", "dpt2", "dpt3", "hb0", "ipv1", "ipv2", "mr1",
    "opv1", "opv2", "opv3", "opv4", "pcv1", "pcv2", "rv1", "rv2", "rv3",
)
CHUNK = 400
FIELDS = ["kia_ongoing", "kia_checked", "kb_reported", "kb_active", "imm_cohort", "imm_complete"]


def counts(apps, posyandu_ids, month):
    """The six counts of `reports.figures.compute_monthly` for these posyandu in one month, from the
    historical models (the rules as they are when this migration is written)."""
    Visit = apps.get_model("visits", "Visit")
    Pregnancy = apps.get_model("people", "Pregnancy")
    Person = apps.get_model("people", "Person")
    Immunisation = apps.get_model("visits", "Immunisation")
    last = month_end(month)
    out = {pid: dict.fromkeys(FIELDS, 0) for pid in posyandu_ids}
    checked = Exists(
        Visit.objects.filter(pregnancy_id=OuterRef("pk"), posyandu_id=OuterRef("mother__posyandu_id"), month=month)
    )
    for row in (
        Pregnancy.objects.filter(mother__posyandu_id__in=posyandu_ids, lmp_date__lte=last)
        .alias(last_day=Coalesce("outcome_date", "due_date"))
        .filter(last_day__gte=month)
        .values("mother__posyandu_id")
        .annotate(kia_ongoing=Count("id"), kia_checked=Count("id", filter=Q(checked)))
        .order_by()
    ):
        out[row.pop("mother__posyandu_id")].update(row)
    for row in (
        Visit.objects.filter(posyandu_id__in=posyandu_ids, month=month, kb_status__in=["active", "none"])
        .values("posyandu_id")
        .annotate(kb_reported=Count("id"), kb_active=Count("id", filter=Q(kb_status="active")))
        .order_by()
    ):
        out[row.pop("posyandu_id")].update(row)
    doses = (
        Immunisation.objects.filter(person_id=OuterRef("pk"), vaccine__in=BASIC_DOSES, date__lte=last)
        .values("person_id")
        .annotate(n=Count("id"))
        .values("n")
        .order_by()
    )
    for row in (
        Person.objects.filter(
            posyandu_id__in=posyandu_ids,
            merged_into__isnull=True,
            birth_date__gt=add_months(last, -24),
            birth_date__lte=add_months(last, -12),
        )
        .filter(Q(status="active") | Q(status_date__gt=last))
        .alias(doses=Coalesce(Subquery(doses), 0))
        .values("posyandu_id")
        .annotate(imm_cohort=Count("id"), imm_complete=Count("id", filter=Q(doses=len(BASIC_DOSES))))
        .order_by()
    ):
        out[row.pop("posyandu_id")].update(row)
    return out


def fill_services(apps, schema_editor):
    """The stored figures get the month's KIA, KB and immunisation counts, as `reports.figures.compute_monthly`
    now counts them (the Tim Pembina's "3 of 4 services" reads them): without them every stored month would
    read as "no data" for the three services until its posyandu is written again."""
    MonthlyFigures = apps.get_model("reports", "MonthlyFigures")
    for month in MonthlyFigures.objects.values_list("month", flat=True).distinct().order_by("month"):
        ids = list(MonthlyFigures.objects.filter(month=month).values_list("posyandu_id", flat=True))
        for start in range(0, len(ids), CHUNK):
            found = counts(apps, ids[start : start + CHUNK], month)
            changed = []
            for f in MonthlyFigures.objects.filter(month=month, posyandu_id__in=list(found)):
                values = found[f.posyandu_id]
                if any(values.values()):
                    for name, value in values.items():
                        setattr(f, name, value)
                    changed.append(f)
            MonthlyFigures.objects.bulk_update(changed, FIELDS, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_monthly_figures_kader_on_duty"),
        ("people", "0003_person_merge_record"),
        ("visits", "0007_one_visit_per_person_day_posyandu"),
    ]

    operations = [
        migrations.AddField(
            model_name="monthlyfigures",
            name="kia_ongoing",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="monthlyfigures",
            name="kia_checked",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="monthlyfigures",
            name="kb_reported",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="monthlyfigures",
            name="kb_active",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="monthlyfigures",
            name="imm_cohort",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="monthlyfigures",
            name="imm_complete",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(fill_services, migrations.RunPython.noop),
    ]
