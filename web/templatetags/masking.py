"""`{{ value|masked:"nik" }}`: a NIK, No. KK or phone number as pages show it (`rules.personal_data`)."""

from django import template

from rules.personal_data import masked as masked_value

register = template.Library()


@register.filter
def masked(value: object, field: str) -> object:
    """`value` masked by the rule for the stored field `field` ("nik", "kk_number", "phone")."""
    return masked_value(field, value)
