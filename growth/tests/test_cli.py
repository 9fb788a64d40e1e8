"""`python -m growth anthro|anthroplus IN OUT`: WHO's reference input in, WHO's output out; bad files give
one message naming the line and column, exit code 2 and no traceback."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from growth.cli import main
from growth.tests.reference import ANTHRO_CSV, ANTHROPLUS_CSV, INDICATORS_2006, INDICATORS_2007, number, rows

ROOT = Path(__file__).resolve().parents[2]
ANTHRO_INPUT = [
    "id", "category", "sex", "age", "age_unit", "weight", "lenhei", "measure",
    "headc", "armc", "triskin", "subskin", "oedema", "note",
]  # fmt: skip
ANTHROPLUS_INPUT = ["id", "category", "sex", "age_in_months", "height", "weight", "oedema", "note"]
ANTHRO_OUTPUT = ["clenhei", "cmeasure", "c9mo_flag", "cbmi", "csex"] + [
    f"{p}{i}" for i in INDICATORS_2006 for p in "zf"
]
ANTHROPLUS_OUTPUT = ["csex", "coedema", "cbmi"] + [f"{p}{i}" for i in INDICATORS_2007 for p in "zf"]


def write_csv(path: Path, header: list[str], records: list[list[str]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(records)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def reference_input(tmp_path: Path, source: Path, columns: list[str]) -> Path:
    return write_csv(tmp_path / "in.csv", columns, [[r[c] for c in columns] for r in rows(source)])


def assert_same_output(expected_rows, got_rows, outputs: list[str], unrounded: list[str]) -> None:
    assert len(got_rows) == len(expected_rows)
    for column in outputs + unrounded:
        expected = [r[column] for r in expected_rows]
        got = [r[column] for r in got_rows]
        if column.startswith(("z", "f", "cmeasure", "csex", "coedema", "c9mo")) and column not in unrounded:
            assert got == expected, column  # R's own text for rounded z-scores, flags and codes
        else:
            e = np.array([number(v) for v in expected])
            g = np.array([number(v) for v in got])
            tolerance = 1e-9 if column in unrounded else 0.0
            both_missing = np.isnan(e) & np.isnan(g)
            assert np.all(both_missing | (np.abs(e - g) <= tolerance)), column


def test_anthro_round_trip_of_the_reference_input(tmp_path: Path) -> None:
    source = reference_input(tmp_path, ANTHRO_CSV, ANTHRO_INPUT)
    target = tmp_path / "out.csv"
    assert main(["anthro", str(source), str(target), "--unrounded"]) == 0
    got = read_csv(target)
    unrounded = [f"z{i}_unrounded" for i in INDICATORS_2006]
    assert list(got[0]) == ANTHRO_INPUT + ANTHRO_OUTPUT + unrounded
    assert_same_output(rows(ANTHRO_CSV), got, ANTHRO_OUTPUT, unrounded)
    assert [r["note"] for r in got] == [r["note"] for r in rows(ANTHRO_CSV)]  # passed through


def test_anthroplus_round_trip_of_the_reference_input(tmp_path: Path) -> None:
    source = reference_input(tmp_path, ANTHROPLUS_CSV, ANTHROPLUS_INPUT)
    target = tmp_path / "out.csv"
    assert main(["anthroplus", str(source), str(target), "--unrounded"]) == 0
    got = read_csv(target)
    unrounded = [f"z{i}_unrounded" for i in INDICATORS_2007]
    assert list(got[0]) == ANTHROPLUS_INPUT + ANTHROPLUS_OUTPUT + unrounded
    assert_same_output(rows(ANTHROPLUS_CSV), got, ANTHROPLUS_OUTPUT, unrounded)


def test_output_columns_in_the_input_are_replaced(tmp_path: Path) -> None:
    """Feeding WHO's whole reference file: its output columns are recomputed, not duplicated."""
    target = tmp_path / "out.csv"
    assert main(["anthro", str(ANTHRO_CSV), str(target)]) == 0
    got = read_csv(target)
    assert list(got[0]).count("zlen") == 1
    assert_same_output(rows(ANTHRO_CSV), got, ANTHRO_OUTPUT, [])


