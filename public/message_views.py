"""The page where an officer sets the Tim Pembina's message printed on the kartu posyandu of their region."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.access import ensure_can_write
from accounts.http import AuthedRequest
from public.card_actions import set_card_message
from public.models import CardMessage, card_message
from public.views import _own_codes
from regions.access import access_region
from regions.models import Region
from web import query


class CardMessageForm(forms.Form):
    wilayah = forms.CharField(max_length=20, widget=forms.HiddenInput)
    text = forms.CharField(label=gettext_lazy("Pesan"), max_length=200, required=False)


@require_http_methods(["GET", "POST"])
def card_message_page(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        return _post(request)
    user = request.user
    code = query.region(request)
    region = Region.objects.visible_to(user).filter(code=code).first() if code else None
    context: dict[str, Any] = {
        "region": region,
        "mine": Region.objects.visible_to(user).filter(code__in=_own_codes(user)).order_by("code"),
        "can_write": user.can_write and user.is_officer,
    }
    if region is not None:
        context["current"] = card_message([region.code, *reversed([a.code for a in region.ancestors()])])
        context["own"] = (
            CardMessage.objects.filter(region=region).values_list("text", flat=True).first() or ""
        )
    return render(request, "public/card_message.html", context)


def _post(request: AuthedRequest) -> HttpResponse:
    user = request.user
    ensure_can_write(user, allowed=lambda u: u.is_officer)
    form = CardMessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pesan paling banyak 200 huruf; tidak ada yang diubah."))
        return redirect("public:card_message")
    region = access_region(user, form.cleaned_data["wilayah"], write=True)
    set_card_message(user, region, form.cleaned_data["text"])
    messages.success(
        request, _("Pesan kartu posyandu %(region)s disimpan.") % {"region": region.display_name}
    )
    return redirect(f"{reverse('public:card_message')}?{query.kept({'wilayah': region.code}).urlencode()}")
