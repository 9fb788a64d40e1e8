"""`{{ p.pct|percent }}`: a percentage as `rules.percentages.shown` made it, with at least one decimal
(79,96; 80,0), so a figure beside a target verdict shows the decimals that verdict rests on."""

from django import template
from django.template.defaultfilters import floatformat

from rules.percentages import places

register = template.Library()


@register.filter
def percent(value: object) -> str:
    """No value (None) gives an empty string, so `|default:"–"` still applies."""
    if not isinstance(value, int | float):
        return ""
    return floatformat(value, places(float(value)))
