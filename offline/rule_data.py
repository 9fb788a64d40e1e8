"""The rules a phone needs to give the server's results offline, as data: generated from the Python rule
sets at request time, so no number is written twice (static/js/offline/assess.js applies them; a browser
test compares its results with `rules.assessment.assess` field by field).

Findings keep their Indonesian message id as `label` and their detail in Indonesian, as the server stores
them; `messages` and `detail_names` carry the text the phone shows in the active language, made by the
filters the server's pages use (`finding_label`, `finding_detail`)."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from growth import categories, weight_gain
from people.templatetags.people import DETAIL_NAMES, STAGE_LABELS, finding_label
from rules import assessment, ilp, life_stage, plausibility, screening


def screening_rules(rules: screening.RuleSet) -> dict[str, Any]:
    """Every field of the rule set in force (tuples as lists)."""
    return dataclasses.asdict(rules)


def message_ids() -> list[str]:
    """Every message id a finding's label can carry, in a stable order."""
    ids = [kind.label for kind in screening.FINDINGS.values()]
    ids += [label for labels in categories.LABELS.values() for label in labels.values()]
    ids += list(assessment.INDEX_NAMES.values())
    ids += list(screening.SKILAS_DOMAINS.values())
    return list(dict.fromkeys(ids))


def build(rules: screening.RuleSet) -> dict[str, Any]:
    """What static/js/offline/assess.js reads, with texts in the active language."""
    return {
        "rule_version": assessment.rule_version(rules),
        "language": get_language(),
        "screening": screening_rules(rules),
        "findings": {
            code: {"label": kind.label, "refer": kind.refer, "level": kind.level}
            for code, kind in screening.FINDINGS.items()
        },
        "adult_bmi_bands": [list(band) for band in screening.ADULT_BMI_BANDS],
        "anaemia": {
            "age_bands": [list(band) for band in screening.ANAEMIA_AGE_BANDS],
            "from_15_years": screening.ANAEMIA_FROM_15_YEARS,
        },
        "skilas_domains": screening.SKILAS_DOMAINS,
        "ages": {
            "child_standard_max_days": assessment.CHILD_STANDARD_MAX_DAYS,
            "child_standard_months": assessment.CHILD_STANDARD_MONTHS,
            "reference_max_months": assessment.REFERENCE_MAX_MONTHS,
            "kek_women_years": list(assessment.KEK_WOMEN_YEARS),
            "adult_from_years": assessment.ADULT_FROM_YEARS,
            "child_muac_months": list(screening.CHILD_MUAC_MONTHS),
        },
        "categories": {
            "version": categories.RULE_VERSION,
            "bands": {index: [[b.code, b.upper] for b in bands] for index, bands in categories.RULES.items()},
            "labels": categories.LABELS,
            "referred": sorted([index, code] for index, code in assessment.REFERRED_CATEGORIES),
            "index_names": assessment.INDEX_NAMES,
        },
        "weight_gain": {
            "version": weight_gain.KBM_VERSION,
            "kbm": [list(row) for row in weight_gain.KBM_TABLE],
            "kms_last_month": weight_gain.KMS_LAST_MONTH,
            "bgm_below_z": weight_gain.BGM_BELOW_Z,
        },
        "plausibility": {
            "waz_flag": [plausibility.WAZ_FLAG.low, plausibility.WAZ_FLAG.high],
            "statuses": [plausibility.ACCEPT, plausibility.HOLD, plausibility.REFUSE],
        },
        "life_stages": [
            {"stage": code.value, "from_months": first, "beyond_months": end, "label": _(STAGE_LABELS[code])}
            for code, first, end in life_stage.STAGE_MONTHS
        ],
        "ilp": {
            "version": ilp.STATIONS_VERSION,
            "stations": [
                {"number": s.number, "title": _(s.title), "fields": {g: list(f) for g, f in s.fields.items()}}
                for s in ilp.STATIONS
            ],
            "group_of_stage": {code.value: group for code, group in ilp.GROUP_OF_STAGE.items()},
            "pregnant_group": ilp.PREGNANT,
            "services": {group: list(codes) for group, codes in ilp.SERVICES.items()},
            "service_age_months": {code: list(ages) for code, ages in ilp.SERVICE_AGE_MONTHS.items()},
            "vitamin_a": list(ilp.VITAMIN_A),
            "vitamin_a_months": list(ilp.VITAMIN_A_MONTHS),
        },
        "messages": {message_id: finding_label(message_id) for message_id in message_ids()},
        "detail_names": [[name, _(name)] for name in DETAIL_NAMES],
    }
