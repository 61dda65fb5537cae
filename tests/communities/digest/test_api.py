"""The digest settings in the API: a member reads and changes how often they get their
community's digest, through the same service as the settings page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.communities.conftest import api_client
from vinculo.communities.digest.models import DigestSubscription
from vinculo.communities.digest.services import subscription_set_frequency

pytestmark = pytest.mark.django_db


def _url(slug: str) -> str:
    return reverse("api.communities.digest", args=[slug])


def _when(member, days: int) -> str:
    """How the API writes the member's joining date plus ``days``."""
    moment = timezone.localtime(member.joined_at + datetime.timedelta(days=days))
    return moment.isoformat().replace("+00:00", "Z")


def _frequencies() -> dict[str, str]:
    return {
        member.name: frequency
        for member, frequency in (
            (s.membership, s.frequency)
            for s in DigestSubscription.objects.select_related("membership")
        )
    }


def test_a_member_reads_their_digest_settings(world):
    response = api_client(world.mj.user).get(_url(world.slug))

    assert (response.status_code, response.json()) == (
        200,
        {
            "frequency": "weekly",
            "next_at": _when(world.mj, 7),
            "last_sent_at": None,
            "has_email": True,
        },
    )


def test_a_member_changes_how_often_and_only_their_own(world):
    api = api_client(world.mj.user)
    api_client(world.pedro.user).get(_url(world.slug))  # Pedro's subscription exists

    daily = api.patch(_url(world.slug), {"frequency": "daily"}, format="json")
    never = api.put(_url(world.slug), {"frequency": "never"}, format="json")
    monthly = api.put(_url(world.slug), {"frequency": "monthly"}, format="json")

    assert (daily.status_code, daily.json()["frequency"], daily.json()["next_at"]) == (
        200,
        "daily",
        _when(world.mj, 1),
    )
    assert (never.status_code, never.json()["frequency"], never.json()["next_at"]) == (
        200,
        "never",
        None,
    )
    assert (monthly.json()["frequency"], monthly.json()["next_at"]) == (
        "monthly",
        _when(world.mj, 30),
    )
    assert _frequencies() == {"María José Núñez": "monthly", "Pedro Ruiz": "weekly"}
    # the page reads what the API wrote
    assert api_client(world.mj.user).get(_url(world.slug)).json()["frequency"] == "monthly"


def test_the_settings_are_always_the_requesters_own(world):
    subscription_set_frequency(membership=world.mj, frequency="daily")

    assert api_client(world.pedro.user).get(_url(world.slug)).json()["frequency"] == "weekly"
    # a member of another community, and someone in none, find no such community
    for outsider in (world.bruno.user, world.nadia):
        api = api_client(outsider)
        assert api.get(_url(world.slug)).status_code == 404
        assert api.put(_url(world.slug), {"frequency": "never"}, format="json").status_code == 404
    assert APIClient().get(_url(world.slug)).status_code == 401
    assert _frequencies() == {"María José Núñez": "daily", "Pedro Ruiz": "weekly"}


def test_an_invalid_frequency_names_the_field_in_the_requests_language(world):
    api = api_client(world.mj.user)
    spanish = api_client(world.mj.user)
    spanish.defaults["HTTP_ACCEPT_LANGUAGE"] = "es"
    api.get(_url(world.slug))  # the subscription exists, weekly

    hourly = api.patch(_url(world.slug), {"frequency": "hourly"}, format="json")
    missing = api.put(_url(world.slug), {}, format="json")
    en_espanol = spanish.patch(_url(world.slug), {"frequency": "hourly"}, format="json")

    assert (hourly.status_code, hourly.json()) == (
        400,
        {"frequency": ["Choose how often you want the digest."]},
    )
    assert (missing.status_code, missing.json()) == (
        400,
        {"frequency": ["Choose how often you want the digest."]},
    )
    assert (en_espanol.status_code, en_espanol.json()) == (
        400,
        {"frequency": ["Elige cada cuánto quieres recibir el resumen."]},
    )
    assert DigestSubscription.objects.get(membership=world.mj).frequency == "weekly"


def test_the_schema_describes_the_digest_settings(world):
    schema = api_client(world.mj.user).get(reverse("api.schema"), {"format": "json"}).json()

    path = schema["paths"]["/api/v1/communities/{workspace_slug}/digest/"]
    assert sorted(path) == ["get", "patch", "put"]
    settings = schema["components"]["schemas"]["DigestSettings"]
    assert list(settings["properties"]) == ["frequency", "next_at", "last_sent_at", "has_email"]
    assert settings["properties"]["frequency"]["allOf"] == [
        {"$ref": "#/components/schemas/FrequencyEnum"}
    ]
    assert schema["components"]["schemas"]["FrequencyEnum"]["enum"] == [
        "daily",
        "weekly",
        "monthly",
        "never",
    ]
