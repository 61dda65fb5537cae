"""Follow-ups: the Today list, keep-in-touch cadences and the calendar feed."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from vinculo.activity import selectors, services
from vinculo.activity.forms import (
    CadenceForm,
    FollowUpDoneForm,
    FollowUpForm,
    SnoozeForm,
    TagCadenceForm,
)
from vinculo.people.selectors import contact_get, tag_list

from .helpers import is_htmx

TODAY_LIMIT = 25  # items shown on the Today list; the command line and the API give all
UPCOMING_DAYS = 7


def _feed_url(request, feed) -> str | None:
    if feed is None:
        return None
    return request.build_absolute_uri(reverse("calendar.feed", kwargs={"feed_token": feed.token}))


def today(request):
    user = request.user
    today = timezone.localdate()
    due = selectors.followups_due(
        user=user, due_by=today + timedelta(days=UPCOMING_DAYS), limit=TODAY_LIMIT
    )
    now = [d for d in due.items if d.overdue_days >= 0]
    upcoming = [d for d in due.items if d.overdue_days < 0]
    prefetch_related_objects([d.contact for d in now], "needs")
    for n, entry in enumerate(now):
        # One form per line, with ids of its own (the field names stay the same).
        entry.done_form = FollowUpDoneForm(auto_id=f"due{n}_%s")
        entry.draft = selectors.followup_draft(
            owner=user,
            contact=entry.contact,
            reason=entry.reason,
            event=entry.followup.event if entry.followup else None,
        )
    return render(
        request,
        "web/followups/today.html",
        {
            "now": now,
            "upcoming": upcoming,
            "more": due.total - len(due.items),
            "feed_url": _feed_url(request, selectors.calendar_feed_get(user=user)),
        },
    )


def today_rate(request):
    """The follow-up rate after events, loaded after the list (it reads every contact
    met in the last 90 days)."""
    rate = selectors.followup_rate_after_events(user=request.user)
    return render(request, "web/followups/_rate.html", {"rate": rate})


def _handled(request, text: str):
    """The answer to done or snooze: a line in place of the item (htmx), else back to Today."""
    if is_htmx(request):
        return render(request, "web/followups/_handled.html", {"text": text})
    messages.success(request, text)
    return redirect("followups.today")


def _done(request, done):
    form = FollowUpDoneForm(request.POST)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    summary = form.cleaned_data["summary"] if form.is_valid() else ""
    contact = done(log_kind=kind or None, summary=summary)
    if kind:
        text = _("Done, and logged on %(name)s's timeline.") % {"name": contact.name}
    else:
        text = _("Done: %(name)s.") % {"name": contact.name}
    return _handled(request, text)


def _snooze(request, snooze):
    form = SnoozeForm(request.POST)
    days = form.cleaned_data["days"] if form.is_valid() else 1
    contact, due = snooze(days=days)
    return _handled(
        request,
        _("%(name)s: put off until %(date)s.") % {"name": contact.name, "date": _short_day(due)},
    )


def _short_day(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


@require_POST
def followup_done(request, followup_id: int):
    followup = selectors.followup_get(user=request.user, followup_id=followup_id)

    def done(**kwargs):
        services.followup_done(followup=followup, **kwargs)
        return followup.contact

    return _done(request, done)


@require_POST
def followup_snooze(request, followup_id: int):
    followup = selectors.followup_get(user=request.user, followup_id=followup_id)

    def snooze(days):
        services.followup_snooze(followup=followup, days=days)
        return followup.contact, followup.due

    return _snooze(request, snooze)


@require_POST
def keep_in_touch_done(request, contact_id: int):
    contact = contact_get(user=request.user, contact_id=contact_id)

    def done(**kwargs):
        services.keep_in_touch_done(owner=request.user, contact=contact, **kwargs)
        return contact

    return _done(request, done)


@require_POST
def keep_in_touch_snooze(request, contact_id: int):
    contact = contact_get(user=request.user, contact_id=contact_id)

    def snooze(days):
        followup = services.keep_in_touch_snooze(owner=request.user, contact=contact, days=days)
        return contact, followup.due

    return _snooze(request, snooze)


def contact_followups(request, contact_id: int):
    """One contact's keep-in-touch cadence, and a follow-up planned by hand."""
    user = request.user
    contact = contact_get(user=user, contact_id=contact_id)
    cadence = selectors.contact_cadence(user=user, contact=contact)
    initial = {"ideal_days": cadence.ideal_days, "max_days": cadence.max_days} if cadence else {}
    cadence_form = CadenceForm(
        request.POST if request.POST.get("form") == "cadence" else None,
        initial=initial,
        prefix="cadence",
    )
    followup_form = FollowUpForm(
        request.POST if request.POST.get("form") == "followup" else None,
        initial={"due": timezone.localdate() + timedelta(days=1)},
        prefix="followup",
    )
    if request.method == "POST":
        here = reverse("followups.contact", kwargs={"contact_id": contact.pk})
        if request.POST.get("form") == "cadence-remove" and cadence is not None:
            services.cadence_delete(cadence=cadence)
            messages.success(
                request, _("%(name)s has no cadence of their own now.") % {"name": contact.name}
            )
            return redirect(here)
        if cadence_form.is_bound and cadence_form.is_valid():
            services.cadence_set(owner=user, contact=contact, **cadence_form.cleaned_data)
            messages.success(request, _("Cadence saved."))
            return redirect(here)
        if followup_form.is_bound and followup_form.is_valid():
            services.followup_create(owner=user, contact=contact, **followup_form.cleaned_data)
            messages.success(request, _("Follow-up planned."))
            return redirect(here)
    return render(
        request,
        "web/followups/contact.html",
        {
            "contact": contact,
            "cadence": cadence,
            "cadence_form": cadence_form,
            "followup_form": followup_form,
            "open_followups": selectors.contact_followups_open(user=user, contact=contact),
        },
    )


