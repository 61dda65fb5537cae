"""``vinculo digest send [--dry-run] [--json]``."""

import json

import pytest
from django.core import mail

from vinculo.cli import main
from vinculo.communities.digest.models import DigestSubscription

from .conftest import days, joined

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("VINCULO_LANGUAGE", "en")


def _entry(member: str, email: str, outcome: str) -> dict:
    return {
        "community": "cowork-sevilla",
        "member": member,
        "email": email,
        "language": "es",
        "frequency": "weekly",
        "outcome": outcome,
        "sections": {"new_members": 1, "asks": 0, "offers": 0, "introductions": 0, "events": 0},
    }


def test_dry_run_reports_and_sends_nothing_then_send_sends_once(settled, capsys):
    world = settled
    joined(world.mj, days(2))
    before = sorted(DigestSubscription.objects.values_list("pk", "next_at", "checked_at"))

    status = main(["digest", "send", "--dry-run", "--json"])

    out = capsys.readouterr()
    assert status == 0
    assert json.loads(out.out) == {
        "sent": 3,
        "empty": 3,
        "no_email": 0,
        "failed": 0,
        "digests": [
            _entry("Ana García", "ana@example.org", "would_send"),
            _entry("Olga Pérez", "olga@example.org", "would_send"),
            _entry("Pedro Ruiz", "pedro@example.org", "would_send"),
        ],
    }
    assert mail.outbox == []
    assert sorted(DigestSubscription.objects.values_list("pk", "next_at", "checked_at")) == before

    status = main(["digest", "send"])

    out = capsys.readouterr()
    assert status == 0
    assert out.out == (
        "cowork-sevilla  Ana García <ana@example.org>: sent\n"
        "cowork-sevilla  Olga Pérez <olga@example.org>: sent\n"
        "cowork-sevilla  Pedro Ruiz <pedro@example.org>: sent\n"
        "Digests sent: 3; empty: 3; without email: 0; failed: 0.\n"
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana@example.org",
        "olga@example.org",
        "pedro@example.org",
    ]

    assert main(["digest", "send", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sent"] == 0
    assert len(mail.outbox) == 3
