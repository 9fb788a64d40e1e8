"""A visit's findings as their codes (one character each) and the details the visit's columns do not give, and
its rule version stored once in its own table under a four-byte key (rules.stored_findings); the index of
(person, date) goes, since the unique index of (person, posyandu, date) finds a person's visits. Issue 16:
from about 970 to under 400 bytes a visit on PostgreSQL."""

from types import SimpleNamespace
from typing import Any

import django.db.models.deletion
from django.db import migrations, models

from rules import stored_findings

BATCH = 5000


def compact(apps: Any, schema_editor: Any) -> None:
    Visit = apps.get_model("visits", "Visit")
    RuleVersion = apps.get_model("visits", "RuleVersion")
    names = Visit.objects.values_list("rule_version", flat=True).distinct().order_by()
    RuleVersion.objects.bulk_create(
        [RuleVersion(key=stored_findings.rule_version_key(name), name=name) for name in names]
    )
    # One UPDATE per row through executemany: bulk_update's CASE over a batch grows with the square of its size.
    update = (
        "UPDATE visits_visit SET finding_codes = %s, finding_details = %s, rule_version_ref_id = %s WHERE id = %s"
    )
    last = 0
    with schema_editor.connection.cursor() as cursor:
        while True:
            batch = list(
                Visit.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "findings", "rule_version")[:BATCH]
            )
            if not batch:
                return
            rows = []
            for pk, findings, version in batch:
                codes, details = stored_findings.pack(
                    [SimpleNamespace(code=f["code"], detail=f.get("detail", "")) for f in findings]  # type: ignore[misc]  # code and detail are all pack reads
                )
                rows.append((codes, details, stored_findings.rule_version_key(version), pk))
            cursor.executemany(update, rows)
            last = batch[-1][0]


def expand(apps: Any, schema_editor: Any) -> None:
    Visit = apps.get_model("visits", "Visit")
    names = dict(apps.get_model("visits", "RuleVersion").objects.values_list("key", "name"))
    last = 0
    while True:
        batch = list(Visit.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return
        for visit in batch:
            z = {"waz": visit.waz, "haz": visit.haz, "whz": visit.whz, "baz": visit.baz}
            visit.findings = [
                {"code": f.code, "label": f.label, "detail": f.detail, "refer": f.refer, "level": f.level}
                for f in stored_findings.unpack(visit.finding_codes, visit.finding_details, z)
            ]
            visit.rule_version = names.get(visit.rule_version_ref_id, "")
        Visit.objects.bulk_update(batch, ["findings", "rule_version"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0007_one_visit_per_person_day_posyandu"),
    ]

    operations = [
        migrations.CreateModel(
            name="RuleVersion",
            fields=[
                ("key", models.IntegerField(primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=120, unique=True)),
            ],
        ),
        migrations.AddField(
            model_name="visit",
            name="finding_codes",
            field=models.CharField(blank=True, default="", editable=False, max_length=40),
        ),
        migrations.AddField(
            model_name="visit",
            name="finding_details",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="visit",
            name="rule_version_ref",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="visits.ruleversion",
            ),
        ),
        migrations.RunPython(compact, expand),
    ]
