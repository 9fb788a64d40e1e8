"""Every row of WHO's reference output (anthro 1.1.0, anthroplus 1.0.0) reproduced: rounded z-scores and
flags exactly, unrounded z-scores within 1e-9, the same missing/NaN/Inf pattern."""

from __future__ import annotations

import pytest

from growth import anthro, anthroplus
from growth.tests.reference import (
    ANTHRO_CSV,
    ANTHROPLUS_CSV,
    EXACT_2006,
    EXACT_2007,
    INDICATORS_2006,
    INDICATORS_2007,
    assert_column,
    codes,
    numbers,
    rows,
)


def compute_2006(unit: str) -> tuple[list[dict[str, str]], anthro.AnthroResult]:
    records = [r for r in rows(ANTHRO_CSV) if r["age_unit"] == unit]
    result = anthro.zscores(
        sex=codes(records, "sex"),
        age=numbers(records, "age"),
        age_in_month=unit == "months",
        weight=numbers(records, "weight"),
        lenhei=numbers(records, "lenhei"),
        measure=codes(records, "measure"),
        headc=numbers(records, "headc"),
        armc=numbers(records, "armc"),
        triskin=numbers(records, "triskin"),
        subskin=numbers(records, "subskin"),
        oedema=codes(records, "oedema"),
    )
    return records, result


def test_reference_files_are_there() -> None:
    assert len(rows(ANTHRO_CSV)) == 2872
    assert len(rows(ANTHROPLUS_CSV)) == 988


@pytest.mark.parametrize("unit", ["days", "months"])
@pytest.mark.parametrize("column", EXACT_2006)
def test_anthro_exact_columns(unit: str, column: str) -> None:
    records, result = compute_2006(unit)
    assert_column(records, column, getattr(result, column), tolerance=0.0)


@pytest.mark.parametrize("unit", ["days", "months"])
@pytest.mark.parametrize("indicator", INDICATORS_2006)
def test_anthro_unrounded(unit: str, indicator: str) -> None:
    records, result = compute_2006(unit)
    column = f"z{indicator}_unrounded"
    assert_column(records, column, getattr(result, column), tolerance=1e-9)


@pytest.mark.parametrize("unit", ["days", "months"])
def test_anthro_unrounded_to_the_last_bit(unit: str) -> None:
    """Stronger than asked (1e-9): the operations run in WHO's order with the C library's pow, as R does."""
    records, result = compute_2006(unit)
    for indicator in INDICATORS_2006:
        column = f"z{indicator}_unrounded"
        assert_column(records, column, getattr(result, column), tolerance=0.0)


@pytest.mark.parametrize("unit", ["days", "months"])
def test_anthro_cmeasure(unit: str) -> None:
    records, result = compute_2006(unit)
    assert list(result.cmeasure) == [r["cmeasure"] for r in records]


def test_every_row_of_the_2006_reference_is_covered() -> None:
    units = {r["age_unit"] for r in rows(ANTHRO_CSV)}
    assert units == {"days", "months"}
    assert sum(len(compute_2006(u)[0]) for u in units) == 2872


def compute_2007() -> tuple[tuple[dict[str, str], ...], anthroplus.AnthroplusResult]:
    records = rows(ANTHROPLUS_CSV)
    result = anthroplus.zscores(
        sex=codes(records, "sex"),
        age=numbers(records, "age_in_months"),
        age_in_month=True,
        weight=numbers(records, "weight"),
        height=numbers(records, "height"),
        oedema=codes(records, "oedema"),
    )
    return records, result


@pytest.mark.parametrize("column", EXACT_2007)
def test_anthroplus_exact_columns(column: str) -> None:
    records, result = compute_2007()
    assert_column(records, column, getattr(result, column), tolerance=0.0)


@pytest.mark.parametrize("indicator", INDICATORS_2007)
def test_anthroplus_unrounded(indicator: str) -> None:
    records, result = compute_2007()
    column = f"z{indicator}_unrounded"
    assert_column(records, column, getattr(result, column), tolerance=1e-9)


def test_anthroplus_unrounded_to_the_last_bit() -> None:
    records, result = compute_2007()
    for indicator in INDICATORS_2007:
        column = f"z{indicator}_unrounded"
        assert_column(records, column, getattr(result, column), tolerance=0.0)


def test_anthroplus_coedema() -> None:
    records, result = compute_2007()
    assert list(result.coedema) == [r["coedema"] for r in records]
