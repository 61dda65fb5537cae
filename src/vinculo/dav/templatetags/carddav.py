"""``{% carddav_box %}``: the address-book sync box of the profile page."""

from django import template
from django.urls import reverse

from vinculo.dav.forms import AppPasswordForm
from vinculo.dav.selectors import app_password_list

register = template.Library()


@register.inclusion_tag("web/dav/_carddav.html", takes_context=True)
def carddav_box(context):
    request = context["request"]
    return {
        "server_url": request.build_absolute_uri(reverse("dav")),
        "username": request.user.get_username(),
        "passwords": app_password_list(user=request.user),
        "form": AppPasswordForm(),
        "csrf_token": context.get("csrf_token"),
    }
