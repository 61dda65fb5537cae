"""The calendar feed: a secret address that calendar applications subscribe to."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse

from vinculo.activity import services
from vinculo.activity.models import CalendarFeed, FollowUp

from ..factories import make_contact

pytestmark = pytest.mark.django_db


def feed_url(token: str) -> str:
    return reverse("calendar.feed", kwargs={"feed_token": token})


def events_of(response) -> list[tuple]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return sorted(
        (
            str(e["UID"]),
            str(e["SUMMARY"]),
            e.decoded("DTSTART"),
            e.decoded("DTEND"),
            str(e.get("LOCATION", "")),
        )
        for e in calendar.walk("VEVENT")
    )


@pytest.fixture
def planned(user, today):
    user.language = "en"
    user.save()
    lucia = make_contact(user, name="Lucía Pérez", met_on=today, met_where="Feria")
    luis = make_contact(user, name="Luis Gómez")
    services.interaction_log(
        owner=user, contact=luis, kind="call", direction="mutual", date=today - timedelta(days=5)
    )
    services.cadence_set(owner=user, contact=luis, ideal_days=14, max_days=30)
    event = services.event_create(
        owner=user, name="Desayuno de la Cámara", date=today + timedelta(days=3), place="Bilbao"
    )
    return {"lucia": lucia, "luis": luis, "event": event}


def test_the_feed_holds_followups_cadences_and_events(client, user, planned, today):
    token = services.calendar_feed_renew(owner=user).token
    response = client.get(feed_url(token))  # no login: calendar applications cannot
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    followup = FollowUp.objects.for_user(user).get()
    day = timedelta(days=1)
    assert events_of(response) == sorted(
        [
            (
                f"followup-{followup.pk}@vinculo",
                "Follow up with Lucía Pérez",
                today + day,
                today + 2 * day,
                "",
            ),
            (
                f"keep-in-touch-{planned['luis'].pk}@vinculo",
                "Keep in touch with Luis Gómez",
                today + 9 * day,
                today + 10 * day,
                "",
            ),
            (
                f"event-{planned['event'].pk}@vinculo",
                "Desayuno de la Cámara",
                today + 3 * day,
                today + 4 * day,
                "Bilbao",
            ),
        ]
    )
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Vínculo: follow-ups and events"


def test_the_feed_leaves_out_what_is_done(client, user, planned):
    token = services.calendar_feed_renew(owner=user).token
    services.followup_done(followup=FollowUp.objects.for_user(user).get())
    summaries = [e[1] for e in events_of(client.get(feed_url(token)))]
    assert summaries == ["Desayuno de la Cámara", "Keep in touch with Luis Gómez"]


def test_a_wrong_token_answers_404(client, user, planned):
    services.calendar_feed_renew(owner=user)
    assert client.get(feed_url("not-the-token")).status_code == 404


def test_renewing_gives_a_new_address_and_the_old_one_answers_404(auth_client, client, user):
    old = services.calendar_feed_renew(owner=user).token
    response = auth_client.post(reverse("calendar.renew"))
    assert response.url == reverse("web.profile") + "#calendar"
    new = CalendarFeed.objects.for_user(user).get().token
    assert new != old
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


def test_revoking_turns_the_feed_off(auth_client, client, user):
    token = services.calendar_feed_renew(owner=user).token
    auth_client.post(reverse("calendar.revoke"))
    assert client.get(feed_url(token)).status_code == 404
    assert CalendarFeed.objects.for_user(user).count() == 0


def test_the_profile_shows_the_address_to_subscribe_to(auth_client, user):
    body = auth_client.get(reverse("web.profile")).content.decode()
    assert reverse("calendar.renew") in body and "calendar-url" not in body
    token = services.calendar_feed_renew(owner=user).token
    body = auth_client.get(reverse("web.profile")).content.decode()
    assert f'<code id="calendar-url">http://testserver{feed_url(token)}</code>' in body
    assert reverse("calendar.revoke") in body


def test_the_feed_answers_only_get(client, user):
    token = services.calendar_feed_renew(owner=user).token
    assert client.post(feed_url(token)).status_code == 405


def test_cadences_already_overdue_stay_on_the_today_list(client, user, planned, today):
    # Luis's last call was five days ago: every two days, he is overdue.
    cadence = planned["luis"].cadences.get()
    services.cadence_set(owner=user, contact=planned["luis"], ideal_days=2, max_days=3)
    token = services.calendar_feed_renew(owner=user).token
    summaries = [e[1] for e in events_of(client.get(feed_url(token)))]
    assert summaries == ["Desayuno de la Cámara", "Follow up with Lucía Pérez"]
    assert cadence.pk == planned["luis"].cadences.get().pk
