"""OpenSID's code lists that the import reads, as OpenSID defines them (docs/interop.md "OpenSID: the register
in").

Source: OpenSID's public repository (github.com/OpenSID/OpenSID, GPL v3; only the numbers and their meaning
are taken): the columns of the "impor penduduk" sheet from `donjo-app/models/Impor_model.php`
(`$daftar_kolom`, the layout of `assets/import/contoh_penduduk.xlsx`), and the codes from `app/Enums/`:
`JenisKelaminEnum` (sex), `SHDKEnum` (kk_level), `StatusDasarEnum` (status_dasar), `CaraKBEnum` (cara_kb_id)
and `HamilEnum` (hamil). Older OpenSID versions wrote `hamil` as 0/1 and `cara_kb_id` 8 for "lainnya"; the
import (`Impor_model::data_import_valid`) still accepts both, and so do we. A cell may hold the code or the
name OpenSID shows (`Impor_model::get_konversi_kode`), in any case: "2", "P", "PEREMPUAN".
"""

from __future__ import annotations

# The sheet's columns, in OpenSID's order (the header row names them; the order is not relied on).
COLUMNS = (
    "alamat", "dusun", "rw", "rt", "nama", "no_kk", "nik", "sex", "tempatlahir", "tanggallahir", "agama_id",
    "pendidikan_kk_id", "pendidikan_sedang_id", "pekerjaan_id", "status_kawin", "kk_level", "warganegara_id",
    "ayah_nik", "nama_ayah", "ibu_nik", "nama_ibu", "golongan_darah_id", "akta_lahir", "dokumen_pasport",
    "tanggal_akhir_paspor", "dokumen_kitas", "akta_perkawinan", "tanggalperkawinan", "akta_perceraian",
    "tanggalperceraian", "cacat_id", "cara_kb_id", "hamil", "ktp_el", "status_rekam", "alamat_sekarang",
    "status_dasar", "suku", "tag_id_card", "id_asuransi", "no_asuransi",
)  # fmt: skip
# What the import needs; the others are OpenSID's own business and are ignored.
REQUIRED = ("dusun", "rw", "rt", "nama", "no_kk", "nik", "sex", "tanggallahir")

# JenisKelaminEnum (tweb_penduduk_sex), and the short forms Impor_model accepts.
SEX = {1: "L", 2: "P"}
SEX_NAMES = {"laki-laki": 1, "laki laki": 1, "l": 1, "lk": 1, "perempuan": 2, "p": 2, "pr": 2}

# SHDKEnum (tweb_penduduk_hubungan): status hubungan dalam keluarga.
KEPALA_KELUARGA, SUAMI, ISTRI, ANAK = 1, 2, 3, 4
KK_LEVEL = {
    1: "Kepala keluarga", 2: "Suami", 3: "Istri", 4: "Anak", 5: "Menantu", 6: "Cucu", 7: "Orang tua",
    8: "Mertua", 9: "Famili lain", 10: "Pembantu", 11: "Lainnya",
}  # fmt: skip

# StatusDasarEnum (tweb_status_dasar). Only HIDUP is still served; MATI is dead, the others have left the
# desa's register (pindah, hilang, pergi) or were never valid.
HIDUP, MATI, PINDAH, HILANG, PERGI, TIDAK_VALID = 1, 2, 3, 4, 6, 9
STATUS_DASAR = {1: "Hidup", 2: "Mati", 3: "Pindah", 4: "Hilang", 6: "Pergi", 9: "Tidak valid"}
STATUS_DASAR_NAMES = {"pindah dalam negeri": PINDAH, "pindah luar negeri": PINDAH}

# CaraKBEnum (tweb_cara_kb). 8 is "lainnya" in older versions.
TIDAK_MENGGUNAKAN = 100
CARA_KB = {
    1: "Pil", 2: "IUD", 3: "Suntik", 4: "Kondom", 5: "Susuk KB", 6: "Sterilisasi wanita",
    7: "Sterilisasi pria", 8: "Lainnya", 99: "Lainnya", 100: "Tidak menggunakan",
}  # fmt: skip

# HamilEnum (ref_penduduk_hamil): 1 hamil, 2 tidak hamil; older exports 0 tidak hamil.
HAMIL = 1
HAMIL_CODES = {0: False, 1: True, 2: False}
HAMIL_NAMES = {"hamil": 1, "tidak hamil": 2}


def names_of(codes: dict[int, str]) -> dict[str, int]:
    """A code list's names, lower case, as a cell may give them instead of the number."""
    return {name.lower(): code for code, name in codes.items()}
