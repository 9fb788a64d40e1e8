"""How a visit's findings and rule version are stored: compactly, since a country's visits are hundreds of
millions of rows (docs/scale.md "Bytes per visit").

A finding's label, level and whether it refers follow from its code (rules.screening.FINDINGS,
rules.assessment.category_finding), so only the codes are stored, one character each (`CODES`). Its detail
(the numbers behind it) is stored as text, except where the visit's own columns give it: a PMK 2/2020
category and TB/U at 5–18 years show the visit's z-score, and a SKILAS domain shows "SKILAS". A typical
weighing stores five characters of codes and one detail ("+400 g ≥ KBM 200 g") instead of five findings with
their texts.

The rule version is stored once in its own table (`visits.RuleVersion`), under `rule_version_key`.

`CODES` is append-only: a stored character keeps its meaning for ever."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

from growth import categories
from rules import assessment, screening
from rules.screening import Finding

# Every code a visit's finding can have; the character at the same position of `_ALPHABET` stands for it.
# Append only (a new finding code goes at the end).
CODES: tuple[str, ...] = (
    # rules.screening.FINDINGS
    "remeasure", "check_gain", "check_loss", "gain_n", "gain_t", "gain_2t", "gain_o", "gain_b", "bgm",
    "muac_severe", "muac_moderate", "kek", "muac_normal", "bmi_kurus_berat", "bmi_kurus_ringan", "bmi_normal",
    "bmi_gemuk_ringan", "bmi_obesitas", "central_obesity", "hypertension", "bp_normal", "high_glucose",
    "glucose_normal", "anaemia", "puma", "srq",
    # the PMK 2/2020 categories (growth.categories.LABELS), TB/U at 5–18 years, the SKILAS domains
    "wfa_severely_underweight", "wfa_underweight", "wfa_normal",
    "wfa_risk_overweight", "lhfa_severely_stunted", "lhfa_stunted", "lhfa_normal", "lhfa_tall",
    "wflh_severely_wasted", "wflh_wasted", "wflh_normal", "wflh_possible_risk_overweight", "wflh_overweight",
    "wflh_obese", "bfa_severely_wasted", "bfa_wasted", "bfa_normal", "bfa_possible_risk_overweight",
    "bfa_overweight", "bfa_obese", "bfa_5_18_severely_thin", "bfa_5_18_thin", "bfa_5_18_normal",
    "bfa_5_18_overweight", "bfa_5_18_obese", "hfa_5_18", "skilas_kognitif", "skilas_mobilisasi",
    "skilas_malnutrisi", "skilas_penglihatan", "skilas_pendengaran", "skilas_depresi",
)  # fmt: skip
# Letters, digits and punctuation that need no quoting in SQL, CSV or JSON; the detail separator is not one.
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&()*+-./:;<=>?@[]^_{}~"
_SEPARATOR = "|"
_CHAR = dict(zip(CODES, _ALPHABET, strict=False))
_CODE = {char: code for code, char in _CHAR.items()}

# The z-score column a category's detail shows (rules.assessment: "BB/U: z = −0,34").
Z_OF_INDEX = {"wfa": "waz", "lhfa": "haz", "wflh": "whz", "bfa": "baz", "bfa_5_18": "baz", "hfa_5_18": "haz"}
_CATEGORY = {
    f"{index}_{code}": (index, code) for index, labels in categories.LABELS.items() for code in labels
}


def rule_version_key(version: str) -> int:
    """The number that stands for a rule version (a hash of its name, so that every process and database
    gives a name the same number without asking anyone)."""
    return int.from_bytes(hashlib.blake2b(version.encode(), digest_size=4).digest()) & 0x7FFFFFFF


def detail_stored(code: str) -> bool:
    """Whether the detail of a finding of this code is stored (else the visit's own columns give it)."""
    return not (code in _CATEGORY or code == "hfa_5_18" or code.startswith("skilas_"))


def pack(findings: Iterable[Finding]) -> tuple[str, str]:
    """(codes, details) to store for these findings."""
    codes = []
    details = []
    for f in findings:
        codes.append(_CHAR[f.code])
        if detail_stored(f.code):
            if _SEPARATOR in f.detail:
                raise ValueError(f"a finding's detail holds {_SEPARATOR!r}: {f.detail!r}")
            details.append(f.detail)
    return "".join(codes), _SEPARATOR.join(details)


def unpack(codes: str, details: str, z: Mapping[str, float | None]) -> list[Finding]:
    """The findings stored as `pack` gave them; `z` holds the visit's z-scores by column (waz, haz, ...)."""
    texts = iter(details.split(_SEPARATOR))
    out = []
    for char in codes:
        code = _CODE[char]
        if code in _CATEGORY:
            index, category = _CATEGORY[code]
            out.append(assessment.category_finding(index, category, _z(z, index)))
        elif code == "hfa_5_18":
            out.append(assessment.school_height_finding(_z(z, "hfa_5_18")))
        elif code.startswith("skilas_"):
            out.extend(screening.skilas([code.removeprefix("skilas_")]))
        else:
            out.append(screening.finding(code, next(texts, "")))
    return out


def referral_reasons(codes: str) -> list[str]:
    """The codes of the stored findings that put the person on the referral list (no detail needed)."""
    return [code for code in (_CODE[char] for char in codes) if _refers(code)]


def _refers(code: str) -> bool:
    if code in _CATEGORY:
        return _CATEGORY[code] in assessment.REFERRED_CATEGORIES
    if code.startswith("skilas_"):
        return True
    kind = screening.FINDINGS.get(code)
    return kind is not None and kind.refer


def _z(z: Mapping[str, float | None], index: str) -> float:
    value = z.get(Z_OF_INDEX[index])
    if value is None:  # a category is only found from a z-score, which the visit stores with it
        raise ValueError(f"the visit holds no {Z_OF_INDEX[index]} for its {index} finding")
    return value
