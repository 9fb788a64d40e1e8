"""The two files a DHIS2 (or any ADX receiver) reads: `dataValueSets` JSON and IHE ADX XML.

Pure: a list of `DataValue` in, a JSON-ready dict or an XML string out; no Django, no database, so the
formats can be checked on their own (the tests validate the ADX against the profile's schema in
`schema/adx.xsd` and the JSON against DHIS2's documented form).

- JSON: DHIS2 Developer manual, "Data values" › "Sending data values" and "Sending bulks of data values"
  (https://docs.dhis2.org/en/develop/using-the-api/dhis-core-version-master/data.html): a data value set
  whose `dataValues` each name their `dataElement`, `period` (monthly: `YYYYMM`), `orgUnit`, optional
  `categoryOptionCombo` and a `value` given as a string; the identifier scheme may be stated in the payload
  (`idScheme`: `UID` or `CODE`), which takes precedence over the request's parameters.
- ADX: IHE QRPH ADX profile (`urn:ihe:qrph:adx:2015`): an `adx` root with its required `exported`
  timestamp, one `group` per org unit and period (period as an ISO 8601 start date and duration,
  `2026-11-01/P1M`) carrying the data set, and `dataValue` elements with `dataElement` and a decimal
  `value`. DHIS2 reads a `categoryOptionCombo` attribute on a data value in place of exploded category
  attributes (same manual, "ADX data format" › "ADX Data values").
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

ADX_NAMESPACE = "urn:ihe:qrph:adx:2015"
ID_SCHEMES = ("UID", "CODE")


@dataclass(frozen=True)
class DataValue:
    """One number for the receiver: a data element (with its category option combo, "" for the data set's
    default) of an org unit in a month (the month's first day)."""

    data_element: str
    org_unit: str
    month: datetime.date
    category_option_combo: str
    value: int


def period_code(month: datetime.date) -> str:
    """DHIS2's monthly period: `YYYYMM`."""
    return f"{month:%Y%m}"


def adx_period(month: datetime.date) -> str:
    """ADX's period: the month's first day and a duration of one month."""
    return f"{month.replace(day=1):%Y-%m-%d}/P1M"


def _sorted(values: Iterable[DataValue]) -> list[DataValue]:
    return sorted(values, key=lambda v: (v.month, v.org_unit, v.data_element, v.category_option_combo))


def data_value_set(
    values: Iterable[DataValue], *, data_set: str, id_scheme: str, complete_date: datetime.date | None
) -> dict[str, Any]:
    """A DHIS2 `dataValueSets` payload: every value carries its own period and org unit (the "bulk" form),
    so one file holds several months and org units of one data set."""
    if id_scheme not in ID_SCHEMES:
        raise ValueError(f"idScheme must be one of {ID_SCHEMES}, not {id_scheme!r}")
    payload: dict[str, Any] = {"dataSet": data_set, "idScheme": id_scheme}
    if complete_date is not None:
        payload["completeDate"] = complete_date.isoformat()
    rows = []
    for v in _sorted(values):
        row = {
            "dataElement": v.data_element,
            "period": period_code(v.month),
            "orgUnit": v.org_unit,
            "value": str(v.value),
        }
        if v.category_option_combo:
            row["categoryOptionCombo"] = v.category_option_combo
        rows.append(row)
    payload["dataValues"] = rows
    return payload


def adx_document(values: Iterable[DataValue], *, data_set: str, exported: datetime.datetime) -> str:
    """An ADX message: one `group` per org unit and month, in a stable order. `exported` must be aware (the
    schema's `xs:dateTime`, written with its offset)."""
    if exported.tzinfo is None:
        raise ValueError("exported must be an aware datetime")
    ordered = _sorted(values)
    if not ordered:
        # The schema asks for at least one group of at least one data value.
        raise ValueError("an ADX message needs at least one data value")
    ElementTree.register_namespace("", ADX_NAMESPACE)
    root = ElementTree.Element(_tag("adx"), {"exported": exported.replace(microsecond=0).isoformat()})
    group: ElementTree.Element | None = None
    key: tuple[str, datetime.date] | None = None
    for v in ordered:
        if (v.org_unit, v.month) != key:
            key = (v.org_unit, v.month)
            group = ElementTree.SubElement(
                root,
                _tag("group"),
                {"orgUnit": v.org_unit, "period": adx_period(v.month), "dataSet": data_set},
            )
        assert group is not None
        attributes = {"dataElement": v.data_element, "value": str(v.value)}
        if v.category_option_combo:
            attributes["categoryOptionCombo"] = v.category_option_combo
        ElementTree.SubElement(group, _tag("dataValue"), attributes)
    ElementTree.indent(root)
    body = ElementTree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _tag(name: str) -> str:
    return f"{{{ADX_NAMESPACE}}}{name}"
