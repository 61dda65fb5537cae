"""A moment to run digests at, and the Cowork Sevilla world (tests/communities/conftest.py)
with its members' subscriptions settled: they joined two months before ``T0`` and a first,
empty run at ``T0`` set everyone's next weekly digest to ``T0 + 7 days``."""

import datetime

import pytest
from django.core import mail

from vinculo.communities.digest.services import digests_send_due
from vinculo.communities.models import Membership

T0 = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


def days(n: float) -> datetime.datetime:
    return T0 + datetime.timedelta(days=n)


@pytest.fixture
def settled(world, settings):
    settings.BASE_URL = "https://vinculo.example"
    Membership.objects.update(joined_at=days(-60))
    first = digests_send_due(now=T0)
    assert (first.sent, first.empty) == (0, 6)
    mail.outbox.clear()
    return world


def joined(member: Membership, when: datetime.datetime) -> Membership:
    Membership.objects.filter(pk=member.pk).update(joined_at=when)
    member.refresh_from_db()
    return member
