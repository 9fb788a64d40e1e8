"""Command line: WHO z-scores for a CSV file.

    python -m growth anthro INPUT.csv OUTPUT.csv        # 2006 standards, 0–60 months
    python -m growth anthroplus INPUT.csv OUTPUT.csv    # 2007 reference, 5–19 years

Input columns are those of WHO's reference files (anthro: id, sex, age, age_unit, weight, lenhei, measure,
headc, armc, triskin, subskin, oedema; anthroplus: id, sex, age_in_months, height, weight, oedema). `sex`
and the age are required, the others optional; every other column is passed through. An empty field or
`NA` is missing. WHO's output columns are written after the input columns under WHO's names (an input
column of the same name is replaced). A bad file gives one message naming the line and column, and exit
code 2.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import math
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

from growth import anthro, anthroplus
from growth.inputs import GrowthInputError

EXIT_BAD_INPUT = 2
MISSING = {"", "NA"}


class InputFileError(Exception):
    """A problem in the input file, with the message to show (Indonesian, then English)."""


@dataclass(frozen=True)
class Standard:
    name: str
    numeric: tuple[str, ...]
    codes: tuple[str, ...]
    required: tuple[str, ...]
    argument_columns: dict[str, str]  # library argument -> CSV column


ANTHRO = Standard(
    "anthro",
    numeric=("age", "weight", "lenhei", "headc", "armc", "triskin", "subskin"),
    codes=("sex", "measure", "oedema"),
    required=("sex", "age"),
    argument_columns={
        "sex": "sex",
        "age": "age",
        "weight": "weight",
        "lenhei": "lenhei",
        "measure": "measure",
        "headc": "headc",
        "armc": "armc",
        "triskin": "triskin",
        "subskin": "subskin",
        "oedema": "oedema",
    },
)
ANTHROPLUS = Standard(
    "anthroplus",
    numeric=("age_in_months", "height", "weight"),
    codes=("sex", "oedema"),
    required=("sex", "age_in_months"),
    argument_columns={
        "sex": "sex",
        "age": "age_in_months",
        "height": "height",
        "weight": "weight",
        "oedema": "oedema",
    },
)
AGE_UNITS = {"days": False, "months": True}


def parse_number(text: str, line: int, column: str) -> float:
    value = text.strip()
    if value in MISSING:
        return math.nan
    if "," in value and "." not in value:
        value = value.replace(",", ".")  # Indonesian decimal comma ("10,5") in a quoted field
    try:
        if "_" in value:
            raise ValueError
        return float(value)
    except ValueError:
        raise InputFileError(
            f"Baris {line}, kolom '{column}': nilai '{text}' bukan angka "
            f"(line {line}, column '{column}': the value '{text}' is not a number)"
        ) from None


def format_number(value: float, digits: int) -> str:
    """R's text for a double: empty for missing, NaN/Inf/-Inf, and 0 rather than -0."""
    if math.isnan(value):
        return ""
    if math.isinf(value):
        return "Inf" if value > 0 else "-Inf"
    if value == 0:
        return "0"
    return repr(value) if digits == 17 else f"{value:.{digits}g}"


def format_column(name: str, values: np.ndarray, who_nan: np.ndarray | None) -> list[str]:
    if values.dtype.kind == "U":
        return [str(v) for v in values.tolist()]
    if name in ("c9mo_flag", "csex") or (name.startswith("f") and values.dtype.kind == "f"):
        return ["" if math.isnan(float(v)) else str(int(v)) for v in values.tolist()]
    digits = 15 if name.startswith("z") and not name.endswith("_unrounded") else 17
    texts = [format_number(float(v), digits) for v in values.tolist()]
    if who_nan is not None:
        for index in np.flatnonzero(who_nan):
            texts[index] = "NaN"
    return texts


