"""`audit.log.validate`: Django's full validation, without looking up again a row the action already holds."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.log import validate
from people.models import Household

pytestmark = pytest.mark.django_db


def test_a_held_foreign_key_is_not_looked_up_again(world: Any) -> None:
    household = Household(head_name="Budi", posyandu=world.posyandu_a, desa=world.posyandu_a.desa)
    with CaptureQueriesContext(connection) as ctx:
        validate(household)
    looked_up = [q["sql"] for q in ctx.captured_queries if "posyandu_posyandu" in q["sql"]]
    assert looked_up == []


def test_a_key_given_as_an_id_is_still_checked_and_every_error_is_kept(world: Any) -> None:
    household = Household(head_name="", posyandu_id=999_999, desa=world.posyandu_a.desa, kk_number="12ab")
    with pytest.raises(ValidationError) as refused:
        validate(household)
    assert set(refused.value.message_dict) == {"head_name", "posyandu", "kk_number"}
