"""Events: the list, the event page with its attendees, the prepare sheet, and the capture
at the event (quick add and business-card photo). Thin: parse, call one service or
selector, render."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vinculo.activity import selectors, services
from vinculo.activity.forms import EventForm, EventQuickAddForm
from vinculo.capture import services as capture_services
from vinculo.capture.cards import CardError, card_read
from vinculo.capture.forms import CardPhotoForm
from vinculo.people.forms import ContactForm
from vinculo.people.selectors import contact_get

from .helpers import is_htmx


def _event_fields(form) -> dict:
    return {k: form.cleaned_data[k] for k in ("name", "kind", "date", "place", "notes")}


def event_list(request):
    upcoming, past = selectors.event_list(user=request.user)
    return render(request, "web/events/list.html", {"upcoming": upcoming, "past": past})


def event_create(request):
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = services.event_create(owner=request.user, **_event_fields(form))
        messages.success(request, _("The event was saved: now add who will be there."))
        return redirect(event)
    return render(request, "web/events/form.html", {"form": form, "event": None})


def event_edit(request, event_id: int):
    event = selectors.event_get(user=request.user, event_id=event_id)
    form = EventForm(request.POST or None, initial=EventForm.initial_for(event), kind=event.kind)
    if request.method == "POST" and form.is_valid():
        services.event_update(event=event, **_event_fields(form))
        messages.success(request, _("Changes saved."))
        return redirect(event)
    return render(request, "web/events/form.html", {"form": form, "event": event})


@require_POST
def event_delete(request, event_id: int):
    event = selectors.event_get(user=request.user, event_id=event_id)
    name = event.name
    services.event_delete(event=event)
    messages.success(request, _("%(name)s was deleted.") % {"name": name})
    return redirect("events.list")


def _people_context(request, event, query: str = "") -> dict:
    return {
        "event": event,
        "attendees": selectors.event_attendees(event=event),
        "to_meet": selectors.event_people_to_meet(event=event),
        "query": query,
        "candidates": selectors.event_contact_candidates(
            user=request.user, event=event, query=query
        ),
    }


def event_detail(request, event_id: int):
    event = selectors.event_get(user=request.user, event_id=event_id)
    query = request.GET.get("q", "").strip()
    context = _people_context(request, event, query)
    if is_htmx(request):
        return render(request, "web/events/detail.html#candidates", context)
    return render(request, "web/events/detail.html", context)


@require_POST
def event_people(request, event_id: int):
    """Add or remove a contact among the attendees or the people I want to meet."""
    event = selectors.event_get(user=request.user, event_id=event_id)
    raw = request.POST.get("contact", "")
    contact = contact_get(user=request.user, contact_id=int(raw) if raw.isdigit() else 0)
    which = request.POST.get("list")
    action = request.POST.get("action")
    change = {
        ("attendees", "add"): services.event_attendee_add,
        ("attendees", "remove"): services.event_attendee_remove,
        ("to_meet", "add"): services.event_to_meet_add,
        ("to_meet", "remove"): services.event_to_meet_remove,
    }.get((which, action))
    if change is None:
        messages.error(request, _("Nothing was changed: unknown list or action."))
        return redirect(event)
    change(event=event, contact=contact)
    query = request.POST.get("q", "").strip()
    if is_htmx(request):
        return render(
            request, "web/events/detail.html#people", _people_context(request, event, query)
        )
    url = event.get_absolute_url()
    if query:
        url += "?" + urlencode({"q": query})
    return redirect(url + "#people")


def event_prepare(request, event_id: int):
    event = selectors.event_get(user=request.user, event_id=event_id)
    sheet = selectors.event_prepare(user=request.user, event=event)
    return render(request, "web/events/prepare.html", {"event": event, "sheet": sheet})


def event_capture(request, event_id: int):
    """I just met someone at this event: the name and one line, in two taps."""
    event = selectors.event_get(user=request.user, event_id=event_id)
    form = EventQuickAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact = capture_services.event_contact_capture(
            owner=request.user,
            event=event,
            name=form.cleaned_data["name"],
            notes=form.cleaned_data["line"],
        )
        messages.success(
            request,
            _("%(name)s is in your network. Add another?") % {"name": contact.name},
        )
        return redirect("events.capture", event_id=event.pk)
    return render(
        request,
        "web/events/capture.html",
        {"event": event, "form": form, "card_form": CardPhotoForm()},
    )


def event_card(request, event_id: int):
    """A business-card photo: read it, show the contact form filled in, save when reviewed.

    The photo is posted as ``photo``; the reviewed form comes back with ``review``. Nothing
    is saved before the user sends the reviewed form.
    """
    event = selectors.event_get(user=request.user, event_id=event_id)
    met = capture_services.event_met_defaults(event=event)
    if request.method == "POST" and "review" in request.POST:
        form = ContactForm(request.POST)
        if form.is_valid():
            contact = capture_services.event_contact_capture(
                owner=request.user, event=event, **form.cleaned_data
            )
            messages.success(
                request,
                _("%(name)s is in your network. Add another?") % {"name": contact.name},
            )
            return redirect("events.capture", event_id=event.pk)
        return render(request, "web/events/card_review.html", {"event": event, "form": form})
    photo_form = CardPhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and photo_form.is_valid():
        photo = photo_form.cleaned_data["photo"]
        try:
            # Read no more than the limit and a byte: enough to tell a photo is too large.
            reading = card_read(data=photo.read(settings.CARD_IMAGE_MAX_BYTES + 1))
        except CardError as exc:
            photo_form.add_error("photo", str(exc))
        else:
            form = ContactForm(initial={**reading.initial(), **met})
            return render(request, "web/events/card_review.html", {"event": event, "form": form})
    return render(request, "web/events/card.html", {"event": event, "card_form": photo_form})
