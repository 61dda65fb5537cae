"""Each field of a member's profile is shown to exactly whom the member chose: on the
profile page, in the directory and through the API."""

import pytest
from django.urls import reverse

from vinculo.communities import selectors

from .conftest import api_client, english_client

pytestmark = pytest.mark.django_db


def card(viewer, member) -> dict:
    c = selectors.member_card(
        viewer=viewer, member=selectors.member_get(viewer=viewer, member_id=member.pk)
    )
    return {f: getattr(c, f) for f in ("does", "pitch", "sector", "city", "offers", "needs")}


def test_a_member_sees_only_what_others_share_with_members(world):
    assert card(world.mj, world.pedro) == {
        "does": "Diseño web",
        "pitch": None,
        "sector": "Diseño",
        "city": None,
        "offers": ["diseño web para despachos"],
        "needs": ["clientes en Sevilla"],
    }


def test_organisers_see_organiser_only_fields_but_not_private_ones(world):
    expected = {
        "does": "Diseño web",
        "pitch": "Hago webs que venden.",
        "sector": "Diseño",
        "city": None,
        "offers": ["diseño web para despachos"],
        "needs": ["clientes en Sevilla"],
    }
    assert card(world.olga, world.pedro) == expected
    assert card(world.ana, world.pedro) == expected


def test_a_member_sees_all_of_their_own_profile(world):
    assert card(world.pedro, world.pedro) == {
        "does": "Diseño web",
        "pitch": "Hago webs que venden.",
        "sector": "Diseño",
        "city": "Málaga",
        "offers": ["diseño web para despachos"],
        "needs": ["clientes en Sevilla"],
    }


def test_profile_page_hides_the_needs_a_member_keeps_for_organisers(world):
    url = reverse("communities.member", args=[world.slug, world.mj.pk])

    as_member = english_client(world.pedro.user).get(url).content.decode()
    as_organiser = english_client(world.olga.user).get(url).content.decode()

    assert "contratos entre socios" in as_member
    assert "un diseñador para su web" not in as_member
    assert "Needs" not in as_member
    assert "un diseñador para su web" in as_organiser


def test_profile_page_never_shows_a_field_kept_for_oneself(world):
    url = reverse("communities.member", args=[world.slug, world.pedro.pk])

    for viewer in (world.ana, world.olga, world.mj):
        assert "Málaga" not in english_client(viewer.user).get(url).content.decode()
    assert "Málaga" in english_client(world.pedro.user).get(url).content.decode()


def test_api_member_profile_applies_visibility(world):
    response = api_client(world.pedro.user).get(
        reverse("api.communities.member", args=[world.slug, world.mj.pk])
    )

    body = response.json()
    del body["joined_at"]
    assert body == {
        "id": world.mj.pk,
        "name": "María José Núñez",
        "role": "member",
        "does": "Abogada de contratos",
        "pitch": "",
        "sector": "Legal",
        "city": "Sevilla",
        "offers": ["contratos entre socios"],
        "needs": None,
    }


def test_api_directory_applies_visibility(world):
    response = api_client(world.mj.user).get(
        reverse("api.communities.members", args=[world.slug]), {"city": "", "q": "ruiz"}
    )

    body = response.json()
    assert (body["count"], [m["name"] for m in body["results"]]) == (1, ["Pedro Ruiz"])
    assert (body["results"][0]["city"], body["results"][0]["pitch"]) == (None, None)


def test_editing_my_profile_with_visibility_choices(world):
    client = english_client(world.pedro.user)
    url = reverse("communities.my_profile", args=[world.slug])

    form = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "Pedro Ruiz",
            "does": "Diseño web y marca",
            "does_visibility": "members",
            "offers": "diseño web para despachos\nlogotipos",
            "offers_visibility": "members",
            "needs": "clientes en Sevilla\nun fotógrafo",
            "needs_visibility": "me",
            "pitch": "",
            "pitch_visibility": "members",
            "sector": "Diseño",
            "sector_visibility": "organisers",
            "city": "Málaga",
            "city_visibility": "members",
        },
    )

    assert "clientes en Sevilla" in form and 'value="me" selected' in form
    assert response.url == url
    assert card(world.mj, world.pedro) == {
        "does": "Diseño web y marca",
        "pitch": "",
        "sector": None,
        "city": "Málaga",
        "offers": ["diseño web para despachos", "logotipos"],
        "needs": None,
    }
    assert [m.name for m in selectors.directory_search(viewer=world.mj, need="fotografo")] == []
    assert [m.name for m in selectors.directory_search(viewer=world.mj, query="malaga")] == [
        "Pedro Ruiz"
    ]
