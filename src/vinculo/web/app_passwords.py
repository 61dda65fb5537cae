"""App passwords for CardDAV, from the profile page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vinculo.dav import selectors, services
from vinculo.dav.forms import AppPasswordForm
from vinculo.dav.models import AppPassword


@require_POST
def app_password_create(request):
    form = AppPasswordForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the device a name."))
        return redirect(reverse("web.profile") + "#carddav")
    password, secret = services.app_password_create(
        user=request.user, label=form.cleaned_data["label"]
    )
    return render(
        request,
        "web/dav/app_password_created.html",
        {
            "password": password,
            "secret": secret,
            "server_url": request.build_absolute_uri(reverse("dav")),
            "username": request.user.get_username(),
        },
    )


@require_POST
def app_password_revoke(request, password_id: int):
    try:
        password = selectors.app_password_get(user=request.user, password_id=password_id)
    except AppPassword.DoesNotExist:
        raise Http404 from None
    services.app_password_revoke(password=password)
    messages.success(
        request, _("The app password “%(label)s” was revoked.") % {"label": password.label}
    )
    return redirect(reverse("web.profile") + "#carddav")
