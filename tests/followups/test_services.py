"""Follow-ups after meeting someone, done and snooze, cadences: the services."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from vinculo.activity import services
from vinculo.activity.models import Cadence, CalendarFeed, FollowUp, Interaction
from vinculo.people import services as people_services

from ..factories import make_contact

pytestmark = pytest.mark.django_db


def open_followups(user):
    return list(
        FollowUp.objects.for_user(user)
        .filter(done=False)
        .order_by("id")
        .values_list("contact__name", "due", "reason")
    )


def test_a_contact_met_today_gets_a_followup_due_tomorrow(user, today):
    make_contact(user, name="Lucía Pérez", met_on=today, met_where="Desayuno de la Cámara")
    assert open_followups(user) == [("Lucía Pérez", today + timedelta(days=1), "met")]


def test_quick_add_at_an_event_gets_a_followup_due_tomorrow(user, today):
    people_services.contact_quick_add(owner=user, name="Íñigo Muñoz", where="Feria")
    assert open_followups(user) == [("Íñigo Muñoz", today + timedelta(days=1), "met")]


def test_a_contact_without_a_meeting_date_gets_no_followup(user):
    make_contact(user, name="Sin Fecha")
    assert open_followups(user) == []


def test_an_old_meeting_gets_no_followup(user, days_ago):
    make_contact(
        user, name="Hace Tiempo", met_on=days_ago(services.MEETING_FOLLOWUP_WINDOW_DAYS + 1)
    )
    make_contact(user, name="Hace Poco", met_on=days_ago(services.MEETING_FOLLOWUP_WINDOW_DAYS))
    assert open_followups(user) == [
        ("Hace Poco", days_ago(services.MEETING_FOLLOWUP_WINDOW_DAYS - 1), "met")
    ]


def test_followup_after_meeting_is_idempotent_and_learns_the_event(user, today):
    contact = make_contact(user, name="Lucía Pérez", met_on=today)
    event = services.event_create(owner=user, name="Desayuno", date=today)
    again = services.followup_after_meeting(owner=user, contact=contact, met_on=today, event=event)
    assert open_followups(user) == [("Lucía Pérez", today + timedelta(days=1), "event")]
    assert again.event == event


def test_setting_a_meeting_date_later_plans_the_followup(user, today):
    contact = make_contact(user, name="Lucía Pérez")
    people_services.contact_update(contact=contact, met_on=today)
    people_services.contact_update(contact=contact, met_on=today, notes="otra vez")
    assert open_followups(user) == [("Lucía Pérez", today + timedelta(days=1), "met")]


def test_done_marks_it_done_today_and_logs_nothing(user, today):
    contact = make_contact(user, name="Lucía Pérez", met_on=today)
    followup = FollowUp.objects.for_user(user).get()
    services.followup_done(followup=followup)
    followup.refresh_from_db()
    assert (followup.done, followup.done_on) == (True, today)
    assert Interaction.objects.for_user(user).filter(contact=contact).count() == 0


def test_done_and_log_records_the_interaction(user, today):
    contact = make_contact(user, name="Lucía Pérez", met_on=today)
    followup = FollowUp.objects.for_user(user).get()
    services.followup_done(followup=followup, log_kind="email", summary="Le mandé la propuesta")
    assert list(
        Interaction.objects.for_user(user).values_list("contact", "kind", "date", "summary")
    ) == [(contact.pk, "email", today, "Le mandé la propuesta")]


def test_snooze_moves_it_from_today(user, today, days_ago):
    contact = make_contact(user, name="Lucía Pérez")
    followup = services.followup_create(owner=user, contact=contact, due=days_ago(3))
    services.followup_snooze(followup=followup, days=7)
    followup.refresh_from_db()
    assert (followup.due, followup.snoozed_on, followup.done) == (
        today + timedelta(days=7),
        today,
        False,
    )


def test_keep_in_touch_done_and_snooze(user, today):
    contact = make_contact(user, name="Lucía Pérez")
    services.keep_in_touch_done(owner=user, contact=contact, log_kind="call", summary="Charla")
    services.keep_in_touch_snooze(owner=user, contact=contact, days=1)
    assert list(
        FollowUp.objects.for_user(user)
        .order_by("id")
        .values_list("reason", "due", "done", "done_on", "snoozed_on")
    ) == [
        ("cadence", today, True, today, None),
        ("cadence", today + timedelta(days=1), False, None, today),
    ]
    assert list(Interaction.objects.for_user(user).values_list("kind", "summary")) == [
        ("call", "Charla")
    ]


def test_cadence_set_creates_then_changes_one_per_tag_or_contact(user):
    contact = make_contact(user, name="Lucía Pérez", tags=["clientes"])
    tag = contact.tags.get()
    services.cadence_set(owner=user, tag=tag, ideal_days=30, max_days=45)
    services.cadence_set(owner=user, tag=tag, ideal_days=14, max_days=30)
    services.cadence_set(owner=user, contact=contact, ideal_days=7, max_days=10)
    assert list(
        Cadence.objects.for_user(user)
        .order_by("id")
        .values_list("tag__name", "contact__name", "ideal_days", "max_days")
    ) == [("clientes", None, 14, 30), (None, "Lucía Pérez", 7, 10)]


def test_cadence_refuses_a_maximum_shorter_than_the_ideal(user):
    contact = make_contact(user, name="Lucía Pérez")
    with pytest.raises(ValidationError) as caught:
        services.cadence_set(owner=user, contact=contact, ideal_days=30, max_days=10)
    assert caught.value.code == "cadence_interval"
    assert Cadence.objects.for_user(user).count() == 0


def test_calendar_feed_renew_replaces_the_token_and_revoke_removes_it(user):
    first = services.calendar_feed_renew(owner=user).token
    second = services.calendar_feed_renew(owner=user).token
    assert first != second and len(second) == 43
    assert list(CalendarFeed.objects.for_user(user).values_list("token", flat=True)) == [second]
    services.calendar_feed_revoke(owner=user)
    assert CalendarFeed.objects.for_user(user).count() == 0
