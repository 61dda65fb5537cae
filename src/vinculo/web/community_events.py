"""Pages of community events: the list, an event with its answers (RSVP in place with
htmx), the organisers' forms, the meeting rounds (planned and printed by organisers, each
member's own schedule) and the organisers' health page of the community.

Every page starts from the viewer's membership: another community's event answers 404,
and what only organisers may do answers 403 to members.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vinculo.communities import selectors as community_selectors
from vinculo.communities.events import selectors, services
from vinculo.communities.events.enums import RsvpAnswer
from vinculo.communities.events.forms import EventForm, ScheduleForm

from .helpers import form_errors, is_htmx


def _viewer(request, workspace_slug: str):
    return community_selectors.workspace_membership_get(user=request.user, slug=workspace_slug)


def _organiser(request, workspace_slug: str):
    viewer = _viewer(request, workspace_slug)
    if not viewer.is_organiser:
        raise PermissionDenied
    return viewer


def event_list(request, workspace_slug: str):
    viewer = _viewer(request, workspace_slug)
    return render(
        request,
        "web/communities/events/list.html",
        {
            "viewer": viewer,
            "workspace": viewer.workspace,
            **selectors.event_list(viewer=viewer),
        },
    )


def _event_form_page(request, viewer, event=None):
    initial = {}
    if event is not None:
        initial = {
            "title": event.title,
            "starts_at": event.starts_at,
            "place": event.place,
            "capacity": event.capacity,
            "description": event.description,
        }
    form = EventForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if event is None:
                event = services.event_create(actor=viewer, **form.cleaned_data)
                messages.success(request, _("Event created: the members can answer now."))
            else:
                services.event_update(actor=viewer, event=event, **form.cleaned_data)
                messages.success(request, _("Event saved."))
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return redirect(
                "communities.events.detail",
                workspace_slug=viewer.workspace.slug,
                community_event_id=event.pk,
            )
    return render(
        request,
        "web/communities/events/form.html",
        {"viewer": viewer, "workspace": viewer.workspace, "form": form, "event": event},
        status=400 if form.errors else 200,
    )


def event_create(request, workspace_slug: str):
    return _event_form_page(request, _organiser(request, workspace_slug))


def event_edit(request, workspace_slug: str, community_event_id: int):
    viewer = _viewer(request, workspace_slug)
    event = selectors.event_get(viewer=viewer, event_id=community_event_id)
    if not viewer.is_organiser:
        raise PermissionDenied
    return _event_form_page(request, viewer, event)


def _detail_context(viewer, event) -> dict:
    return {
        "viewer": viewer,
        "workspace": viewer.workspace,
        "event": event,
        "attendance": selectors.event_attendance(viewer=viewer, event=event),
        "answers": RsvpAnswer.choices,
        "waiting_position": selectors.waiting_position(event=event, rsvp=event.my_rsvp),
        "has_plan": selectors.schedule_latest(event=event) is not None,
    }


def event_detail(request, workspace_slug: str, community_event_id: int):
    viewer = _viewer(request, workspace_slug)
    event = selectors.event_get(viewer=viewer, event_id=community_event_id)
    return render(request, "web/communities/events/detail.html", _detail_context(viewer, event))


@require_POST
def event_rsvp(request, workspace_slug: str, community_event_id: int):
    """Answer yes, maybe or no; with htmx only the answer box and the attendees change."""
    viewer = _viewer(request, workspace_slug)
    event = selectors.event_get(viewer=viewer, event_id=community_event_id)
    error = None
    try:
        services.rsvp_set(membership=viewer, event=event, answer=request.POST.get("answer", ""))
    except ValidationError as exc:
        error = " ".join(exc.messages)
    event = selectors.event_get(viewer=viewer, event_id=community_event_id)
    if is_htmx(request):
        # htmx swaps only successful answers: a refusal is shown in the box it replaces.
        context = _detail_context(viewer, event) | {"rsvp_error": error}
        return render(request, "web/communities/events/detail.html#answers", context)
    if error:
        messages.error(request, error)
    return redirect(
        "communities.events.detail", workspace_slug=workspace_slug, community_event_id=event.pk
    )


@require_POST
def event_cancel(request, workspace_slug: str, community_event_id: int):
    viewer = _viewer(request, workspace_slug)
    event = selectors.event_get(viewer=viewer, event_id=community_event_id)
    services.event_cancel(actor=viewer, event=event)
    messages.success(request, _("Event cancelled."))
    return redirect(
        "communities.events.detail", workspace_slug=workspace_slug, community_event_id=event.pk
    )


def event_rounds(request, workspace_slug: str, community_event_id: int):
    """For organisers: plan meeting rounds among the members going, and the plans made."""
    viewer = _viewer(request, workspace_slug)
    event = selectors.event_get(viewer=viewer, event_id=community_event_id)
    if not viewer.is_organiser:
        raise PermissionDenied
    form = ScheduleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            schedule = services.event_schedule_create(
                actor=viewer,
                event=event,
                rounds=form.cleaned_data["rounds"],
                table_size=form.cleaned_data["table_size"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return redirect(
                "communities.events.plan",
                workspace_slug=workspace_slug,
                community_event_id=event.pk,
                community_schedule_id=schedule.pk,
            )
    return render(
        request,
        "web/communities/events/rounds.html",
        {
            "viewer": viewer,
            "workspace": viewer.workspace,
            "event": event,
            "form": form,
            "going": selectors.going_members(event=event),
            "schedules": selectors.schedule_list(viewer=viewer, event=event),
        },
        status=400 if form.errors else 200,
    )


def event_plan(request, workspace_slug: str, community_event_id: int, community_schedule_id: int):
    """For organisers: a plan to print, by round and by attendee (each in their language)."""
    viewer = _viewer(request, workspace_slug)
    event = selectors.event_get(viewer=viewer, event_id=community_event_id)
    schedule = selectors.schedule_get(viewer=viewer, event=event, schedule_id=community_schedule_id)
    if not viewer.is_organiser:
        raise PermissionDenied
    sheet = selectors.schedule_sheet(
        viewer=viewer, schedule=schedule, language=get_language() or ""
    )
    return render(
        request,
        "web/communities/events/plan.html",
        {"viewer": viewer, "workspace": viewer.workspace, "event": event, "sheet": sheet},
    )


@require_POST
def event_plan_delete(
    request, workspace_slug: str, community_event_id: int, community_schedule_id: int
):
    viewer = _viewer(request, workspace_slug)
    event = selectors.event_get(viewer=viewer, event_id=community_event_id)
    schedule = selectors.schedule_get(viewer=viewer, event=event, schedule_id=community_schedule_id)
    services.event_schedule_delete(actor=viewer, schedule=schedule)
    messages.success(request, _("Meeting plan deleted."))
    return redirect(
        "communities.events.rounds", workspace_slug=workspace_slug, community_event_id=event.pk
    )


def event_my_rounds(request, workspace_slug: str, community_event_id: int):
    """A member's own schedule in the latest plan of the event, in their language."""
    viewer = _viewer(request, workspace_slug)
    event = selectors.event_get(viewer=viewer, event_id=community_event_id)
    schedule = selectors.schedule_latest(event=event)
    sheet = None
    if schedule is not None:
        sheet = selectors.schedule_sheet(
            viewer=viewer, schedule=schedule, language=get_language() or "", only_member=viewer.pk
        )
    return render(
        request,
        "web/communities/events/my_rounds.html",
        {
            "viewer": viewer,
            "workspace": viewer.workspace,
            "event": event,
            "mine": sheet.attendees[0] if sheet and sheet.attendees else None,
            "planned": schedule is not None,
        },
    )


def health(request, workspace_slug: str):
    """For organisers: how alive the community is, with charts."""
    viewer = _organiser(request, workspace_slug)
    figures = selectors.community_health(viewer=viewer)
    return render(
        request,
        "web/communities/events/health.html",
        {
            "viewer": viewer,
            "workspace": viewer.workspace,
            "health": figures,
            "charts": json.dumps(selectors.health_charts(figures)),
        },
    )
