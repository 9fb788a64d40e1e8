"""SKDN per posyandu per calendar month (docs/domain.md "SKDN"; Depkes 2006).

S: children 0–59 months registered in the area, alive and not moved; K: those of S with a Buku KIA/KMS;
D: weighed in the month; N/T/O/B: weight-gain status of D (KMS/KBM rule); BGM and 2T counted among D.
The identity D = N + T + O + B is the standard check of the F1/LB3 forms."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Targets:
    """docs/domain.md "Targets": the SKDN targets (percent), a versioned set (`rules.rulesets`)."""

    version: str = "skdn-2006"  # the SPM of 2003 as quoted by Depkes 2006
    ds: float = 80.0
    nd: float = 80.0
    ks: float = 100.0


DEFAULT_TARGETS = Targets()


@dataclass(frozen=True)
class Skdn:
    s: int = 0
    k: int = 0
    d: int = 0
    n: int = 0
    t: int = 0
    o: int = 0
    b: int = 0
    bgm: int = 0
    two_t: int = 0

    def __add__(self, other: Skdn) -> Skdn:
        return Skdn(
            self.s + other.s,
            self.k + other.k,
            self.d + other.d,
            self.n + other.n,
            self.t + other.t,
            self.o + other.o,
            self.b + other.b,
            self.bgm + other.bgm,
            self.two_t + other.two_t,
        )

    @property
    def balanced(self) -> bool:
        """D = N + T + O + B."""
        return self.d == self.n + self.t + self.o + self.b

    @property
    def imbalance(self) -> int:
        return self.d - (self.n + self.t + self.o + self.b)

    def ratios(self) -> Ratios:
        return Ratios(
            ks=percent(self.k, self.s),
            ds=percent(self.d, self.s),
            dk=percent(self.d, self.k),
            nd=percent(self.n, self.d),
            ns=percent(self.n, self.s),
            bgm_d=percent(self.bgm, self.d),
            # "N/D berturut": among those weighed in both months (docs/domain.md "SKDN", some local tools).
            n_consecutive=percent(self.n, self.d - self.o - self.b),
        )

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Ratios:
    ks: float | None
    ds: float | None
    dk: float | None
    nd: float | None
    ns: float | None
    bgm_d: float | None
    n_consecutive: float | None

    def as_dict(self) -> dict[str, float | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


# Column order and labels of the usual SKDN layout (labels are programme symbols, not translated).
COUNT_COLUMNS = ("s", "k", "d", "n", "t", "o", "b", "bgm", "two_t")
COUNT_LABELS = {
    "s": "S",
    "k": "K",
    "d": "D",
    "n": "N",
    "t": "T",
    "o": "O",
    "b": "B",
    "bgm": "BGM",
    "two_t": "2T",
}
RATIO_COLUMNS = ("ks", "ds", "dk", "nd", "ns", "bgm_d", "n_consecutive")
RATIO_LABELS = {
    "ks": "K/S",
    "ds": "D/S",
    "dk": "D/K",
    "nd": "N/D",
    "ns": "N/S",
    "bgm_d": "BGM/D",
    "n_consecutive": "N/(D−O−B)",
}


def percent(numerator: int, denominator: int) -> float | None:
    """numerator / denominator × 100, rounded to one decimal; None when the denominator is 0."""
    if denominator <= 0:
        return None
    return round(100.0 * numerator / denominator, 1)


def add(a: Skdn, b: Skdn) -> Skdn:
    return a + b
