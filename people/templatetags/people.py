import datetime
import re

from django import template
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from growth import categories
from people.models import Person
from rules.assessment import INDEX_NAMES
from rules.life_stage import Stage
from rules.screening import PLAUSIBLE_LABELS

register = template.Library()

STAGE_LABELS = {
    Stage.BAYI: gettext_noop("Bayi"),
    Stage.BALITA: gettext_noop("Balita"),
    Stage.APRAS: gettext_noop("Anak prasekolah"),
    Stage.USIA_SEKOLAH: gettext_noop("Usia sekolah"),
    Stage.REMAJA: gettext_noop("Remaja"),
    Stage.DEWASA: gettext_noop("Usia dewasa"),
    Stage.LANSIA: gettext_noop("Lansia"),
}


@register.simple_tag
def age_label(person: Person, on: datetime.date) -> str:
    return person.age_label(on)


@register.simple_tag
def stage_label(person: Person, on: datetime.date) -> str:
    return _(STAGE_LABELS[person.stage(on)])


def _category_labels_en() -> dict[str, str]:
    """PMK 2/2020 category labels (Indonesian, as stored by the growth library) → the regulation's English."""
    out: dict[str, str] = {}
    for index, labels in categories.LABELS.items():
        for code, label in labels.items():
            out.setdefault(label, categories.LABELS_EN[index][code])
    return out


CATEGORY_LABELS_EN = _category_labels_en()


@register.filter
def finding_label(message_id: str) -> str:
    """A finding's label, stored as its Indonesian message id, in the user's language."""
    translated = _(message_id)
    if translated == message_id and get_language() == "en":
        return CATEGORY_LABELS_EN.get(message_id, message_id)
    return translated


# The names a finding's detail may start with ("BB/U: z = −1,75", "LiLA 11,2 cm < 11,5"), longest first so
# a longer name is never cut short by a shorter one.
DETAIL_NAMES = sorted({*INDEX_NAMES.values(), PLAUSIBLE_LABELS["muac_cm"]}, key=len, reverse=True)
DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")


@register.filter
def finding_detail(detail: str) -> str:
    """A finding's detail (its numbers, stored as Indonesian text) on an English page: the indicator it
    starts with translated and decimal points instead of commas."""
    if get_language() != "en" or not detail:
        return detail
    for name in DETAIL_NAMES:
        if detail.startswith(name):
            detail = _(name) + detail[len(name) :]
            break
    return DECIMAL_COMMA.sub(".", detail)


@register.filter
def weeks_on(pregnancy: object, day: datetime.date) -> int:
    return int(pregnancy.weeks_on(day))  # type: ignore[attr-defined]  # a Pregnancy
