from collections import defaultdict

from django.db import migrations, models
from django.db.models import Count


def fill_kader_on_duty(apps, schema_editor):
    """The stored figures get the kader on duty of the opening days that name them (the only days that do),
    as `reports.figures.compute_monthly` now counts them, without recomputing every month."""
    OpeningDay = apps.get_model("visits", "OpeningDay")
    MonthlyFigures = apps.get_model("reports", "MonthlyFigures")
    sums = defaultdict(lambda: [0, 0])
    for pid, date, kader in (
        OpeningDay.objects.values_list("posyandu_id", "date").annotate(kader=Count("kader_on_duty")).order_by()
    ):
        if kader:
            key = (pid, date.replace(day=1))
            sums[key][0] += 1
            sums[key][1] += kader
    changed = []
    for f in MonthlyFigures.objects.filter(posyandu_id__in={pid for pid, _m in sums}).iterator():
        days, kader = sums.get((f.posyandu_id, f.month), (0, 0))
        if days:
            f.days_with_kader, f.kader_on_duty = days, kader
            changed.append(f)
    MonthlyFigures.objects.bulk_update(changed, ["days_with_kader", "kader_on_duty"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_monthly_figures_days_opened"),
        ("visits", "0007_one_visit_per_person_day_posyandu"),
    ]

    operations = [
        migrations.AddField(
            model_name="monthlyfigures",
            name="days_with_kader",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="monthlyfigures",
            name="kader_on_duty",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(fill_kader_on_duty, migrations.RunPython.noop),
    ]
