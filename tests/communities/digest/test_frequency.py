"""Each member's frequency is honoured: weekly by default, daily, monthly or never."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.communities.conftest import english_client
from vinculo.communities.digest.models import DigestSubscription
from vinculo.communities.digest.services import digests_send_due, subscription_set_frequency

from .conftest import T0, days, joined

pytestmark = pytest.mark.django_db


def _recipients() -> list[str]:
    found = sorted(m.to[0] for m in mail.outbox)
    mail.outbox.clear()
    return found


def test_a_weekly_member_gets_nothing_three_days_after_a_digest(settled):
    world = settled
    joined(world.mj, days(2))
    digests_send_due(now=days(7))
    assert "olga@example.org" in _recipients()
    joined(world.pedro, days(8))

    assert digests_send_due(now=days(10)).sent == 0
    assert _recipients() == []

    digests_send_due(now=days(14))
    # A week after the last one, Olga hears of Pedro (and not again of María José).
    messages = [m for m in mail.outbox if m.to == ["olga@example.org"]]
    assert len(messages) == 1
    assert "Pedro Ruiz" in messages[0].body
    assert "María José Núñez" not in messages[0].body


def test_daily_monthly_and_never(settled):
    world = settled
    subscription_set_frequency(membership=world.olga, frequency="daily", now=T0)
    subscription_set_frequency(membership=world.ana, frequency="monthly", now=T0)
    subscription_set_frequency(membership=world.pedro, frequency="never", now=T0)
    joined(world.mj, days(0.5))

    digests_send_due(now=days(1))
    assert _recipients() == ["olga@example.org"]

    joined(world.mj, days(1.5))  # new again, so every digest has something to tell
    digests_send_due(now=days(7))
    assert _recipients() == ["olga@example.org"]  # the daily one; the others wait

    joined(world.mj, days(20))
    digests_send_due(now=days(30))
    assert _recipients() == ["ana@example.org", "olga@example.org"]
    assert DigestSubscription.objects.get(membership=world.ana).next_at == days(60)


def test_the_settings_page_changes_the_frequency(settled):
    world = settled
    client = english_client(world.olga.user)
    url = reverse("communities.digest", kwargs={"workspace_slug": world.slug})

    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial == {"frequency": "weekly"}
    assert page.context["subscription"].next_at == days(7)

    response = client.post(url, {"frequency": "never"})

    assert response.status_code == 302
    assert response["Location"] == url
    assert DigestSubscription.objects.get(membership=world.olga).frequency == "never"
    page = client.get(url)
    assert page.context["form"].initial == {"frequency": "never"}
    assert "You do not receive the digest of this community." in page.content.decode()
    joined(world.mj, days(2))
    digests_send_due(now=days(7))
    assert "olga@example.org" not in _recipients()

    client.post(url, {"frequency": "daily"})
    assert DigestSubscription.objects.get(membership=world.olga).frequency == "daily"
    assert client.post(url, {"frequency": "hourly"}).status_code == 200
    assert DigestSubscription.objects.get(membership=world.olga).frequency == "daily"
