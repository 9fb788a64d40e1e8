from django.db import migrations


def add_defaults(apps, schema_editor):
    from reports.targets import ensure_national_defaults

    ensure_national_defaults(apps.get_model("reports", "PrevalenceTarget"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
