"""Pages show a percentage with the decimals its target verdict rests on (`|percent`)."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from rules.prevalence import Prevalence


def test_a_prevalence_just_above_its_target_is_shown_with_two_decimals() -> None:
    template = Template(
        "{% load percentages %}{{ p.pct|percent }} % / +{{ p.gap|percent }} / {{ none|percent }}"
    )
    with translation.override("id"):
        shown = template.render(
            Context({"p": Prevalence("stunting", 1404, 10_000, 12_000, 14.0), "none": None})
        )
    assert shown == "14,04 % / +0,04 / "
    with translation.override("id"):
        assert Template("{% load percentages %}{{ v|percent }}").render(Context({"v": 80.0})) == "80,0"
