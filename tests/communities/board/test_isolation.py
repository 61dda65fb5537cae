"""Every page and endpoint of the board, as a member of another community and as a user
of no community, with a post, a reply and a referral present that could leak."""

import pytest
from django.urls import reverse

from vinculo.communities.board import services

from ...isolation import routes
from ..conftest import PRIVATE, api_client, english_client
from .conftest import PERSON

pytestmark = pytest.mark.django_db

BOARD_ROUTES = [r for r in routes() if ".board" in r.name]


def test_the_walk_finds_every_board_route():
    assert len(BOARD_ROUTES) == 21


@pytest.fixture
def planted(world, carmen):
    post = services.post_create(actor=world.mj, kind="ask", text="Necesidad del cowork")
    reply = services.reply_create(actor=world.pedro, post=post, text="Respuesta del cowork")
    referral = services.referral_offer(
        actor=world.olga, post=post, message="Palabras de Olga", contact_id=carmen.pk
    )
    services.referral_answer(actor=world.mj, referral=referral, accepted=True)
    return {"post_id": post.pk, "reply_id": reply.pk, "referral_id": referral.pk}


@pytest.mark.parametrize("route", BOARD_ROUTES, ids=lambda r: r.name)
def test_outsiders_get_404_and_see_nothing(route, world, planted):
    for user in (world.berta.user, world.nadia):
        client = api_client(user) if route.is_api else english_client(user)
        for slug in (world.slug, world.other_slug):
            url = reverse(
                route.name,
                kwargs={
                    "workspace_slug": slug,
                    **{k: planted[k] for k in route.kwargs if k != "workspace_slug"},
                },
            )
            statuses = set()
            for method in ("get", "post", "patch", "delete"):
                response = getattr(client, method)(url)
                statuses.add(response.status_code)
                body = response.content.decode()
                for secret in (*PERSON, *PRIVATE, "Necesidad del cowork", "Palabras de Olga"):
                    assert secret not in body, (url, method)
            if (
                route.kwargs == ("workspace_slug",)
                and slug == world.other_slug
                and user == world.berta.user
            ):
                assert 200 in statuses or 201 in statuses or 400 in statuses, (url, statuses)
            else:
                assert statuses <= {404, 405} and 404 in statuses, (url, statuses)


@pytest.mark.parametrize(
    "name", [r.name for r in BOARD_ROUTES if "referral_id" in r.kwargs], ids=str
)
def test_a_third_member_cannot_reach_a_referral(name, world, planted):
    url = reverse(name, args=[world.slug, planted["referral_id"]])
    client = (
        api_client(world.pedro.user) if name.startswith("api") else english_client(world.pedro.user)
    )
    statuses = {getattr(client, m)(url).status_code for m in ("get", "post")}
    assert statuses <= {404, 405} and 404 in statuses, (url, statuses)
