import pytest

from rules.personal_data import SENSITIVE_FIELDS, holds_identity_number, mask_number, mask_phone, masked


def test_a_nik_or_kk_keeps_its_first_and_last_four_digits() -> None:
    assert mask_number("6474015205800001") == "6474********0001"
    assert mask_number("6474010101200001") == "6474********0001"
    assert mask_number("647401520580") == "****"  # not a NIK: nothing of it is shown


@pytest.mark.parametrize(
    ("phone", "shown"),
    [
        ("081234567801", "********801"),
        ("+62 812-3456-7801", "********801"),
        ("0812", "****"),
        ("", "****"),
    ],
)
def test_a_phone_keeps_its_last_three_digits(phone: str, shown: str) -> None:
    assert mask_phone(phone) == shown


def test_masked_masks_only_the_sensitive_fields() -> None:
    assert set(SENSITIVE_FIELDS) == {"nik", "kk_number", "mother_nik", "phone"}
    assert masked("nik", "6474015505950001") == "6474********0001"
    assert masked("kk_number", "6474010101200009") == "6474********0009"
    assert masked("phone", "081234567801") == "********801"
    assert masked("name", "Dewi Lestari") == "Dewi Lestari"
    assert masked("nik", None) is None
    assert masked("phone", "") == ""


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("Rujuk anak dengan NIK 6474015205800001", True),
        ("NIK 6474 0152 0580 0001 belum terdaftar", True),
        ("KK 6474.0152.0580.0001", True),
        ("Anggaran Rp 12.000.000 untuk 16 posyandu pada 2026", False),
        ("Nomor 64740152058000012 bukan NIK", False),  # 17 digits
        ("Timbangan baru untuk posyandu", False),
    ],
)
def test_a_published_text_is_checked_for_a_sixteen_digit_number(text: str, holds: bool) -> None:
    assert holds_identity_number(text) is holds
