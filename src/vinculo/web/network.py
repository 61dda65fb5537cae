"""Pages of the network: the strength of a tie, warm paths, network health, the graph."""

import json

from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from vinculo.network import selectors, services
from vinculo.people.selectors import contact_find, contact_get

from .helpers import is_htmx


def strength(request, contact_id: int):
    """The panel of the contact page: how strong the tie is, and why (loaded by htmx)."""
    contact = contact_get(user=request.user, contact_id=contact_id)
    value = selectors.contact_strength(contact=contact)
    return render(
        request,
        "web/network/_strength.html",
        {
            "contact": contact,
            "strength": value,
            "reasons": selectors.strength_reasons(value),
            "level": selectors.strength_level(value.value),
        },
    )


def paths(request):
    """Who can introduce me to a person (``?contact=`` id or ``?to=`` name), or to someone
    who offers something (``?offering=``)."""
    user = request.user
    to = request.GET.get("to", "").strip()
    offering = request.GET.get("offering", "").strip()
    context = {"to": to, "offering": offering, "searched": False, "choices": []}
    target = None
    if request.GET.get("contact", "").isdigit():
        target = contact_get(user=user, contact_id=int(request.GET["contact"]))
        context["to"] = target.name
    elif to:
        found = contact_find(user=user, ref=to)
        if len(found) == 1:
            target = found[0]
        elif found:
            context["choices"] = sorted(found, key=lambda c: c.pk)[:20]
        else:
            context["unknown"] = to
    if target is not None or (offering and not to):
        context["searched"] = True
        context["target"] = target
        context["paths"] = selectors.warm_paths_find(
            user=user, target=target, offering="" if target else offering
        )
    return render(request, "web/network/paths.html", context)


def path_draft(request):
    """The message asking the first person of a path for the introduction, in their
    language (``?people=12,34,56``: the path's contacts; ``&offer=``: what was looked for)."""
    raw = request.GET.get("people", "")
    ids = [int(part) for part in raw.split(",") if part.strip().isdigit()]
    if not ids or len(ids) < 2:
        return HttpResponseBadRequest(_("Name the people of the path."))
    people = selectors.path_people_get(user=request.user, contact_ids=ids)
    draft = services.path_draft_ask(
        owner=request.user, people=people, offer=request.GET.get("offer", "")
    )
    template = "web/introductions/_draft.html" if is_htmx(request) else "web/network/draft.html"
    return render(request, template, {"draft": draft, "people": people})


def health(request):
    """How healthy the network is: numbers, charts and the lists to act on."""
    page = selectors.network_health_page(user=request.user)
    return render(
        request,
        "web/network/health.html",
        {
            "health": page.document,
            "brokers": page.brokers,
            "losing": page.losing,
            "charts": json.dumps(_charts(page.document)),
        },
    )


def _charts(document: dict) -> dict:
    """What the charts of the health page draw, with their labels in the page's language."""
    states = document["tie_states"]
    balance = document["balance"]
    return {
        "growth": {
            "labels": [row["month"] for row in document["growth"]],
            "added": [row["added"] for row in document["growth"]],
            "total": [row["total"] for row in document["growth"]],
            "added_label": _("added that month"),
            "total_label": _("people in your network"),
        },
        "states": {
            "labels": [_("active"), _("cooling"), _("cold")],
            "values": [states["active"], states["cooling"], states["cold"]],
        },
        "balance": {
            "labels": [_("you gave"), _("you received"), _("both")],
            "values": [balance["gave"], balance["received"], balance["mutual"]],
        },
        **{
            name: {
                "labels": [row["label"] for row in document["diversity"][name]["counts"][:10]],
                "values": [row["count"] for row in document["diversity"][name]["counts"][:10]],
            }
            for name in ("sectors", "tags")
        },
    }


def graph(request):
    return render(request, "web/network/graph.html")


def graph_data(request):
    """Nodes (with position, colour by tag and size by strength) and edges, for the graph."""
    return JsonResponse(selectors.network_graph(user=request.user))
