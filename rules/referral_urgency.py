"""How urgently a referral needs the health worker, from its reasons (rule set "rujukan-2026").

A referral is **segera** (see the person today, before any routine follow-up) when a reason points to a
condition that can kill or harm within days, and **biasa** otherwise:

- gizi buruk: severe wasting (weight-for-length/height z < −3, PMK 2/2020), MUAC < 11.5 cm at 6–59 months,
  or bilateral pitting oedema (WHO 2013 severe acute malnutrition: treated at once whatever the z-score);
- BGM (weight-for-age z < −3) with illness: the visit records oedema or treatment for diarrhoea (oralit or
  zinc given) — a very underweight child who is also sick (Buku KIA: "gizi buruk dengan komplikasi");
- high blood pressure in pregnancy (≥ 140/90 mmHg): suspected pre-eclampsia (docs/domain.md "Screening
  cut-offs");
- high blood glucose (GDS ≥ 200 or GDP ≥ 126 mg/dL, suspected diabetes): confirmed and treated by the
  puskesmas without waiting for the next posyandu day.

Every other reason (T, 2T, BGM alone, stunting, wasting, obesity, anaemia, KEK, hypertension outside
pregnancy, PUMA, SRQ, SKILAS) is biasa: followed up in the usual round. Reasons are the finding codes of
`rules.assessment` / `rules.screening`; `REASONS` lists every code that puts a person on the referral list
with its label (the finding's own Indonesian message id), for the list's filter.

Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable

from growth.categories import LABELS as CATEGORY_LABELS
from rules.assessment import REFERRED_CATEGORIES
from rules.screening import FINDINGS, SKILAS_DOMAINS

RULE_VERSION = "rujukan-2026"

# Ranks: a smaller number is more urgent (lists sort ascending).
SEGERA = 1
BIASA = 2

SEVERE_MALNUTRITION = {"wflh_severely_wasted", "muac_severe"}
HIGH_GLUCOSE = "high_glucose"
HYPERTENSION = "hypertension"
BGM = "bgm"
# Services that mean the visitor was sick at the visit (rules/ilp.py service codes): diarrhoea treatment.
ILLNESS_SERVICES = {"ors", "zinc"}


def urgency(
    reasons: Iterable[str], *, pregnant: bool = False, oedema: bool = False, services: Iterable[str] = ()
) -> int:
    """SEGERA or BIASA for a referral with these reasons; `pregnant` at the visit, `oedema` and the
    `services` given at the visit as recorded. No reasons → BIASA (not referred at all)."""
    codes = set(reasons)
    if not codes:
        return BIASA
    ill = oedema or bool(ILLNESS_SERVICES & set(services))
    if (
        codes & SEVERE_MALNUTRITION
        or oedema
        or (BGM in codes and ill)
        or (HYPERTENSION in codes and pregnant)
        or HIGH_GLUCOSE in codes
    ):
        return SEGERA
    return BIASA


def _category_reasons() -> list[tuple[str, str]]:
    order = ["wflh_severely_wasted", "wflh_wasted", "wflh_obese", "lhfa_severely_stunted", "lhfa_stunted"]
    labels = {f"{index}_{code}": CATEGORY_LABELS[index][code] for index, code in REFERRED_CATEGORIES}
    assert set(order) == set(labels), "every referred category has its place in the filter"
    return [(code, labels[code]) for code in order]


# Every referral reason with the label its finding carries, in the order of the list's filter: children's
# growth, then pregnancy and adults, then the elderly.
REASONS: dict[str, str] = dict(
    [
        *_category_reasons(),
        *(
            (code, FINDINGS[code].label)
            for code in (
                "muac_severe",
                "muac_moderate",
                "bgm",
                "gain_2t",
                "gain_t",
                "hypertension",
                "high_glucose",
                "anaemia",
                "kek",
                "puma",
                "srq",
            )
        ),
        *((f"skilas_{domain}", label) for domain, label in SKILAS_DOMAINS.items()),
    ]
)
