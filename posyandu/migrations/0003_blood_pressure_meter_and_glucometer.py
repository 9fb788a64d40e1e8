from django.db import migrations

from posyandu.reference_lists import ensure_reference_lists


def add_items(apps, schema_editor):  # type: ignore[no-untyped-def]
    """The blood pressure meter and the glucometer join the equipment list of existing installations."""
    ensure_reference_lists(apps.get_model("posyandu", "SpmField"), apps.get_model("posyandu", "EquipmentItem"))


class Migration(migrations.Migration):
    dependencies = [("posyandu", "0002_seed_reference_lists")]
    operations = [migrations.RunPython(add_items, migrations.RunPython.noop)]
