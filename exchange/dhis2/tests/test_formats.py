"""The two formats on their own: the ADX against the profile's schema, the JSON against DHIS2's documented
form (`checks.py` says where each comes from), with awkward identifiers and the checks shown to fail."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from exchange.dhis2.formats import (
    ADX_NAMESPACE,
    DataValue,
    adx_document,
    adx_period,
    data_value_set,
    period_code,
)
from exchange.dhis2.tests.checks import adx_schema, check_data_value_set

NOV = datetime.date(2026, 11, 1)
DEC = datetime.date(2026, 12, 1)
EXPORTED = datetime.datetime(2026, 11, 25, 3, 30, 15, 123456, tzinfo=datetime.UTC)
NS = {"adx": ADX_NAMESPACE}

VALUES = [
    DataValue("SKDN_D", "OU_B", DEC, "", 0),
    DataValue("SKDN_S", "OU_A", NOV, "", 41),
    DataValue("STUNT_N", "OU_A", NOV, 'COC_<5 & "girls"', 3),
    DataValue("SKDN_S", "OU_B", NOV, "", 12),
]


def test_json_is_dhis2s_documented_bulk_form() -> None:
    payload = data_value_set(VALUES, data_set="DS_POSYANDU", id_scheme="CODE", complete_date=None)
    check_data_value_set(json.loads(json.dumps(payload)))
    assert payload["dataSet"] == "DS_POSYANDU" and payload["idScheme"] == "CODE"
    assert "completeDate" not in payload
    rows = payload["dataValues"]
    assert [(r["period"], r["orgUnit"], r["dataElement"], r["value"]) for r in rows] == [
        ("202611", "OU_A", "SKDN_S", "41"),
        ("202611", "OU_A", "STUNT_N", "3"),
        ("202611", "OU_B", "SKDN_S", "12"),
        ("202612", "OU_B", "SKDN_D", "0"),
    ]
    assert all(isinstance(r["value"], str) for r in rows)
    assert [r.get("categoryOptionCombo") for r in rows] == [None, 'COC_<5 & "girls"', None, None]


def test_json_with_a_complete_date_and_uids() -> None:
    payload = data_value_set(
        VALUES[:1], data_set="pBOMPrpg1QX", id_scheme="UID", complete_date=datetime.date(2026, 12, 3)
    )
    assert check_data_value_set(payload).completeDate == "2026-12-03"
    with pytest.raises(ValueError):
        data_value_set(VALUES, data_set="X", id_scheme="NAME", complete_date=None)


@pytest.mark.parametrize(
    "broken",
    [
        {"dataValues": [{"dataElement": "A", "period": "202611", "orgUnit": "B", "value": 3}]},  # a number
        {"dataValues": [{"dataElement": "A", "period": "2026-11", "orgUnit": "B", "value": "3"}]},
        {"dataValues": [{"dataElement": "A", "period": "202613", "orgUnit": "B", "value": "3"}]},
        {"dataValues": [{"dataElement": "A", "period": "202611", "orgUnit": "B", "value": "tiga"}]},
        {"dataValues": [{"dataElement": "A", "period": "202611", "orgUnit": "B", "value": "3", "x": 1}]},
        {"dataValues": [{"period": "202611", "orgUnit": "B", "value": "3"}]},
        {"dataSet": "X"},
    ],
)
def test_the_json_check_refuses_what_dhis2_documents_otherwise(broken: object) -> None:
    with pytest.raises(ValidationError):
        check_data_value_set(broken)


def test_adx_validates_against_the_profile_schema() -> None:
    text = adx_document(VALUES, data_set="DS_POSYANDU", exported=EXPORTED)
    schema = adx_schema()
    schema.validate(text)
    root = ElementTree.fromstring(text)
    assert root.tag == f"{{{ADX_NAMESPACE}}}adx"
    assert root.get("exported") == "2026-11-25T03:30:15+00:00"
    groups = root.findall("adx:group", NS)
    assert [(g.get("orgUnit"), g.get("period"), g.get("dataSet")) for g in groups] == [
        ("OU_A", "2026-11-01/P1M", "DS_POSYANDU"),
        ("OU_B", "2026-11-01/P1M", "DS_POSYANDU"),
        ("OU_B", "2026-12-01/P1M", "DS_POSYANDU"),
    ]
    first = groups[0].findall("adx:dataValue", NS)
    assert [(v.get("dataElement"), v.get("value"), v.get("categoryOptionCombo")) for v in first] == [
        ("SKDN_S", "41", None),
        ("STUNT_N", "3", 'COC_<5 & "girls"'),
    ]


def test_the_adx_schema_refuses_a_broken_message() -> None:
    schema = adx_schema()
    good = adx_document(VALUES[:1], data_set="DS", exported=EXPORTED)
    assert schema.is_valid(good)
    assert not schema.is_valid(good.replace("2026-12-01/P1M", "202612"))
    assert not schema.is_valid(good.replace('value="0"', 'value="nol"'))
    assert not schema.is_valid(good.replace(' exported="2026-11-25T03:30:15+00:00"', ""))
    assert not schema.is_valid(good.replace("2026-12-01/P1M", "2026-02-30/P1M"))


def test_an_empty_or_naive_adx_is_refused_not_written() -> None:
    with pytest.raises(ValueError):
        adx_document([], data_set="DS", exported=EXPORTED)
    with pytest.raises(ValueError):
        adx_document(VALUES, data_set="DS", exported=EXPORTED.replace(tzinfo=None))


def test_periods() -> None:
    assert period_code(datetime.date(2027, 1, 1)) == "202701"
    assert adx_period(datetime.date(2028, 2, 1)) == "2028-02-01/P1M"


printable = st.text(
    st.characters(exclude_categories=("Cs", "Cc")).filter(str.isprintable), min_size=1, max_size=12
)
values = st.builds(
    DataValue,
    printable,
    printable,
    st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 1)).map(lambda d: d.replace(day=1)),
    st.one_of(st.just(""), printable),
    st.integers(0, 10**9),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(values, min_size=1, max_size=8), printable)
def test_any_printable_identifiers_give_valid_files(data: list[DataValue], data_set: str) -> None:
    assert adx_schema().is_valid(adx_document(data, data_set=data_set, exported=EXPORTED))
    payload = json.loads(
        json.dumps(data_value_set(data, data_set=data_set, id_scheme="CODE", complete_date=None))
    )
    assert len(check_data_value_set(payload).dataValues) == len(data)


def test_the_formats_import_no_django() -> None:
    code = (
        "import sys, exchange.dhis2.formats; "
        "loaded = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
