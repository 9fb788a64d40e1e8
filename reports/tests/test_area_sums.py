"""An area's table sums its posyandu-months in the database (one row per posyandu or per desa, rolled up to
the row level); every row and the total must equal the sum of the figures rows read one by one."""

from __future__ import annotations

import dataclasses
import datetime
import random
from typing import Any

import pytest

from regions.codes import at_level

pytestmark = pytest.mark.django_db

NOV, DEC = datetime.date(2026, 11, 1), datetime.date(2026, 12, 1)


def _figures(world: Any) -> list[Any]:
    from posyandu import actions as p
    from reports.models import MonthlyFigures

    admin = world.users["admin"]
    desa = world.posyandu_a.desa
    second = p.register_posyandu(
        admin, code="PA3", name="Kenanga", desa=desa, opening_day=12, spm_fields=["kesehatan"]
    )
    rnd = random.Random(17)
    rows = []
    for post in (world.posyandu_a, world.posyandu_a2, world.posyandu_b, second):
        for month in (NOV, DEC):
            s = rnd.randint(20, 60)
            haz_n, whz_n = rnd.randint(0, s), rnd.randint(0, s)
            rows.append(
                MonthlyFigures(
                    posyandu=post, desa_id=post.desa_id, month=month, s=s, k=rnd.randint(0, s),
                    d=rnd.randint(0, s), n=rnd.randint(0, 20), t=rnd.randint(0, 9), o=rnd.randint(0, 9),
                    b=rnd.randint(0, 5), bgm=rnd.randint(0, 4), two_t=rnd.randint(0, 3),
                    haz_n=haz_n, stunted=rnd.randint(0, haz_n), haz_sum=rnd.uniform(-90, 10),
                    haz_sq=rnd.uniform(0, 200), whz_n=whz_n, wasted=rnd.randint(0, whz_n),
                    overweight=rnd.randint(0, whz_n), whz_sum=rnd.uniform(-30, 30), whz_sq=rnd.uniform(0, 90),
                    waz_n=s, underweight=rnd.randint(0, s), measured=rnd.randint(0, s),
                    flagged=rnd.randint(0, 3), weighed=rnd.randint(0, s), missing_length=rnd.randint(0, 5),
                    weight_digits=[rnd.randint(0, 9) for _ in range(10)],
                    length_digits=[rnd.randint(0, 9) for _ in range(10)],
                    rule_versions=[rnd.choice(["who-2006", "kemenkes-2020"])],
                )
            )  # fmt: skip
    MonthlyFigures.objects.all().delete()
    return MonthlyFigures.objects.bulk_create(rows)


def _expected(rows: list[Any], key: Any, *, quality: bool) -> dict[str, Any]:
    from reports.figures import prevalence_of, quality_of, skdn_of
    from rules.prevalence import INDICATORS
    from rules.quality import Quality
    from rules.skdn import Skdn

    sums: dict[str, Any] = {}
    for f in rows:
        k = key(f)
        if quality:
            sums[k] = sums.get(k, Quality()) + quality_of(f)
            continue
        skdn, prevalence = sums.get(k, (Skdn(), {}))
        for ind in INDICATORS:
            p = prevalence_of(f, ind.code, f.s)
            prevalence[ind.code] = prevalence[ind.code] + p if ind.code in prevalence else p
        sums[k] = (skdn + skdn_of(f), prevalence)
    return sums


def _counts(prevalence: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    return {code: (p.cases, p.measured, p.registered) for code, p in prevalence.items()}


@pytest.mark.parametrize("area_code", ["64", "64.74", "64.74.01", "desa"])
def test_each_row_and_the_total_equal_the_figures_rows_summed_one_by_one(world: Any, area_code: str) -> None:
    from reports.areas import area_for, area_table

    figures = _figures(world)
    code = world.posyandu_a.desa_id if area_code == "desa" else area_code
    area = area_for(world.users["admin"], code)
    table = area_table(world.users["admin"], area, DEC, url=lambda key, _p: key)
    inside = [f for f in figures if f.month == DEC and f.desa_id.startswith(code)]
    if area.row_level is None:
        expected = _expected(inside, lambda f: str(f.posyandu_id), quality=False)
    else:
        expected = _expected(inside, lambda f: at_level(f.desa_id, area.row_level), quality=False)
    assert [r.key for r in table.rows] and {r.key for r in table.rows} == set(expected)
    for row in table.rows:
        skdn, prevalence = expected[row.key]
        assert row.skdn == skdn
        assert _counts(row.prevalence) == _counts(prevalence)
    total_skdn = sum((s for s, _p in expected.values()), start=type(table.total.skdn)())
    assert table.total.skdn == total_skdn
    assert table.rule_versions == sorted({v for f in inside for v in f.rule_versions})
    assert all(r.name and r.name != r.key for r in table.rows)  # every row named


def test_data_quality_sums_the_months_of_each_posyandu_with_their_digit_counts(world: Any) -> None:
    from reports.areas import area_for, area_table

    figures = _figures(world)
    area = area_for(world.users["admin"], "64")
    table = area_table(
        world.users["admin"], area, DEC, url=lambda key, _p: key, months=[NOV, DEC], by_posyandu=True
    )
    expected = _expected(figures, lambda f: str(f.posyandu_id), quality=True)
    assert {r.key: r.quality for r in table.rows} == expected
    total = sum(expected.values(), start=type(table.total.quality)())
    got_total = table.total.quality
    assert dataclasses.replace(got_total, haz=total.haz, whz=total.whz) == total  # every count exactly
    for got, want in ((got_total.haz, total.haz), (got_total.whz, total.whz)):
        assert got.n == want.n and (got.total, got.total_sq) == pytest.approx((want.total, want.total_sq))
