"""The board's fixtures: a private contact of Olga's that an ask could use, and helpers
to read every page and endpoint of a post as one member."""

import pytest
from django.urls import reverse

from vinculo.communities import services as community_services

from ...factories import make_contact
from ..conftest import api_client, english_client

# Olga's own private contact: no one but Olga may see these before the introduction.
PERSON = ("Carmen Gestora Triana", "carmen@gestoria-triana.example", "+34 600 111 222")


@pytest.fixture
def carmen(world):
    return make_contact(
        world.olga.user, name=PERSON[0], emails=[PERSON[1]], phones=[PERSON[2]], languages=["en"]
    )


def speak_english(*members) -> None:
    for member in members:
        community_services.profile_update(membership=member, language="en")


def post_pages(member, post, referral_ids=()) -> dict[str, str]:
    """Every page and endpoint about ``post`` as ``member`` sees it: {url: body}."""
    slug = post.workspace.slug
    web = english_client(member.user)
    api = api_client(member.user)
    urls = [
        (web, reverse("communities.board", args=[slug])),
        (web, reverse("communities.board", args=[slug]) + "?q=gestor"),
        (web, reverse("communities.board.post", args=[slug, post.pk])),
        (web, reverse("communities.board.refer", args=[slug, post.pk])),
        (api, reverse("api.communities.board", args=[slug])),
        (api, reverse("api.communities.board.post", args=[slug, post.pk])),
    ]
    for referral_id in referral_ids:
        urls += [
            (web, reverse("communities.board.referral_confirm", args=[slug, referral_id])),
            (api, reverse("api.communities.board.referral", args=[slug, referral_id])),
        ]
    return {url: client.get(url).content.decode() for client, url in urls}
