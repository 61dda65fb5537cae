"""Network health: ``vinculo stats --json``, the API, the health page and the graph data."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_contact
from vinculo.activity.services import interaction_log
from vinculo.cli import main
from vinculo.network.selectors import network_health
from vinculo.people import services as people
from vinculo.people.models import Organization
from vinculo.people.selectors import network_counts

pytestmark = pytest.mark.django_db


def month(day) -> str:
    return f"{day.year:04d}-{day.month:02d}"


@pytest.fixture
def health_network(user):
    """Alba: met a month ago and followed up the next day, seen five days ago. Bruno: a
    valuable tie (met twice and a call, seven months ago) gone quiet; the only one who knows
    Dani. Carla: one message she sent more than a year ago. Dani: known only through Bruno."""
    user.display_name = "Ana Ruiz"
    user.save(update_fields=["display_name"])
    today = timezone.localdate()
    ago = lambda days: today - timedelta(days=days)  # noqa: E731
    alba = make_contact(
        user,
        name="Alba Gil",
        external_id="alba",
        organization="Estudio Gil",
        tags=["diseño"],
        met_on=ago(30),
    )
    bruno = make_contact(
        user,
        name="Bruno Díaz",
        external_id="bruno",
        organization="Díaz Abogados",
        tags=["legal"],
        met_on=ago(200),
    )
    carla = make_contact(user, name="Carla Rey", external_id="carla", tags=["legal"])
    dani = make_contact(user, name="Dani Soto", external_id="dani")
    Organization.objects.for_user(user).filter(name="Estudio Gil").update(sector="diseño")
    Organization.objects.for_user(user).filter(name="Díaz Abogados").update(sector="legal")
    people.tie_create(owner=user, a=bruno, b=dani, strength=0.6)
    for contact, days, kind, direction in (
        (alba, 29, "email", "gave"),
        (alba, 5, "meeting", "mutual"),
        (bruno, 200, "meeting", "mutual"),
        (bruno, 210, "meeting", "mutual"),
        (bruno, 220, "call", "gave"),
        (carla, 400, "message", "received"),
    ):
        interaction_log(owner=user, contact=contact, kind=kind, direction=direction, date=ago(days))
    return {"alba": alba, "bruno": bruno, "carla": carla, "dani": dani, "today": today}


def expected_health(user, net) -> dict:
    today = net["today"]
    growth = network_health(user=user)["growth"]
    return {
        **network_counts(user=user),
        "reach": {"direct": 3, "two_steps": 1},
        "growth": growth,
        "tie_states": {"active": 1, "cooling": 1, "cold": 2},
        "followup_rate": {"met": 2, "followed_up": 1, "rate": 0.5},
        "balance": {"gave": 2, "received": 1, "mutual": 3, "ratio": 2.0},
        "diversity": {
            "sectors": {
                "counts": [{"label": "diseño", "count": 1}, {"label": "legal", "count": 1}],
                "evenness": 1.0,
            },
            "tags": {
                "counts": [{"label": "legal", "count": 2}, {"label": "diseño", "count": 1}],
                "evenness": 0.92,
            },
        },
        "brokers": [{"id": "bruno", "name": "Bruno Díaz", "cut_off": 1}],
        "losing_touch": [
            # Worth 0.83 when last seen; 0.56 today, 200 days later.
            {"id": "bruno", "name": "Bruno Díaz", "value": 0.83, "strength": 0.56, "days": 200}
        ],
    }, today


def test_health_of_a_hand_built_network(user, health_network):
    expected, today = expected_health(user, health_network)

    document = network_health(user=user)

    assert document == expected
    assert (document["contacts"], document["ties"], document["interactions"]) == (4, 1, 6)
    # Bruno, met 200 days ago, opens the months; Carla and Dani were added today.
    growth = document["growth"]
    assert growth[0] == {"month": month(today - timedelta(days=200)), "added": 1, "total": 1}
    assert (growth[-1]["month"], growth[-1]["total"]) == (month(today), 4)
    assert sum(row["added"] for row in growth) == 4
    assert len(growth) in (7, 8)  # every month in between, also those with nobody added


def test_cli_stats_keeps_the_counts_and_adds_the_health(capsys, user, health_network):
    expected, _today = expected_health(user, health_network)

    status = main(["stats", "--json"])

    assert status == 0
    assert json.loads(capsys.readouterr().out) == expected


def test_cli_stats_in_words(capsys, user, health_network):
    status = main(["stats"])

    out = capsys.readouterr().out
    assert status == 0
    assert out.splitlines()[:1] == ["contacts        4"]
    assert "\n".join(out.splitlines()[-7:]) == (
        "Reach: 3 people with a direct tie, 1 two steps away.\n"
        "Ties: 1 active, 1 cooling, 2 cold.\n"
        "Followed up within two days: 1 of 2 people met (50%).\n"
        "Interactions: you gave 2, received 1, both ways 3.\n"
        "Most common sectors: diseño 1, legal 1; tags: legal 2, diseño 1.\n"
        "Brokers: Bruno Díaz (the only way to 1).\n"
        "Losing touch: Bruno Díaz (200 days)."
    )


def test_the_api_gives_the_same_document(api, user, health_network):
    expected, _today = expected_health(user, health_network)

    response = api.get("/api/v1/stats/")

    assert response.json() == expected


def test_the_health_page_shows_figures_and_lists(auth_client, user, health_network):
    response = auth_client.get(reverse("network.health"), HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert '<strong id="figure-reach">1</strong>' in html
    assert '<strong id="figure-followup">50%</strong>' in html
    # The interactions' directions, all three as the chart beside it counts them.
    assert (
        '<strong id="figure-balance">2 / 1 / 3</strong>'
        "interactions: you gave / you received / both ways</article>"
    ) in html
    bruno = health_network["bruno"].pk
    assert (
        f'<li><a href="/contacts/{bruno}/">Bruno Díaz</a>\n'
        "      <small>worth 0.83 · silent for 200 days</small></li>"
    ) in html
    assert (
        f'<li><a href="/contacts/{bruno}/">Bruno Díaz</a>\n'
        "      <small>the only way to 1 person</small></li>"
    ) in html


def test_the_graph_data_places_the_owner_in_the_centre(auth_client, user, health_network):
    response = auth_client.get(reverse("network.graph_data"))

    data = response.json()
    alba, bruno, carla, dani = (health_network[k].pk for k in ("alba", "bruno", "carla", "dani"))
    assert data["nodes"][0] == {
        "id": 0,
        "label": "Ana Ruiz",
        "x": 0.0,
        "y": 0.0,
        "size": 12,
        "color": "#111827",
    }
    assert [(n["id"], n["label"], n["size"], n["color"]) for n in data["nodes"][1:]] == [
        (bruno, "Bruno Díaz", 6.5, "#1f77b4"),
        (carla, "Carla Rey", 2.3, "#1f77b4"),
        (alba, "Alba Gil", 8.3, "#ff7f0e"),
        (dani, "Dani Soto", 2.0, "#b0b7c3"),
    ]
    assert sorted(map(tuple, data["edges"])) == [
        (0, alba, 0.79),
        (0, bruno, 0.56),
        (0, carla, 0.04),
        (bruno, dani, 0.6),
    ]
    assert data["legend"] == [
        {"label": "legal", "color": "#1f77b4", "count": 2},
        {"label": "diseño", "color": "#ff7f0e", "count": 1},
    ]
    assert (data["contacts"], data["shown"]) == (4, 4)
