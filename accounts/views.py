"""The user pages: an officer's list of the logins of their area, creating and changing a login, and every
user's own password. Each view: parse, check access, call one action, render or redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import actions
from accounts.access import access_user, ensure_can_write
from accounts.forms import ResetPasswordForm, UserForm
from accounts.http import AuthedRequest
from accounts.models import Role, User
from audit.views import render_history
from web import query
from web.form_views import form_view


def _ensure_manager(request: AuthedRequest) -> None:
    ensure_can_write(request.user, allowed=lambda u: u.can_manage_users)


@require_GET
def user_list(request: AuthedRequest) -> HttpResponse:
    _ensure_manager(request)
    qs = (
        User.objects.visible_to(request.user)
        .select_related("region", "posyandu__desa")
        .prefetch_related("desa_coverage")
    )
    q = query.text(request, "q")[:100]
    role = query.choice(request, "peran", _("Peran"), ["", *Role.values], "")
    status = query.choice(request, "status", _("Status"), ["aktif", "nonaktif", "semua"], "aktif")
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q))
    if role:
        qs = qs.filter(role=role)
    if status != "semua":
        qs = qs.filter(is_active=status == "aktif")
    filters = {"q": q, "peran": role, "status": status}
    page = query.page(request, Paginator(qs.order_by("username"), 25))
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": page,
            "filters": filters,
            "query": query.kept(filters),
            "roles": Role.choices,
        },
    )


@require_http_methods(["GET", "POST"])
def user_create(request: AuthedRequest) -> HttpResponse:
    _ensure_manager(request)
    form = UserForm(request.user, request.POST or None, new=True)

    def create(form: UserForm) -> User:
        data = form.cleaned_data
        return actions.create_user(
            request.user,
            username=data["username"],
            password=data["password"],
            role=Role(data["role"]),
            full_name=data["full_name"],
            region=data["region"],
            posyandu=data["posyandu"],
            desa=data["desa"],
            read_only=data["read_only"],
            phone=data["phone"],
            client_uuid=data["client_uuid"],
        )

    return form_view(
        request,
        form,
        create,
        template="form.html",
        context={
            "title": _("Buat akun pengguna"),
            "back_url": reverse("accounts:list"),
            "submit_label": _("Buat akun"),
        },
        redirect_to=lambda user: reverse("accounts:detail", args=[user.pk]),
        success_message=lambda user: _("Pengguna %(name)s telah dibuat.") % {"name": user.username},
    )


@require_GET
def user_detail(request: AuthedRequest, user_id: int) -> HttpResponse:
    target = access_user(request.user, user_id)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "desa": target.desa_coverage.order_by("code"),
            "is_self": target.pk == request.user.pk,
        },
    )


@require_http_methods(["GET", "POST"])
def user_edit(request: AuthedRequest, user_id: int) -> HttpResponse:
    target = access_user(request.user, user_id)
    initial = {
        "full_name": target.get_full_name(),
        "phone": target.phone,
        "role": target.role,
        "region": target.region_id,
        "posyandu": target.posyandu_id,
        "desa": list(target.desa_coverage.values_list("code", flat=True)),
        "read_only": target.read_only,
    }
    form = UserForm(request.user, request.POST or None, initial=initial, new=False)

    def update(form: UserForm) -> User:
        data = form.cleaned_data
        return actions.update_user(
            request.user,
            target,
            role=Role(data["role"]),
            full_name=data["full_name"],
            region=data["region"],
            posyandu=data["posyandu"],
            desa=data["desa"],
            read_only=data["read_only"],
            phone=data["phone"],
        )

    return form_view(
        request,
        form,
        update,
        template="form.html",
        context={
            "title": _("Ubah pengguna %(name)s") % {"name": target.username},
            "back_url": reverse("accounts:detail", args=[target.pk]),
        },
        redirect_to=reverse("accounts:detail", args=[target.pk]),
        success_message=_("Perubahan disimpan."),
    )


@require_POST
def user_set_active(request: AuthedRequest, user_id: int) -> HttpResponse:
    target = access_user(request.user, user_id)
    active = request.POST.get("aktif") == "1"
    try:
        actions.set_user_active(request.user, target, active=active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if active:
            messages.success(request, _("Akun %(name)s diaktifkan kembali.") % {"name": target.username})
        else:
            messages.success(request, _("Akun %(name)s dinonaktifkan.") % {"name": target.username})
    return redirect("accounts:detail", user_id=target.pk)


@require_http_methods(["GET", "POST"])
def user_reset_password(request: AuthedRequest, user_id: int) -> HttpResponse:
    target = access_user(request.user, user_id)
    form = ResetPasswordForm(request.POST or None)
    return form_view(
        request,
        form,
        lambda form: actions.reset_password(request.user, target, password=form.cleaned_data["password"]),
        template="form.html",
        context={
            "title": _("Atur ulang kata sandi %(name)s") % {"name": target.username},
            "back_url": reverse("accounts:detail", args=[target.pk]),
            "submit_label": _("Atur kata sandi"),
        },
        redirect_to=reverse("accounts:detail", args=[target.pk]),
        success_message=_(
            "Kata sandi sementara untuk %(name)s telah diatur. Sampaikan kepadanya secara langsung."
        )
        % {"name": target.username},
    )


@require_GET
def user_history(request: AuthedRequest, user_id: int) -> HttpResponse:
    target = access_user(request.user, user_id)
    return render_history(
        request,
        target,
        title=_("Riwayat akun %(name)s") % {"name": target.username},
        back_url=reverse("accounts:detail", args=[target.pk]),
    )


class OwnPasswordChangeView(PasswordChangeView):
    """Django's page (old password, the new one twice, the project's validators), saved by the action."""

    template_name = "form.html"
    success_url = reverse_lazy("home")
    extra_context = {
        "title": gettext_lazy("Ubah kata sandi"),
        "submit_label": gettext_lazy("Ubah kata sandi"),
    }

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        user = actions.change_own_password(self.request.user, password=form.cleaned_data["new_password1"])  # type: ignore[arg-type]  # LoginRequiredMiddleware: a project user
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Kata sandi Anda telah diubah."))
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "back_url": reverse("home")}
