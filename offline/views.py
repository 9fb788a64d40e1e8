"""The offline posyandu day's endpoints (docs/offline.md)."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from accounts.http import AuthedRequest
from offline import rule_data
from visits.actions import rules


@require_GET
def rules_json(request: AuthedRequest) -> JsonResponse:
    """The rules in force as data, with texts in the user's language, for the phone's evaluator. Any login
    may read them: they are the programme's public rules, and every role can record a visit."""
    return JsonResponse(rule_data.build(rules()), json_dumps_params={"ensure_ascii": False})
