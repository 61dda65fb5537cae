"""The strength of a tie on the contact page: the value and why, in the reader's language."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import make_contact
from vinculo.activity.services import interaction_log
from vinculo.engines.network import Strength
from vinculo.network.selectors import strength_reasons

pytestmark = pytest.mark.django_db


@pytest.fixture
def laura(user):
    """Met three days ago, a call ten days ago (I gave), an email twenty days ago (she gave)."""
    contact = make_contact(user, name="Laura Ortiz")
    today = timezone.localdate()
    for days, kind, direction in (
        (3, "meeting", "mutual"),
        (10, "call", "gave"),
        (20, "email", "received"),
    ):
        interaction_log(
            owner=user,
            contact=contact,
            kind=kind,
            direction=direction,
            date=today - timedelta(days=days),
        )
    return contact


def panel(client, contact, language: str) -> tuple[str, str, list[str]]:
    response = client.get(
        reverse("network.strength", kwargs={"contact_id": contact.pk}),
        HTTP_ACCEPT_LANGUAGE=language,
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    value = re.search(r'<strong class="strength-value">([^<]+)</strong> · ([^<]+?)</p>', html)
    reasons = re.findall(
        r"<li>(.*?)</li>", re.search(r'<ul class="reasons">(.*?)</ul>', html).group(1)
    )
    return value.group(1), value.group(2).strip(), reasons


def test_the_panel_explains_a_computed_strength_in_english(auth_client, laura):
    assert panel(auth_client, laura, "en") == (
        "0.74",
        "strong",
        [
            "You were last in touch 3 days ago.",
            "3 interactions in the last 90 days.",
            "Met in person 1 time, which weighs more than a message.",
            "Value flows both ways: 2 from you, 2 from them.",
        ],
    )


def test_the_panel_explains_a_computed_strength_in_spanish(auth_client, laura):
    assert panel(auth_client, laura, "es") == (
        "0,74",
        "fuerte",
        [
            "Último contacto hace 3 días.",
            "3 interacciones en los últimos 90 días.",
            "1 encuentro en persona, que pesa más que un mensaje.",
            "El valor fluye en los dos sentidos: 2 de tu parte, 2 de la suya.",
        ],
    )


def test_the_owners_own_strength_wins(auth_client, user, laura):
    laura.strength = 0.3
    laura.save(update_fields=["strength"])

    assert panel(auth_client, laura, "en") == (
        "0.30",
        "weak · set by you",
        ["You set this strength yourself (0.30)."],
    )


def test_nobody_met_has_no_direct_tie(auth_client, user):
    stranger = make_contact(user, name="Sin Trato")

    assert panel(auth_client, stranger, "en") == (
        "0.00",
        "no direct tie",
        ["Nothing logged together yet: no direct tie."],
    )


def test_every_reason_has_words():
    reasons = (
        ("recent", {"days": 0}),
        ("fading", {"days": 200}),
        ("one_way", {"direction": "gave", "count": 1}),
        ("one_way", {"direction": "received", "count": 4}),
    )
    value = Strength(0.2, False, 5, None, reasons)

    with translation.override("en"):
        assert strength_reasons(value) == [
            "You were last in touch today.",
            "No contact for 200 days: the tie is fading.",
            "So far only you have given (1 time).",
            "So far only they have given (4 times).",
        ]


def test_the_contact_page_loads_the_panel(auth_client, laura):
    response = auth_client.get(laura.get_absolute_url())

    assert (
        f'<section id="strength" hx-get="/contacts/{laura.pk}/strength/" hx-trigger="load" '
        'hx-swap="outerHTML"></section>'
    ) in response.content.decode()
