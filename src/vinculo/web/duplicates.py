"""Probable duplicates: the pairs proposed, two contacts side by side, merge or "not the
same". Thin: the selectors in ``people.duplicates`` and the services in ``people.services``
do the work."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vinculo.people import services
from vinculo.people.duplicates import duplicate_get, duplicate_list

# Pairs shown on one page; the count says how many more there are.
SHOWN = 100


def duplicates(request):
    """The page comes at once; the search (a second or more with tens of thousands of
    contacts) is asked for by htmx when it has loaded, or at once with ``?now=1``."""
    htmx = request.headers.get("HX-Request") == "true"
    if not htmx and not request.GET.get("now"):
        return render(request, "web/duplicates/list.html", {"searched": False})
    found = duplicate_list(user=request.user)
    context = {"searched": True, "duplicates": found[:SHOWN], "count": len(found)}
    template = "web/duplicates/list.html#pairs" if htmx else "web/duplicates/list.html"
    return render(request, template, context)


def compare(request, contact_id: int, other_id: int):
    if contact_id == other_id:
        raise Http404
    duplicate = duplicate_get(user=request.user, contact_id=contact_id, other_id=other_id)
    return render(request, "web/duplicates/compare.html", {"duplicate": duplicate})


@require_POST
def merge(request, contact_id: int, other_id: int):
    if contact_id == other_id:
        raise Http404
    duplicate = duplicate_get(user=request.user, contact_id=contact_id, other_id=other_id)
    keep, other = duplicate.a, duplicate.b
    if request.POST.get("keep") == str(other.pk):
        keep, other = other, keep
    merged = services.contact_merge(owner=request.user, keep=keep, other=other)
    messages.success(
        request,
        _("%(other)s and %(name)s are one contact now: %(name)s.")
        % {"other": other.name, "name": merged.name},
    )
    return redirect(merged)


@require_POST
def dismiss(request, contact_id: int, other_id: int):
    if contact_id == other_id:
        raise Http404
    duplicate = duplicate_get(user=request.user, contact_id=contact_id, other_id=other_id)
    services.duplicate_dismiss(owner=request.user, a=duplicate.a, b=duplicate.b)
    messages.success(
        request,
        _("%(a)s and %(b)s will not be proposed as duplicates again.")
        % {"a": duplicate.a.name, "b": duplicate.b.name},
    )
    return redirect("duplicates.list")
