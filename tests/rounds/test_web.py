"""The organiser's pages: plan an event's meeting rounds, and print the plan by round and
by attendee (each attendee's page in their own language)."""

import re

from django.urls import reverse

from tests.factories import make_contact
from vinculo.activity import services as activity
from vinculo.rounds import services
from vinculo.rounds.models import EventSchedule

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
QUERIES = 4  # the session, the user, the plan with its event, its contacts


def text(html: str) -> str:
    """The words of a piece of a page, tags dropped and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def section(html: str, element_id: str) -> str:
    match = re.search(rf'<section id="{element_id}">(.*?)</section>', html, re.S)
    return match.group(1)


def test_plan_page_shows_the_form_and_no_plans_yet(auth_client, breakfast):
    url = reverse("rounds.plan", kwargs={"event_id": breakfast["event"].pk})

    response = auth_client.get(url, **ENGLISH)

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        response.context["form"]["rounds"].value(),
        response.context["form"]["table_size"].value(),
    ) == (3, 2)
    assert '<input type="number" name="rounds" value="3" min="1" max="20" required>' in html
    assert text(section(html, "schedules")) == "Plans made None yet."


def test_posting_the_form_makes_a_plan_and_opens_it(auth_client, user, breakfast):
    url = reverse("rounds.plan", kwargs={"event_id": breakfast["event"].pk})

    response = auth_client.post(url, {"rounds": "2", "table_size": "2"}, **ENGLISH)

    schedule = EventSchedule.objects.for_user(user).get()
    assert (response.status_code, response.url) == (
        302,
        reverse("rounds.detail", kwargs={"schedule_id": schedule.pk}),
    )
    assert (len(schedule.rounds), schedule.table_size, schedule.event) == (2, 2, breakfast["event"])
    listed = text(section(auth_client.get(url, **ENGLISH).content.decode(), "schedules"))
    assert listed.startswith("Plans made 2 rounds · one-to-one ")


def test_a_bad_form_is_answered_with_its_errors(auth_client, user, breakfast):
    url = reverse("rounds.plan", kwargs={"event_id": breakfast["event"].pk})

    response = auth_client.post(url, {"rounds": "0", "table_size": "2"}, **ENGLISH)

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "rounds": ["Ensure this value is greater than or equal to 1."]
    }
    assert EventSchedule.objects.for_user(user).count() == 0


def test_an_event_with_one_attendee_says_what_is_missing(auth_client, user):
    event = activity.event_create(
        owner=user, name="Cena", attendees=[make_contact(user, name="Sola")]
    )
    url = reverse("rounds.plan", kwargs={"event_id": event.pk})

    response = auth_client.post(url, {"rounds": "2", "table_size": "2"}, **ENGLISH)

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Add at least two attendees to the event to plan meetings."
    ]


def test_the_plan_reads_by_round_in_the_readers_language(auth_client, user, breakfast):
    schedule = services.event_schedule_create(owner=user, event=breakfast["event"], rounds=2)

    response = auth_client.get(
        reverse("rounds.detail", kwargs={"schedule_id": schedule.pk}), **ENGLISH
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert text(section(html, "by-round")) == (
        "By round "
        "Round 1 "
        "Table 1: Kate Smith · Pedro Ruiz "
        "Kate Smith needs “a photographer for events”; Pedro Ruiz offers “fotografía de eventos” "
        "(in common: event photography) "
        "Table 2: Luis Gómez · Zoe Lee "
        "Resting: María José Núñez "
        "Round 2 "
        "Table 1: Kate Smith · María José Núñez "
        "María José Núñez needs “un diseñador para su web”; Kate Smith offers “web design for law "
        "firms” (in common: web design) "
        "Table 2: Luis Gómez · Pedro Ruiz "
        "Resting: Zoe Lee"
    )


def test_each_attendees_page_is_in_their_language(auth_client, user, breakfast):
    schedule = services.event_schedule_create(owner=user, event=breakfast["event"], rounds=2)

    response = auth_client.get(
        reverse("rounds.detail", kwargs={"schedule_id": schedule.pk}), **ENGLISH
    )

    sheets = re.findall(
        r'<article class="attendee-sheet" lang="(\w+)">(.*?)</article>',
        response.content.decode(),
        re.S,
    )
    assert [(lang, text(body).split(" Desayuno")[0]) for lang, body in sheets] == [
        ("en", "Kate Smith"),
        ("es", "Luis Gómez"),
        ("es", "María José Núñez"),
        ("es", "Pedro Ruiz"),
        ("en", "Zoe Lee"),
    ]
    rows = re.findall(r"<tr><td>(.*?)</tr>", sheets[2][1], re.S)
    assert [text(row) for row in rows] == [
        "1 — Descansas en esta ronda.",
        "2 1 Kate Smith María José Núñez necesita «un diseñador para su web»; Kate Smith ofrece "
        "«web design for law firms» (coinciden: diseño web)",
    ]


def test_deleting_a_plan_goes_back_to_the_event_plans(auth_client, user, breakfast):
    schedule = services.event_schedule_create(owner=user, event=breakfast["event"], rounds=1)

    response = auth_client.post(reverse("rounds.delete", kwargs={"schedule_id": schedule.pk}))

    assert (response.status_code, response.url) == (
        302,
        reverse("rounds.plan", kwargs={"event_id": breakfast["event"].pk}),
    )
    assert EventSchedule.objects.for_user(user).count() == 0


def test_the_printed_plan_reads_the_same_number_of_queries_for_a_bigger_event(
    auth_client, user, breakfast, django_assert_num_queries
):
    small = services.event_schedule_create(owner=user, event=breakfast["event"], rounds=2)
    crowd = [make_contact(user, name=f"Persona {n}", offers=[f"servicio {n}"]) for n in range(16)]
    event = activity.event_create(owner=user, name="Feria", attendees=crowd)
    big = services.event_schedule_create(owner=user, event=event, rounds=4, table_size=4)
    for schedule in (small, big):
        url = reverse("rounds.detail", kwargs={"schedule_id": schedule.pk})
        with django_assert_num_queries(QUERIES):
            assert auth_client.get(url).status_code == 200
