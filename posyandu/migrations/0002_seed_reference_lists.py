"""The six SPM fields (Permendagri 13/2024) and the standard equipment of a posyandu (Kemenkes anthropometry
kit list); administrators may add further equipment items later."""

from django.db import migrations

SPM_FIELDS = [
    ("pendidikan", "Pendidikan"),
    ("kesehatan", "Kesehatan"),
    ("pekerjaan_umum", "Pekerjaan umum"),
    ("perumahan_rakyat", "Perumahan rakyat"),
    ("trantibumlinmas", "Ketenteraman, ketertiban umum dan pelindungan masyarakat"),
    ("sosial", "Sosial"),
]

EQUIPMENT = [
    ("Kit antropometri", True),
    ("Dacin", False),
    ("Timbangan bayi", True),
    ("Timbangan dewasa", True),
    ("Alat ukur panjang badan (length board)", True),
    ("Alat ukur tinggi badan (stadiometer)", True),
    ("Pita LiLA", True),
    ("Stok Buku KIA", False),
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    SpmField = apps.get_model("posyandu", "SpmField")
    EquipmentItem = apps.get_model("posyandu", "EquipmentItem")
    for order, (code, name) in enumerate(SPM_FIELDS):
        SpmField.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for order, (name, essential) in enumerate(EQUIPMENT):
        EquipmentItem.objects.update_or_create(name=name, defaults={"is_essential": essential, "order": order})


class Migration(migrations.Migration):
    dependencies = [("posyandu", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
