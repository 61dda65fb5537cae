"""Event pages: the list, create and edit, attendees chosen by search, delete."""

import datetime

import pytest
from django.urls import reverse

from vinculo.activity import services as activity_services
from vinculo.activity.models import Event
from vinculo.people.models import Contact

from ..factories import make_contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    day = datetime.date(2026, 11, 23)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
    return day


def _names(events):
    return [e.name for e in events]


def test_event_list_upcoming_soonest_first_then_past_latest_first(
    en_client, user, today, django_assert_num_queries
):
    for name, date in [
        ("Feria de Turismo", datetime.date(2027, 1, 20)),
        ("Sin fecha", None),
        ("Desayuno de hoy", today),
        ("Comida de noviembre", datetime.date(2026, 11, 2)),
        ("Brainstorming de verano", datetime.date(2026, 7, 1)),
    ]:
        activity_services.event_create(owner=user, name=name, date=date)
    with django_assert_num_queries(4):  # session, user, upcoming, past
        response = en_client.get("/events/")
    assert _names(response.context["upcoming"]) == [
        "Desayuno de hoy",
        "Feria de Turismo",
        "Sin fecha",
    ]
    assert _names(response.context["past"]) == ["Comida de noviembre", "Brainstorming de verano"]
    body = response.content.decode()
    assert body.index("Desayuno de hoy") < body.index("Feria de Turismo") < body.index("Sin fecha")
    assert "No date yet" in body


def test_event_list_shows_kind_place_and_attendee_count(en_client, user, event):
    event.attendees.add(make_contact(user, name="Ana"), make_contact(user, name="Luis"))
    body = en_client.get("/events/").content.decode()
    assert "Hotel Miramar, Málaga · breakfast · 2 attendees" in body


def test_event_create_then_edit(en_client, user):
    response = en_client.post(
        "/events/new/",
        {
            "name": "Feria Emprende",
            "kind": "fair",
            "date": "2027-03-10",
            "place": "IFEMA",
            "notes": "Stand 12",
        },
    )
    event = Event.objects.for_user(user).get()
    assert response.url == f"/events/{event.pk}/"
    assert (event.name, event.kind, event.date, event.place, event.notes) == (
        "Feria Emprende",
        "fair",
        datetime.date(2027, 3, 10),
        "IFEMA",
        "Stand 12",
    )
    en_client.post(
        f"/events/{event.pk}/edit/",
        {"name": "Feria Emprende 2027", "kind": "conference", "date": "", "place": "", "notes": ""},
    )
    event.refresh_from_db()
    assert (event.name, event.kind, event.date, event.place) == (
        "Feria Emprende 2027",
        "conference",
        None,
        "",
    )


def test_event_create_refuses_unknown_kind_and_empty_name(en_client, user):
    response = en_client.post("/events/new/", {"name": "", "kind": "party"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["This field is required."],
        "kind": ["Select a valid choice. party is not one of the available choices."],
    }
    assert Event.objects.for_user(user).count() == 0


def test_event_edit_keeps_an_imported_kind_that_is_none_of_ours(en_client, user):
    event = activity_services.event_create(owner=user, name="Afterwork", kind="afterwork")
    page = en_client.get(f"/events/{event.pk}/edit/")
    assert '<option value="afterwork" selected>afterwork</option>' in page.content.decode()
    en_client.post(f"/events/{event.pk}/edit/", {"name": "Afterwork de enero", "kind": "afterwork"})
    event.refresh_from_db()
    assert (event.name, event.kind, event.kind_label) == (
        "Afterwork de enero",
        "afterwork",
        "afterwork",
    )


def test_event_kind_label_in_english(user):
    from django.utils import translation

    event = activity_services.event_create(owner=user, name="X", kind="brainstorming")
    with translation.override("en"):
        assert event.kind_label == "brainstorming meeting"


def test_event_detail_search_offers_contacts_not_yet_attending(en_client, user, event):
    ana = make_contact(user, name="Ana Núñez", organization="Lumen")
    make_contact(user, name="Ana Ruiz")
    make_contact(user, name="Luis Gil")
    event.attendees.add(ana)
    response = en_client.get(f"/events/{event.pk}/?q=ana", HTTP_HX_REQUEST="true")
    assert [c.name for c in response.context["candidates"]] == ["Ana Ruiz"]
    body = response.content.decode()
    assert body.lstrip().startswith('<ul class="contact-rows" id="candidates">')
    assert "Ana Ruiz" in body and "Luis Gil" not in body


def test_event_detail_search_with_accents_ignored(en_client, user, event):
    make_contact(user, name="Íñigo Muñoz")
    response = en_client.get(f"/events/{event.pk}/?q=inigo munoz")
    assert [c.name for c in response.context["candidates"]] == ["Íñigo Muñoz"]


def test_event_people_add_and_remove_with_htmx(en_client, user, event):
    ana = make_contact(user, name="Ana Núñez")
    luis = make_contact(user, name="Luis Gil")
    url = f"/events/{event.pk}/people/"
    en_client.post(url, {"contact": ana.pk, "list": "attendees", "action": "add"})
    response = en_client.post(
        url,
        {"contact": luis.pk, "list": "attendees", "action": "add", "q": "gil"},
        HTTP_HX_REQUEST="true",
    )
    assert [c.name for c in response.context["attendees"]] == ["Ana Núñez", "Luis Gil"]
    assert list(response.context["candidates"]) == []
    assert response.content.decode().lstrip().startswith('<section id="people">')
    en_client.post(url, {"contact": luis.pk, "list": "to_meet", "action": "add"})
    en_client.post(url, {"contact": ana.pk, "list": "attendees", "action": "remove"})
    assert list(event.attendees.all()) == [luis]
    assert list(event.to_meet.all()) == [luis]


def test_event_people_without_htmx_goes_back_to_the_search(en_client, user, event):
    ana = make_contact(user, name="Ana Núñez")
    response = en_client.post(
        f"/events/{event.pk}/people/",
        {"contact": ana.pk, "list": "attendees", "action": "add", "q": "ana n"},
    )
    assert response.url == f"/events/{event.pk}/?q=ana+n#people"


def test_event_people_with_another_users_contact_answers_404(en_client, user, other_user, event):
    foreign = make_contact(other_user, name="Ajena")
    response = en_client.post(
        f"/events/{event.pk}/people/", {"contact": foreign.pk, "list": "attendees", "action": "add"}
    )
    assert response.status_code == 404
    assert list(event.attendees.all()) == []


def test_event_delete_keeps_the_people(en_client, user, event):
    ana = make_contact(user, name="Ana", met_event=event)
    event.attendees.add(ana)
    response = en_client.post(f"/events/{event.pk}/delete/")
    assert response.url == "/events/"
    assert Event.objects.for_user(user).count() == 0
    assert Contact.objects.for_user(user).get().met_event is None


def test_nav_links_to_events(en_client):
    assert '<a href="/events/">Events</a>' in en_client.get("/").content.decode()


def test_the_contact_page_lists_the_events_they_attended(auth_client, user, event):
    ana = make_contact(user, name="Ana Ibáñez")
    event.attendees.add(ana)
    page = auth_client.get(ana.get_absolute_url()).content.decode()
    event_url = reverse("events.detail", kwargs={"event_id": event.pk})
    assert (
        f'<dt>Eventos</dt><dd><a href="{event_url}">Desayuno de la Cámara</a> · 3 de diciembre '
        "de 2026</dd>"
    ) in page
    keep_url = reverse("followups.contact", kwargs={"contact_id": ana.pk})
    assert f'<a href="{keep_url}" role="button" class="outline">Mantener el contacto</a>' in page
