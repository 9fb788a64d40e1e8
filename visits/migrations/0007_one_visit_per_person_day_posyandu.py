"""One visit per person, day and posyandu. Existing duplicates are not resolved here: each carries its own
measurements, services, immunisations and referral, and choosing which to keep is a health worker's decision,
not a migration's. The migration stops with the list of duplicates to correct first (none in the demo data)."""

from typing import Any

from django.db import migrations, models
from django.db.models import Count


def refuse_duplicates(apps: Any, schema_editor: Any) -> None:
    Visit = apps.get_model("visits", "Visit")
    duplicates = list(
        Visit.objects.values("person_id", "posyandu_id", "date")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("person_id", "date")[:20]
    )
    if duplicates:
        listed = "; ".join(f"warga {d['person_id']}, posyandu {d['posyandu_id']}, {d['date']}" for d in duplicates)
        raise RuntimeError(
            "More than one visit of the same person on the same day at the same posyandu; merge or remove the "
            f"extra visits before migrating (first {len(duplicates)}): {listed}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_importissue_warning"),
        ("people", "0002_person_merged_into_partial_index"),
        ("posyandu", "0003_blood_pressure_meter_and_glucometer"),
        ("regions", "0001_initial"),
        ("visits", "0006_visit_check_status"),
    ]

    operations = [
        migrations.RunPython(refuse_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="visit",
            constraint=models.UniqueConstraint(
                fields=("person", "posyandu", "date"), name="one_visit_per_person_day_posyandu"
            ),
        ),
    ]
