"""The one-click unsubscribe address: no login, GET asks, POST unsubscribes."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from vinculo.communities.digest.models import DigestSubscription
from vinculo.communities.digest.services import digests_send_due

from .conftest import days, joined

pytestmark = pytest.mark.django_db


def _address(world) -> str:
    joined(world.mj, days(2))
    digests_send_due(now=days(7))
    message = next(m for m in mail.outbox if m.to == ["pedro@example.org"])
    header = message.extra_headers["List-Unsubscribe"]
    return header.removeprefix("<https://vinculo.example").removesuffix(">")


def test_get_asks_and_post_unsubscribes_without_logging_in(settled):
    world = settled
    url = _address(world)
    client = Client(enforce_csrf_checks=True)  # mail providers POST without a CSRF token

    page = client.get(url)

    assert page.status_code == 200
    assert page.context["done"] is False
    # The page speaks the member's language (Spanish), as the digest did.
    assert page.context["community"] == "Cowork Sevilla"
    assert DigestSubscription.objects.get(membership=world.pedro).frequency == "weekly"

    response = client.post(url, "List-Unsubscribe=One-Click", content_type="text/plain")

    assert response.status_code == 200
    assert response.context["done"] is True
    assert DigestSubscription.objects.get(membership=world.pedro).frequency == "never"
    mail.outbox.clear()
    joined(world.olga, days(10))
    digests_send_due(now=days(14))
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana@example.org",
        "mj@example.org",
    ]


def test_an_unknown_address_answers_404(settled):
    client = Client()
    url = reverse("communities.digest_unsubscribe", kwargs={"digest_token": "no-such-token"})

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_a_member_who_left_has_no_address_any_more(settled):
    world = settled
    url = _address(world)
    world.pedro.delete()

    assert Client().post(url).status_code == 404