def cadences(request):
    """Keep-in-touch cadences per tag (and the list of contacts with their own)."""
    user = request.user
    tags = tag_list(user=user)
    form = TagCadenceForm(request.POST or None, tags=tags)
    if request.method == "POST" and form.is_valid():
        tag = next(t for t in tags if str(t.pk) == form.cleaned_data["tag"])
        services.cadence_set(
            owner=user,
            tag=tag,
            ideal_days=form.cleaned_data["ideal_days"],
            max_days=form.cleaned_data["max_days"],
        )
        messages.success(request, _("Cadence saved."))
        return redirect("followups.cadences")
    by_tag, by_contact = selectors.cadence_list(user=user)
    return render(
        request,
        "web/followups/cadences.html",
        {"form": form, "by_tag": by_tag, "by_contact": by_contact, "has_tags": bool(tags)},
    )


@require_POST
def cadence_delete(request, cadence_id: int):
    cadence = selectors.cadence_get(user=request.user, cadence_id=cadence_id)
    services.cadence_delete(cadence=cadence)
    messages.success(request, _("Cadence removed."))
    return redirect("followups.cadences")


@require_POST
def calendar_renew(request):
    services.calendar_feed_renew(owner=request.user)
    messages.success(
        request,
        _("Your calendar has a new address; the old one no longer works."),
    )
    return redirect(reverse("web.profile") + "#calendar")


@require_POST
def calendar_revoke(request):
    services.calendar_feed_revoke(owner=request.user)
    messages.success(request, _("The calendar feed is off."))
    return redirect(reverse("web.profile") + "#calendar")


@login_not_required
@require_safe
def calendar_feed(request, feed_token: str):
    """The calendar of follow-ups and events, for calendar applications to subscribe to.

    Public by design: the secret token in the address is the credential (calendar
    applications cannot log in); a wrong or revoked token answers 404.
    """
    owner = selectors.calendar_feed_owner(token=feed_token)
    response = HttpResponse(
        selectors.calendar_feed_ics(user=owner), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="vinculo.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
