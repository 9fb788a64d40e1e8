"""The six SPM fields (Permendagri 13/2024) and the standard equipment of a posyandu (Kemenkes
anthropometry kit list). Administrators may add equipment items later; these rows are ensured, never
removed."""

from typing import Any

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
    # Measured at the ILP stations (blood pressure, blood glucose of adults and the elderly). Not "essential":
    # that flag means the growth-monitoring kit, which aktif-2021 and the equipment problem ask for.
    ("Tensimeter (alat ukur tekanan darah)", False),
    ("Glukometer (alat cek gula darah)", False),
]


def ensure_reference_lists(spm_field_model: Any, equipment_item_model: Any) -> None:
    """Takes the models as arguments so the data migration can pass its historical models."""
    for order, (code, name) in enumerate(SPM_FIELDS):
        spm_field_model.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for order, (name, essential) in enumerate(EQUIPMENT):
        equipment_item_model.objects.get_or_create(
            name=name, defaults={"is_essential": essential, "order": order}
        )
