"""What is due and why, the follow-up rate after events, and the suggested messages."""

from datetime import timedelta

import pytest
from django.utils import formats

from vinculo.activity import selectors, services
from vinculo.activity.models import FollowUp

from ..factories import UserFactory, make_contact

pytestmark = pytest.mark.django_db


def day(value):
    return formats.date_format(value, "DATE_FORMAT")


def log(user, contact, date, kind="call"):
    services.interaction_log(owner=user, contact=contact, kind=kind, direction="mutual", date=date)


@pytest.fixture
def network(user, days_ago):
    """Six people: some due (for different reasons), some not."""
    clients = make_contact(user, name="Ana Cliente", tags=["clientes"])
    log(user, clients, days_ago(40))
    tag = clients.tags.get()
    services.cadence_set(owner=user, tag=tag, ideal_days=30, max_days=45)
    close = make_contact(user, name="Beatriz Cercana")
    log(user, close, days_ago(20))
    services.cadence_set(owner=user, contact=close, ideal_days=7, max_days=10)
    make_contact(user, name="Carlos Feria", met_on=days_ago(1), met_where="Feria")
    planned = make_contact(user, name="Diana Plan")
    services.followup_create(owner=user, contact=planned, due=days_ago(3), note="Enviar propuesta")
    recent = make_contact(user, name="Elena Reciente", tags=["clientes"])
    log(user, recent, days_ago(5))
    slow = make_contact(user, name="Fernando Lento", tags=["clientes"])
    log(user, slow, days_ago(40))
    services.cadence_set(owner=user, contact=slow, ideal_days=90, max_days=120)
    return {"clients": clients, "close": close}


def test_due_items_most_overdue_first_with_why(user, network, days_ago, english):
    due = selectors.followups_due(user=user)
    assert [(d.contact.name, d.due, d.overdue_days, d.why) for d in due.items] == [
        (
            "Beatriz Cercana",
            days_ago(13),
            13,
            f"Keep in touch every 7 days; last contact on {day(days_ago(20))}. "
            "Going cold: more than 10 days without contact.",
        ),
        (
            "Ana Cliente",
            days_ago(10),
            10,
            f"Keep in touch every 30 days; last contact on {day(days_ago(40))}.",
        ),
        ("Diana Plan", days_ago(3), 3, "Enviar propuesta"),
        ("Carlos Feria", days_ago(0), 0, f"You met at Feria on {day(days_ago(1))}: follow up."),
    ]
    assert due.total == 4


def test_due_by_a_later_day_adds_what_comes_due_until_then(user, network, days_ago, english):
    # Elena (last call 5 days ago, "clientes" every 30 days) is due in 25 days.
    due = selectors.followups_due(user=user, due_by=days_ago(-25))
    assert [(d.contact.name, d.overdue_days) for d in due.items][-1] == ("Elena Reciente", -25)
    assert due.total == 5


def test_a_logged_interaction_resets_the_cadence(user, network, today, english):
    log(user, network["close"], today)
    names = [d.contact.name for d in selectors.followups_due(user=user).items]
    assert names == ["Ana Cliente", "Diana Plan", "Carlos Feria"]


def test_done_keep_in_touch_resets_the_cadence_and_snooze_puts_it_off(
    user, network, today, english
):
    services.keep_in_touch_done(owner=user, contact=network["close"])
    services.keep_in_touch_snooze(owner=user, contact=network["clients"], days=7)
    assert [d.contact.name for d in selectors.followups_due(user=user).items] == [
        "Diana Plan",
        "Carlos Feria",
    ]
    later = selectors.followups_due(user=user, due_by=today + timedelta(days=7))
    # Both come due in a week: the snoozed one as a follow-up, Beatriz as her cadence.
    assert [(d.contact.name, d.overdue_days, d.why) for d in later.items][-2:] == [
        ("Ana Cliente", -7, f"Keep in touch (put off on {day(today)})."),
        (
            "Beatriz Cercana",
            -7,
            f"Keep in touch every 7 days; last contact on {day(today)}.",
        ),
    ]