def test_module_entry_point(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ["sex", "age", "weight"], [["f", "1522", "17"]])
    target = tmp_path / "out.csv"
    done = subprocess.run(
        [sys.executable, "-m", "growth", "anthro", str(source), str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert read_csv(target)[0]["zwei"] == "0.24"


def test_missing_optional_columns_and_who_nan(tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "in.csv",
        ["sex", "age", "weight", "lenhei", "measure"],
        [["1", "100", "-1", "60", "l"], ["1", "100", "0", "60", "l"], ["2", "NA", "9", "70", ""]],
    )
    target = tmp_path / "out.csv"
    assert main(["anthro", str(source), str(target)]) == 0
    got = read_csv(target)
    assert [r["zwfl"] for r in got] == ["NaN", "-15.37", got[2]["zwfl"]]
    assert [r["fwfl"] for r in got][:2] == ["", "1"]
    assert got[2]["zwfl"] not in ("", "NaN") and got[2]["zwei"] == ""  # age NA: only WFL


BAD_FILES = [
    (["sex", "age"], [["1", "10"], ["2", "20"], ["1", "30"], ["x", "40"]], "anthro",
     "Baris 5, kolom 'sex': nilai 'x' tidak dikenal (harus 1/2/m/f)"),
    (["sex", "age", "weight"], [["1", "10", "abc"]], "anthro",
     "Baris 2, kolom 'weight': nilai 'abc' bukan angka"),
    (["sex", "age", "measure"], [["1", "10", "l"], ["1", "10", "standing"]], "anthro",
     "Baris 3, kolom 'measure': nilai 'standing' tidak dikenal (harus l/h)"),
    (["sex", "age", "oedema"], [["1", "10", "T"]], "anthro",
     "Baris 2, kolom 'oedema': nilai 'T' tidak dikenal (harus y/n/1/2)"),
    (["sex", "age"], [["1", "10"], ["1", "-3"]], "anthro",
     "Baris 3, kolom 'age': nilai '-3' tidak diterima (umur tidak boleh negatif)"),
    (["sex", "age", "age_unit"], [["1", "10", "weeks"]], "anthro",
     "Baris 2, kolom 'age_unit': nilai 'weeks' tidak dikenal (harus days/months)"),
    (["sex", "weight"], [["1", "10"]], "anthro", "Baris 1, kolom 'age' tidak ada"),
    (["sex", "age"], [["1", "10", "extra"]], "anthro", "Baris 2: 3 kolom, header punya 2"),
    (["sex", "age_in_months", "height"], [["1", "70", "-120"]], "anthroplus",
     "Baris 2, kolom 'height': nilai '-120' tidak diterima (tinggi tidak boleh negatif)"),
    (["sex", "age_in_months", "weight"], [["m", "70", "20"], ["perempuan", "70", "20"]], "anthroplus",
     "Baris 3, kolom 'sex': nilai 'perempuan' tidak dikenal (harus 1/2/m/f)"),
]  # fmt: skip


@pytest.mark.parametrize(("header", "records", "standard", "message"), BAD_FILES)
def test_bad_file_message(tmp_path, capsys, header, records, standard, message) -> None:
    source = write_csv(tmp_path / "in.csv", header, records)
    target = tmp_path / "out.csv"
    assert main([standard, str(source), str(target)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert not target.exists()


def test_bad_file_through_the_module_has_no_traceback(tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "in.csv", ["sex", "age"], [["1", "10"], ["1", "20"], ["2", "30"], ["x", "1"]]
    )
    done = subprocess.run(
        [sys.executable, "-m", "growth", "anthro", str(source), str(tmp_path / "out.csv")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Baris 5, kolom 'sex': nilai 'x' tidak dikenal (harus 1/2/m/f)" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_and_empty_files(tmp_path, capsys) -> None:
    assert main(["anthro", str(tmp_path / "nope.csv"), str(tmp_path / "out.csv")]) == 2
    assert "tidak dapat dibuka" in capsys.readouterr().err
    (tmp_path / "empty.csv").write_text("")
    assert main(["anthro", str(tmp_path / "empty.csv"), str(tmp_path / "out.csv")]) == 2
    assert "kosong" in capsys.readouterr().err


def test_header_only_and_decimal_comma(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    assert main(["anthro", str(write_csv(tmp_path / "a.csv", ["sex", "age"], [])), str(target)]) == 0
    assert target.read_text().startswith("sex,age,clenhei")
    source = write_csv(tmp_path / "b.csv", ["sex", "age", "weight"], [["F", "1522", "17,0"]])
    assert main(["anthro", str(source), str(target)]) == 0
    assert read_csv(target)[0]["zwei"] == "0.24"
