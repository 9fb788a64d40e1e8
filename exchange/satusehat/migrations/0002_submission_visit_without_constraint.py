"""Drop the submission's foreign key constraint to its visit before the visits are partitioned by month
(visits 0010: no constraint can point at a partitioned table's id alone). Django's deletion collector still
deletes a visit's submission with it (CASCADE)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("satusehat", "0001_initial"),
        ("visits", "0007_one_visit_per_person_day_posyandu"),
    ]
    run_before = [("visits", "0010_partition_visits_by_month")]

    operations = [
        migrations.AlterField(
            model_name="submission",
            name="visit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="satusehat_submission",
                to="visits.visit",
                verbose_name="kunjungan",
            ),
        ),
    ]
