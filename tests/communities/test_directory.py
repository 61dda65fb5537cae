"""The member directory: who each viewer sees, search with accents ignored, and each filter."""

import pytest
from django.urls import reverse

from vinculo.communities import selectors, services

from .conftest import english_client

pytestmark = pytest.mark.django_db


def names(viewer, **filters) -> list[str]:
    return [m.name for m in selectors.directory_search(viewer=viewer, **filters)]


def test_directory_lists_every_member_of_the_workspace_only(world):
    assert names(world.pedro) == ["Ana García", "María José Núñez", "Olga Pérez", "Pedro Ruiz"]
    assert names(world.berta) == ["Berta Club", "bruno"]


@pytest.mark.parametrize("query", ["nunez", "NUNEZ", "Núñez", "maria jose", "josé núñez"])
def test_search_ignores_accents_and_case(world, query):
    assert names(world.pedro, query=query) == ["María José Núñez"]


def test_search_matches_what_they_do_and_shared_offers(world):
    assert names(world.mj, query="diseno") == ["Pedro Ruiz"]
    assert names(world.mj, query="contratos socios") == ["María José Núñez"]


def test_search_never_finds_a_member_by_a_hidden_field(world):
    # María José's need ("un diseñador para su web") is for organisers only, and Pedro's
    # city for himself only: a search by them must not reveal them, even to organisers.
    assert names(world.olga, query="disenador") == []
    assert names(world.mj, query="malaga") == []


def test_filter_by_sector(world):
    assert names(world.pedro, sector="legal") == ["María José Núñez", "Olga Pérez"]
    assert names(world.pedro, sector="DISENO") == ["Pedro Ruiz"]


def test_filter_by_city_ignores_accents_and_hidden_cities(world):
    assert names(world.pedro, city="cordoba") == ["Olga Pérez"]
    assert names(world.mj, city="malaga") == []
    assert names(world.olga, city="malaga") == []
    assert names(world.pedro, city="malaga") == ["Pedro Ruiz"]  # his own, seen by himself


def test_filter_by_offer_matches_words_of_visible_offers(world):
    assert names(world.pedro, offer="contratos") == ["María José Núñez"]
    assert names(world.pedro, offer="diseño despachos") == ["Pedro Ruiz"]
    assert names(world.pedro, offer="mentoria") == ["Olga Pérez"]


def test_filter_by_need_respects_who_may_see_it(world):
    assert names(world.pedro, need="disenador") == []
    assert names(world.olga, need="disenador") == ["María José Núñez"]
    assert names(world.ana, need="diseñador web") == ["María José Núñez"]
    assert names(world.mj, need="clientes sevilla") == ["Pedro Ruiz"]


def test_filters_combine(world):
    assert names(world.pedro, sector="legal", city="sevilla") == ["María José Núñez"]
    assert names(world.pedro, sector="legal", offer="mentoria") == ["Olga Pérez"]


def test_directory_page_shows_visible_fields_only(world):
    client = english_client(world.pedro.user)

    response = client.get(reverse("communities.directory", args=[world.slug]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "4 members" in html
    assert "contratos entre socios" in html
    assert "un diseñador para su web" not in html
    assert "clientes en Sevilla" in html  # his own need


def test_directory_page_for_an_organiser_shows_organiser_fields(world):
    client = english_client(world.olga.user)

    html = client.get(reverse("communities.directory", args=[world.slug])).content.decode()

    assert "un diseñador para su web" in html
    assert "Málaga" not in html


def test_directory_search_as_you_type_returns_only_the_rows(world):
    client = english_client(world.pedro.user)

    response = client.get(
        reverse("communities.directory", args=[world.slug]),
        {"q": "nunez"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert "<h1>" not in html
    assert "1 member" in html
    assert "María José Núñez" in html
    assert "Pedro Ruiz" not in html


def test_directory_is_paginated(world):
    for n in range(25):
        member = services.invitation_accept(
            user=_user(f"extra{n:02d}"),
            invitation=services.invitation_link_create(actor=world.ana),
        )[0]
        services.profile_update(membership=member, name=f"Zeta {n:02d}")
    client = english_client(world.pedro.user)
    url = reverse("communities.directory", args=[world.slug])

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()

    assert "Page 1 of 2" in first
    assert "Zeta 15" in first and "Zeta 16" not in first
    assert "Zeta 16" in second and "Zeta 24" in second and "Ana García" not in second


def test_directory_page_reads_a_fixed_number_of_queries(world, django_assert_num_queries):
    client = english_client(world.pedro.user)
    url = reverse("communities.directory", args=[world.slug])
    client.get(url)

    # session, user, membership, count, page of members, their offers and needs
    with django_assert_num_queries(6):
        client.get(url)


def _user(username):
    from ..factories import UserFactory

    return UserFactory(username=username)
