"""Capture at an event: the quick add and business cards read by Tesseract, on the web."""

import datetime
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from vinculo.activity.models import FollowUp, Interaction
from vinculo.people.models import Contact

from .cards import card_image, encoded

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    """A fixed "today", the day of the event, so the follow-up window holds."""
    day = datetime.date(2026, 12, 3)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
    return day


def test_quick_add_at_event_fills_the_meeting_and_adds_the_attendee(en_client, user, event, today):
    response = en_client.post(
        f"/events/{event.pk}/capture/",
        {"name": "  Lucía Fernández ", "line": "Fotógrafa, busca bodas"},
        follow=True,
    )
    contact = Contact.objects.for_user(user).get()
    assert (contact.name, contact.notes) == ("Lucía Fernández", "Fotógrafa, busca bodas")
    assert (contact.met_on, contact.met_where, contact.met_event) == (
        datetime.date(2026, 12, 3),
        "Hotel Miramar, Málaga",
        event,
    )
    assert list(event.attendees.all()) == [contact]
    assert list(
        Interaction.objects.for_user(user).values_list("contact__name", "kind", "date", "summary")
    ) == [("Lucía Fernández", "event", datetime.date(2026, 12, 3), "Desayuno de la Cámara")]
    assert list(FollowUp.objects.for_user(user).values_list("contact__name", "due", "event")) == [
        ("Lucía Fernández", datetime.date(2026, 12, 4), event.pk)
    ]
    assert response.redirect_chain == [(f"/events/{event.pk}/capture/", 302)]
    assert "Lucía Fernández is in your network. Add another?" in response.content.decode()


def test_quick_add_at_an_event_without_date_or_place_uses_today_and_its_name(
    en_client, user, today
):
    from vinculo.activity.services import event_create

    event = event_create(owner=user, name="Comida de socios")
    en_client.post(f"/events/{event.pk}/capture/", {"name": "Pau Vidal"})
    contact = Contact.objects.for_user(user).get()
    assert (contact.met_on, contact.met_where) == (today, "Comida de socios")


def test_quick_add_without_a_name_saves_nothing(en_client, user, event):
    response = en_client.post(f"/events/{event.pk}/capture/", {"name": " ", "line": "x"})
    assert response.status_code == 200
    assert Contact.objects.for_user(user).count() == 0
    assert "This field is required." in response.content.decode()


def _upload(data: bytes, name="tarjeta.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_card_photo_fills_the_contact_form_and_saves_nothing(en_client, user, event):
    response = en_client.post(
        f"/events/{event.pk}/card/", {"photo": _upload(encoded(card_image(), quality=85))}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {k: form.initial[k] for k in ("name", "title", "organization", "emails")} == {
        "name": "José Núñez Peña",
        "title": "Directora de Innovación",
        "organization": "Cooperativa Añil",
        "emails": ["jose.nunez@cooperativa-anil.es"],
    }
    assert form.initial["phones"] == ["+34 612 34 56 78", "+34 911 23 45 67"]
    assert form.initial["urls"] == ["https://www.cooperativa-anil.es"]
    assert (form.initial["met_on"], form.initial["met_where"]) == (
        datetime.date(2026, 12, 3),
        "Hotel Miramar, Málaga",
    )
    body = response.content.decode()
    assert 'value="José Núñez Peña"' in body
    assert "+34 612 34 56 78\n+34 911 23 45 67</textarea>" in body
    assert Contact.objects.for_user(user).count() == 0


def test_card_review_sent_back_saves_the_contact_at_the_event(en_client, user, event, today):
    response = en_client.post(
        f"/events/{event.pk}/card/",
        {
            "review": "1",
            "name": "José Núñez Peña",
            "title": "Directora de Innovación",
            "organization": "Cooperativa Añil",
            "emails": "jose.nunez@cooperativa-anil.es",
            "phones": "+34 612 34 56 78\n+34 911 23 45 67",
            "urls": "https://www.cooperativa-anil.es",
            "met_on": "2026-12-03",
            "met_where": "Hotel Miramar, Málaga",
            "notes": "",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.for_user(user).select_related("organization").get()
    assert (contact.name, contact.title, contact.organization.name) == (
        "José Núñez Peña",
        "Directora de Innovación",
        "Cooperativa Añil",
    )
    assert contact.phones == ["+34 612 34 56 78", "+34 911 23 45 67"]
    assert contact.met_event == event
    assert list(event.attendees.all()) == [contact]
    assert FollowUp.objects.for_user(user).get().due == datetime.date(2026, 12, 4)


def test_card_review_with_a_bad_email_saves_nothing_and_keeps_what_was_typed(
    en_client, user, event
):
    response = en_client.post(
        f"/events/{event.pk}/card/",
        {"review": "1", "name": "José Núñez Peña", "emails": "jose.nunez@", "notes": "algo"},
    )
    assert response.status_code == 200
    assert Contact.objects.for_user(user).count() == 0
    body = response.content.decode()
    assert response.context["form"].errors == {
        "emails": ["“jose.nunez@” is not a valid email address."]
    }
    assert 'value="José Núñez Peña"' in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"%PDF-1.4 not a photo",
            "This file is not an image: send a photo of the card (JPEG, PNG or WebP).",
        ),
        (
            encoded(Image.new("RGB", (1000, 600), "white"), "PNG"),
            "No text could be read on this photo: take it again, closer, straight on and "
            "with more light.",
        ),
        (
            encoded(Image.new("L", (6000, 6000), 255), "PNG"),
            "The photo is too large (36 megapixels): send one of at most 30 megapixels.",
        ),
    ],
    ids=["not-an-image", "blank", "too-many-pixels"],
)
def test_card_photo_that_cannot_be_read_says_why(en_client, user, event, data, message):
    response = en_client.post(f"/events/{event.pk}/card/", {"photo": _upload(data)})
    assert response.status_code == 200
    assert response.context["card_form"].errors == {"photo": [message]}
    assert message in response.content.decode()
    assert Contact.objects.for_user(user).count() == 0


def test_card_photo_larger_than_the_limit_says_so(en_client, user, event):
    noise = Image.frombytes("RGB", (1900, 1900), random.Random(5).randbytes(1900 * 1900 * 3))
    data = encoded(noise, "PNG")
    assert len(data) > 10 * 1024 * 1024
    response = en_client.post(f"/events/{event.pk}/card/", {"photo": _upload(data, "t.png")})
    assert response.context["card_form"].errors == {
        "photo": ["The photo is too large: send one of at most 10.0\xa0MB."]
    }