@contextlib.contextmanager
def open_text(path: str, mode: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdin if mode == "r" else sys.stdout
        return
    try:
        # SIM115: the `with` below closes it; the try only turns OSError into a message.
        handle = Path(path).open(mode, newline="", encoding="utf-8-sig" if mode == "r" else "utf-8")  # noqa: SIM115
    except OSError as error:
        raise InputFileError(
            f"Berkas '{path}' tidak dapat dibuka: {error.strerror} (cannot open '{path}')"
        ) from None
    with handle:
        yield handle


def read_rows(path: str, standard: Standard) -> tuple[list[str], list[dict[str, str]], list[int]]:
    with open_text(path, "r") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise InputFileError(f"Berkas '{path}' kosong (the file is empty)") from None
        except (UnicodeDecodeError, csv.Error) as error:
            raise InputFileError(f"Baris 1: berkas tidak terbaca sebagai CSV UTF-8 ({error})") from None
        header = [name.strip() for name in header]
        duplicates = sorted({name for name in header if header.count(name) > 1})
        if duplicates:
            raise InputFileError(f"Baris 1: kolom '{duplicates[0]}' muncul dua kali (column appears twice)")
        missing = [name for name in standard.required if name not in header]
        if missing:
            raise InputFileError(
                f"Baris 1, kolom '{missing[0]}' tidak ada (kolom wajib: {', '.join(standard.required)}) "
                f"(required column '{missing[0]}' is missing)"
            )
        rows: list[dict[str, str]] = []
        lines: list[int] = []
        try:
            for fields in reader:
                if not fields:
                    continue
                if len(fields) != len(header):
                    raise InputFileError(
                        f"Baris {reader.line_num}: {len(fields)} kolom, header punya {len(header)} "
                        f"(line {reader.line_num} has {len(fields)} fields, the header {len(header)})"
                    )
                rows.append(dict(zip(header, fields, strict=True)))
                lines.append(reader.line_num)
        except (UnicodeDecodeError, csv.Error) as error:
            raise InputFileError(
                f"Baris {reader.line_num + 1}: berkas tidak terbaca sebagai CSV UTF-8 ({error})"
            ) from None
    return header, rows, lines


def compute(standard: Standard, rows: list[dict[str, str]], lines: list[int], header: list[str]) -> Any:
    columns: dict[str, Any] = {}
    for column in standard.numeric:
        if column in header:
            columns[column] = [
                parse_number(r[column], line, column) for r, line in zip(rows, lines, strict=True)
            ]
    for column in standard.codes:
        if column in header:
            columns[column] = [None if r[column].strip() in MISSING else r[column] for r in rows]
    arguments = {arg: columns[col] for arg, col in standard.argument_columns.items() if col in columns}
    if not rows:
        arguments = {arg: [] for arg in arguments}
    if standard is ANTHRO:
        in_months: list[bool] | bool = False
        if "age_unit" in header:
            in_months = []
            for r, line in zip(rows, lines, strict=True):
                unit = r["age_unit"].strip().lower()
                if unit in MISSING:
                    in_months.append(False)
                elif unit in AGE_UNITS:
                    in_months.append(AGE_UNITS[unit])
                else:
                    raise InputFileError(
                        f"Baris {line}, kolom 'age_unit': nilai '{r['age_unit']}' tidak dikenal "
                        f"(harus days/months) (unknown age unit)"
                    )
        try:
            return anthro.zscores(age_in_month=in_months, **arguments)
        except GrowthInputError as error:
            raise describe(error, standard, lines) from None
    try:
        return anthroplus.zscores(age_in_month=True, **arguments)
    except GrowthInputError as error:
        raise describe(error, standard, lines) from None


def describe(error: GrowthInputError, standard: Standard, lines: list[int]) -> InputFileError:
    column = standard.argument_columns.get(error.argument, error.argument)
    line = lines[error.index] if error.index < len(lines) else error.index + 2
    raw = error.value
    value = format_number(float(raw), 15) if isinstance(raw, int | float) else str(raw)
    return InputFileError(
        f"Baris {line}, kolom '{column}': nilai '{value}' {error.reason_id} "
        f"(line {line}, column '{column}': the value '{value}' {error.reason})"
    )


def run(standard: Standard, source: str, target: str, unrounded: bool) -> None:
    header, rows, lines = read_rows(source, standard)
    result = compute(standard, rows, lines, header)
    outputs = result.columns(unrounded=unrounded)
    texts = {}
    for name, values in outputs.items():
        indicator = name[1:].removesuffix("_unrounded") if name.startswith("z") else None
        who_nan = result.is_who_nan(indicator) if indicator else None
        texts[name] = format_column(name, values, who_nan)
    passthrough = [name for name in header if name not in outputs]
    with open_text(target, "w") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(passthrough + list(outputs))
        for i, row in enumerate(rows):
            writer.writerow([row[name] for name in passthrough] + [texts[name][i] for name in outputs])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m growth", description="WHO z-scores for a CSV file.")
    parser.add_argument("standard", choices=["anthro", "anthroplus"], help="2006 standards or 2007 reference")
    parser.add_argument("input", help="input CSV ('-' for standard input)")
    parser.add_argument("output", help="output CSV ('-' for standard output)")
    parser.add_argument("--unrounded", action="store_true", help="also write the unrounded z-scores")
    args = parser.parse_args(argv)
    standard = ANTHRO if args.standard == "anthro" else ANTHROPLUS
    try:
        run(standard, args.input, args.output, args.unrounded)
    except InputFileError as error:
        print(f"galat: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0
