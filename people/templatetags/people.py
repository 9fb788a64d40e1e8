import datetime

from django import template
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from growth import categories
from people.models import Person
from rules.life_stage import Stage

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


@register.filter
def weeks_on(pregnancy: object, day: datetime.date) -> int:
    return int(pregnancy.weeks_on(day))  # type: ignore[attr-defined]  # a Pregnancy
