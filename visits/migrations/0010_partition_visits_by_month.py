"""Partition the visits by month on PostgreSQL (docs/scale.md "Partitioned history"); SQLite keeps one table.

First, on both databases, what a partitioned table requires: the month joins both unique constraints (the date
implies it, so what is unique does not change) and the tables referring to a visit drop their foreign key
constraint (Django's deletion collector applies their on_delete). Then, on PostgreSQL only, `visits_visit`
becomes a table partitioned by range of `month` with the rows it had: a partition for every month with visits
and for this month and the next three, and a DEFAULT one (`web.partitions.partition_table`, which copies the
columns, constraints and indexes from the catalog, so this migration holds no column list)."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

from web import partitions

AHEAD_MONTHS = 3


def partition(apps: Any, schema_editor: Any) -> None:
    partitions.partition_table(
        schema_editor.connection, "visits_visit", "month", ahead=AHEAD_MONTHS, today=timezone.localdate()
    )


def unpartition(apps: Any, schema_editor: Any) -> None:
    partitions.unpartition_table(schema_editor.connection, "visits_visit")


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0009_drop_findings_json_and_rule_version_text"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="visit",
            name="unique_campaign_visit",
        ),
        migrations.RemoveConstraint(
            model_name="visit",
            name="one_visit_per_person_day_posyandu",
        ),
        migrations.AlterField(
            model_name="immunisation",
            name="visit",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="visits.visit",
            ),
        ),
        migrations.AlterField(
            model_name="referral",
            name="visit",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="referral",
                to="visits.visit",
            ),
        ),
        migrations.AlterField(
            model_name="service",
            name="visit",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="services",
                to="visits.visit",
            ),
        ),
        migrations.AddConstraint(
            model_name="visit",
            constraint=models.UniqueConstraint(
                condition=models.Q(("campaign__isnull", False)),
                fields=("campaign", "person", "date", "month"),
                name="unique_campaign_visit",
            ),
        ),
        migrations.AddConstraint(
            model_name="visit",
            constraint=models.UniqueConstraint(
                fields=("person", "posyandu", "date", "month"), name="one_visit_per_person_day_posyandu"
            ),
        ),
        migrations.RunPython(partition, unpartition),
    ]
