"""Pages of an event's meeting rounds: plan them, and print the plan by round and by
attendee."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vinculo.activity.selectors import event_get
from vinculo.rounds import selectors, services
from vinculo.rounds.forms import ScheduleForm


def plan(request, event_id: int):
    """The form (rounds, people per meeting) and the plans made before for this event."""
    user = request.user
    event = event_get(user=user, event_id=event_id)
    form = ScheduleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            schedule = services.event_schedule_create(
                owner=user,
                event=event,
                rounds=form.cleaned_data["rounds"],
                table_size=form.cleaned_data["table_size"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(name, error)
            else:
                form.add_error(None, exc)
        else:
            return redirect("rounds.detail", schedule_id=schedule.pk)
    return render(
        request,
        "web/rounds/plan.html",
        {
            "event": event,
            "form": form,
            "attendees": selectors.event_attendees(user=user, event=event),
            "schedules": selectors.schedule_list(user=user, event=event),
        },
        status=400 if form.errors else 200,
    )


def detail(request, schedule_id: int):
    """The plan to print: every round with its pairs or tables and why they meet, then a
    page per attendee in their own language."""
    schedule = selectors.schedule_get(user=request.user, schedule_id=schedule_id)
    sheet = selectors.schedule_sheet(
        user=request.user, schedule=schedule, language=get_language() or "es"
    )
    return render(request, "web/rounds/detail.html", {"sheet": sheet, "event": schedule.event})


@require_POST
def delete(request, schedule_id: int):
    schedule = selectors.schedule_get(user=request.user, schedule_id=schedule_id)
    event = schedule.event
    services.event_schedule_delete(schedule=schedule)
    messages.success(request, _("Meeting plan deleted."))
    return redirect("rounds.plan", event_id=event.pk)
