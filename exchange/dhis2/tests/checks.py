"""What a receiver checks in our files, written down from its documentation, for the tests.

- ADX: the profile's schema, vendored in `exchange/dhis2/schema/` (see its README), read with `xmlschema`
  (a test-only dependency).
- JSON: DHIS2 publishes no JSON Schema for `dataValueSets`; this is its documented form written as pydantic
  models with no extra fields allowed. DHIS2 Developer manual, "Data values" › "Sending data values" and
  "Sending bulks of data values" (https://docs.dhis2.org/en/develop/using-the-api/dhis-core-version-master/
  data.html#webapi_sending_data_values): a data value set has `dataSet`, `completeDate`, `period`,
  `orgUnit`, `attributeOptionCombo` and `dataValues`; each data value `dataElement`, `period`, `orgUnit`,
  `categoryOptionCombo`, `attributeOptionCombo`, `value` (a string) and `comment`; the identifier schemes
  (`idScheme`, `dataElementIdScheme`, `orgUnitIdScheme`, ...) may be given in the payload ("Identifier
  schemes"). Periods: "Date and period format", monthly `yyyyMM`.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

import xmlschema
from pydantic import BaseModel, ConfigDict, field_validator

SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "adx.xsd"
MONTHLY = re.compile(r"^\d{4}(0[1-9]|1[0-2])$")


def adx_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMA))


def _number(value: str) -> str:
    try:
        Decimal(value)
    except InvalidOperation:
        raise ValueError(f"value {value!r} is not a number") from None
    if not re.fullmatch(r"-?\d+(\.\d+)?", value):
        raise ValueError(f"value {value!r} is not written as a plain number")
    return value


def _period(value: str) -> str:
    if not MONTHLY.match(value):
        raise ValueError(f"period {value!r} is not a monthly period YYYYMM")
    return value


class DataValue(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    dataElement: str
    period: str
    orgUnit: str
    categoryOptionCombo: str | None = None
    attributeOptionCombo: str | None = None
    value: str
    comment: str | None = None

    @field_validator("value")
    @classmethod
    def _numeric(cls, value: str) -> str:
        return _number(value)

    @field_validator("period")
    @classmethod
    def _monthly(cls, value: str) -> str:
        return _period(value)


class DataValueSet(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    dataSet: str | None = None
    completeDate: str | None = None
    period: str | None = None
    orgUnit: str | None = None
    attributeOptionCombo: str | None = None
    idScheme: Literal["UID", "CODE", "uid", "code"] | None = None
    dataElementIdScheme: str | None = None
    orgUnitIdScheme: str | None = None
    dataValues: list[DataValue]

    @field_validator("period")
    @classmethod
    def _monthly(cls, value: str | None) -> str | None:
        return None if value is None else _period(value)


def check_data_value_set(payload: Any) -> DataValueSet:
    """The payload as DHIS2 documents it, or pydantic's ValidationError."""
    return DataValueSet.model_validate(payload)
