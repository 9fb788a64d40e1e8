"""The second half of 0008, in a transaction of its own (PostgreSQL refuses to alter a table with the
deferred checks of 0008's updates still pending): every visit has its rule version key now. The indexes of
the opening day and the pregnancy become partial: a campaign's or a home visit has no opening day, few visits
a pregnancy, and a full index holds an entry for every visit."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0008_compact_findings_and_rule_version"),
    ]

    operations = [
        migrations.AlterField(
            model_name="visit",
            name="rule_version_ref",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="visits.ruleversion",
            ),
        ),
        migrations.RemoveIndex(model_name="visit", name="visits_visi_person__8efacb_idx"),
        migrations.RemoveField(model_name="visit", name="findings"),
        migrations.RemoveField(model_name="visit", name="rule_version"),
        migrations.AlterField(
            model_name="visit",
            name="opening_day",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="visits",
                to="visits.openingday",
            ),
        ),
        migrations.AlterField(
            model_name="visit",
            name="pregnancy",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="checks",
                to="people.pregnancy",
            ),
        ),
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(
                condition=models.Q(("opening_day__isnull", False)), fields=["opening_day"], name="visit_opening_day"
            ),
        ),
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(
                condition=models.Q(("pregnancy__isnull", False)), fields=["pregnancy"], name="visit_pregnancy"
            ),
        ),
    ]
