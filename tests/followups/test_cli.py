"""``vinculo followups [--due-by DATE]`` (cli.md): what is due, most overdue first."""

import json
from datetime import timedelta

import pytest
from django.utils import formats, translation

from vinculo.activity import services
from vinculo.cli import main

from ..factories import make_contact

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_environment(monkeypatch):
    monkeypatch.setenv("VINCULO_LANGUAGE", "en")


def day(value) -> str:
    with translation.override("en"):
        return formats.date_format(value, "DATE_FORMAT")


@pytest.fixture
def network(user, today):
    user.language = "en"
    user.save()
    make_contact(user, name="Lucía Pérez", met_on=today - timedelta(days=1), met_where="Feria")
    luis = make_contact(user, name="Luis Gómez")
    services.interaction_log(
        owner=user, contact=luis, kind="call", direction="mutual", date=today - timedelta(days=9)
    )
    services.cadence_set(owner=user, contact=luis, ideal_days=7, max_days=30)
    later = make_contact(user, name="Marta Luego")
    services.followup_create(
        owner=user, contact=later, due=today + timedelta(days=3), note="Send the proposal"
    )


def test_followups_json_most_overdue_first(network, today, capsys):
    status = main(["followups", "--json"])
    out = capsys.readouterr()
    assert (status, out.err) == (0, "")
    assert json.loads(out.out) == {
        "followups": [
            {
                "contact": "Luis Gómez",
                "due": (today - timedelta(days=2)).isoformat(),
                "why": f"Keep in touch every 7 days; last contact on {day(today - timedelta(9))}.",
            },
            {
                "contact": "Lucía Pérez",
                "due": today.isoformat(),
                "why": f"You met at Feria on {day(today - timedelta(1))}: follow up.",
            },
        ]
    }


def test_followups_due_by_a_later_date(network, today, capsys):
    due_by = (today + timedelta(days=3)).isoformat()
    status = main(["followups", "--due-by", due_by, "--json"])
    rows = json.loads(capsys.readouterr().out)["followups"]
    assert status == 0
    assert [(r["contact"], r["due"], r["why"]) for r in rows][-1] == (
        "Marta Luego",
        due_by,
        "Send the proposal",
    )


def test_followups_as_text(network, today, capsys):
    status = main(["followups"])
    out = capsys.readouterr()
    assert (status, out.err) == (0, "")
    assert out.out == (
        f"{(today - timedelta(days=2)).isoformat()}  Luis Gómez (2 days overdue)\n"
        f"   Keep in touch every 7 days; last contact on {day(today - timedelta(9))}.\n"
        f"{today.isoformat()}  Lucía Pérez (due today)\n"
        f"   You met at Feria on {day(today - timedelta(1))}: follow up.\n"
    )


def test_nothing_due(user, capsys):
    assert main(["followups"]) == 0
    assert capsys.readouterr().out == "Nothing is due.\n"
    assert main(["followups", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"followups": []}


def test_a_bad_date_is_a_usage_error(user, capsys):
    status = main(["followups", "--due-by", "31/03/2026"])
    out = capsys.readouterr()
    assert (status, out.out) == (2, "")
    assert "argument --due-by: '31/03/2026' is not a date like 2026-03-31" in out.err
