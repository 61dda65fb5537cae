"""The communities API: my workspaces, the directory, a member, my profile."""

import pytest
from django.urls import reverse

from vinculo.communities.models import MemberOffer

from .conftest import api_client

pytestmark = pytest.mark.django_db


def test_list_my_workspaces(world):
    body = api_client(world.olga.user).get(reverse("api.communities.list")).json()

    assert body == [
        {
            "slug": "cowork-sevilla",
            "name": "Cowork Sevilla",
            "description": "Gente que trabaja en el cowork.",
            "language": "es",
            "role": "organiser",
            "member_count": 4,
            "member_id": world.olga.pk,
        }
    ]


def test_directory_filters(world):
    api = api_client(world.pedro.user)
    url = reverse("api.communities.members", args=[world.slug])

    def names(**params):
        return [m["name"] for m in api.get(url, params).json()["results"]]

    assert names(q="nunez") == ["María José Núñez"]
    assert names(sector="legal") == ["María José Núñez", "Olga Pérez"]
    assert names(city="cordoba") == ["Olga Pérez"]
    assert names(offer="contratos") == ["María José Núñez"]
    assert names(need="disenador") == []


def test_read_and_update_my_profile(world):
    api = api_client(world.mj.user)
    url = reverse("api.communities.me", args=[world.slug])

    before = api.get(url).json()
    response = api.patch(
        url,
        {"offers": ["contratos", "herencias"], "visibility": {"offers": "organisers"}},
        format="json",
    )

    assert before == {
        "id": world.mj.pk,
        "role": "member",
        "name": "María José Núñez",
        "does": "Abogada de contratos",
        "pitch": "",
        "sector": "Legal",
        "city": "Sevilla",
        "offers": ["contratos entre socios"],
        "needs": ["un diseñador para su web"],
        "visibility": {
            "does": "members",
            "pitch": "members",
            "sector": "members",
            "city": "members",
            "offers": "members",
            "needs": "organisers",
        },
    }
    assert response.status_code == 200
    assert (response.json()["offers"], response.json()["visibility"]["offers"]) == (
        ["contratos", "herencias"],
        "organisers",
    )
    assert list(
        MemberOffer.objects.filter(membership=world.mj).values_list("text", "language")
    ) == [("contratos", "es"), ("herencias", "es")]
    other = api_client(world.pedro.user).get(
        reverse("api.communities.member", args=[world.slug, world.mj.pk])
    )
    assert other.json()["offers"] is None


def test_update_with_a_bad_visibility_is_refused(world):
    api = api_client(world.mj.user)

    response = api.patch(
        reverse("api.communities.me", args=[world.slug]),
        {"visibility": {"needs": "everyone"}},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"visibility": {"needs": ['"everyone" is not a valid choice.']}}


def test_anonymous_gets_401(world, client):
    response = client.get(reverse("api.communities.list"))

    assert response.status_code == 401