def test_a_limit_keeps_the_first_items_and_counts_them_all(user, network, english):
    due = selectors.followups_due(user=user, limit=2)
    assert [d.contact.name for d in due.items] == ["Beatriz Cercana", "Ana Cliente"]
    assert due.total == 4


def test_another_users_followups_and_cadences_stay_theirs(user, network, other_user, english):
    theirs = make_contact(other_user, name="Ajena", tags=["clientes"])
    services.followup_create(owner=other_user, contact=theirs, due=theirs.created_at.date())
    services.cadence_set(owner=other_user, tag=theirs.tags.get(), ideal_days=1, max_days=1)
    assert selectors.followups_due(user=user).total == 4
    assert [d.contact.name for d in selectors.followups_due(user=other_user).items] == ["Ajena"]


def test_due_list_costs_the_same_queries_whatever_the_size(
    user, network, days_ago, django_assert_num_queries
):
    with django_assert_num_queries(11):
        selectors.followups_due(user=user)
    for n in range(30):
        contact = make_contact(user, name=f"Cliente {n}", tags=["clientes"], met_on=days_ago(2))
        log(user, contact, days_ago(50 + n))
    with django_assert_num_queries(11):
        due = selectors.followups_due(user=user)
    # Each new one is due once: the follow-up after meeting them stands for the cadence.
    assert due.total == 4 + 30


def test_followup_rate_after_events(user, days_ago):
    event = services.event_create(owner=user, name="Desayuno", date=days_ago(10))
    followed = make_contact(user, name="Seguida", met_on=days_ago(10), met_event=event)
    log(user, followed, days_ago(10), kind="meeting")
    log(user, followed, days_ago(9), kind="email")
    forgotten = make_contact(user, name="Olvidada", met_on=days_ago(10), met_where="Feria")
    log(user, forgotten, days_ago(10), kind="meeting")
    make_contact(user, name="Sin evento", met_on=days_ago(10))
    make_contact(user, name="Ayer", met_on=days_ago(1), met_where="Feria")
    marked = make_contact(user, name="Marcada", met_on=days_ago(20), met_where="Congreso")
    followup = services.followup_create(owner=user, contact=marked, due=days_ago(19))
    FollowUp.objects.filter(pk=followup.pk).update(done=True, done_on=days_ago(19))
    rate = selectors.followup_rate_after_events(user=user)
    assert (rate.met, rate.followed_up, rate.percent, rate.days) == (3, 2, 67, 90)


def test_followup_rate_without_events_is_none(user):
    assert selectors.followup_rate_after_events(user=user).percent is None


def test_suggested_message_after_meeting_in_the_contacts_language(user, today):
    contact = make_contact(
        user,
        name="Lucía Pérez",
        met_on=today,
        met_where="Feria",
        languages=["en"],
        emails=["lucia@example.org"],
        needs=["a web designer"],
    )
    draft = selectors.followup_draft(owner=user, contact=contact, reason="met")
    assert (draft.to, draft.language, draft.subject) == (
        ["lucia@example.org"],
        "en",
        "Great to meet you at Feria",
    )
    assert draft.body == (
        "Hello Lucía Pérez,\n\n"
        "It was a pleasure to meet you at Feria. You mentioned you are looking for "
        "“a web designer”: I will keep it in mind, and tell you if I know someone.\n\n"
        "If I can help with anything, or introduce you to someone, just tell me. "
        "I would be glad to stay in touch.\n\n"
        "Best wishes, ana\n"
    )


def test_suggested_message_falls_back_to_the_owners_language(today):
    owner = UserFactory(username="mar", display_name="Mar", language="es")
    contact = make_contact(owner, name="Luis")
    draft = selectors.followup_draft(owner=owner, contact=contact, reason="cadence")
    assert (draft.language, draft.subject, draft.to) == ("es", "¿Qué tal te va?", [])
    assert draft.body == (
        "Hola, Luis:\n\n"
        "Hace tiempo que no hablamos y quería saber qué tal te van las cosas.\n\n"
        "¿Hay algo en lo que pueda ayudarte, o alguien a quien te gustaría conocer?\n\n"
        "Un abrazo, Mar\n"
    )
