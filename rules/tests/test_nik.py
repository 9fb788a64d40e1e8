import datetime

from rules.nik import check_kk, check_nik, normalize

KNOWN = {"64", "64.74.01"}


def exists(code: str) -> bool:
    return code in KNOWN


def test_valid_female_nik_matches_sex_and_birth_date() -> None:
    result = check_nik(
        "6474015205800001", sex="P", birth_date=datetime.date(1980, 5, 12), region_exists=exists
    )
    assert result.ok and result.warnings == []


def test_hard_errors() -> None:
    assert check_nik("647401520580000").errors == ["NIK harus 16 digit angka."]
    assert check_nik("64740152058000a1").errors == ["NIK harus 16 digit angka."]
    assert check_nik("6474013205800001").errors == [
        "Tanggal lahir pada NIK (digit 7–8) harus 01–31, atau 41–71 untuk perempuan."
    ]
    assert check_nik("6474011213800001").errors == ["Bulan lahir pada NIK (digit 9–10) harus 01–12."]
    assert check_nik("9974011205800001", region_exists=exists).errors == [
        "Kode provinsi NIK (99) tidak dikenal."
    ]


def test_mismatches_are_warnings_not_errors() -> None:
    male_with_female_day = check_nik("6474015205800001", sex="L", region_exists=exists)
    assert male_with_female_day.ok
    assert male_with_female_day.warnings == [
        "Jenis kelamin tidak cocok dengan NIK (tanggal lahir perempuan ditambah 40)."
    ]
    other_date = check_nik("6474011205800001", sex="L", birth_date=datetime.date(1980, 5, 13))
    assert other_date.ok and other_date.warnings == ["Tanggal lahir tidak cocok dengan NIK."]
    unknown_kecamatan = check_nik("6474091205800001", region_exists=exists)
    assert unknown_kecamatan.ok and "64.74.09" in unknown_kecamatan.warnings[0]


def test_kk_normalize() -> None:
    assert check_kk("6474010101200001") == []
    assert check_kk("123") == ["Nomor KK harus 16 digit angka."]
    assert normalize(" 6474.0152-0580 0001 ") == "6474015205800001"
