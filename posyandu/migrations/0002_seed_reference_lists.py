from django.db import migrations

from posyandu.reference_lists import ensure_reference_lists


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    ensure_reference_lists(apps.get_model("posyandu", "SpmField"), apps.get_model("posyandu", "EquipmentItem"))


class Migration(migrations.Migration):
    dependencies = [("posyandu", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
