"""Members who could answer an ask: shown on its page and told by email."""

import pytest
from django.core import mail
from django.urls import reverse

from vinculo.communities import services as community_services
from vinculo.communities.board import selectors, services
from vinculo.communities.board.models import Post

from ..conftest import english_client
from .conftest import speak_english

pytestmark = pytest.mark.django_db

ASK = "Busco diseño web para mi despacho de abogados"


def test_members_whose_offers_meet_an_ask_are_shown_and_told(
    world, django_capture_on_commit_callbacks
):
    speak_english(world.pedro)
    with django_capture_on_commit_callbacks(execute=True):
        english_client(world.mj.user).post(
            reverse("communities.board", args=[world.slug]),
            {"kind": "ask", "text": ASK, "language": "es"},
        )
    post = Post.objects.get()

    helpers = selectors.members_who_could_help(viewer=world.olga, post=post)
    assert [(h.name, h.offer) for h in helpers][:1] == [("Pedro Ruiz", "diseño web para despachos")]
    page = english_client(world.ana.user).get(
        reverse("communities.board.post", args=[world.slug, post.pk])
    )
    assert "Members who could help" in page.content.decode()
    assert "diseño web para despachos" in page.content.decode()

    told = [m for m in mail.outbox if m.to == [world.pedro.user.email]]
    assert len(told) == 1
    assert told[0].subject == (
        "María José Núñez asks something you may help with, in Cowork Sevilla"
    )
    assert told[0].body == (
        "Hello Pedro Ruiz,\n"
        "\n"
        "María José Núñez asks on the board of Cowork Sevilla:\n"
        "\n"
        f"“{ASK}”\n"
        "\n"
        "You offer “diseño web para despachos”: perhaps you can help, or you know someone "
        "who can.\n"
        "\n"
        "Answer here:\n"
        f"http://testserver/communities/{world.slug}/board/{post.pk}/\n"
    )
    # Nobody in another community is ever told, and the asker is not told of herself.
    assert {world.berta.user.email, world.mj.user.email}.isdisjoint(
        {address for m in mail.outbox for address in m.to}
    )


def test_hidden_offers_are_never_suggested(world):
    community_services.profile_update(membership=world.pedro, visibility={"offers": "me"})
    post = services.post_create(actor=world.mj, kind="ask", text=ASK)
    for viewer in (world.mj, world.olga, world.ana):
        names = [h.name for h in selectors.members_who_could_help(viewer=viewer, post=post)]
        assert "Pedro Ruiz" not in names


def test_offers_and_solved_asks_suggest_nobody(world):
    offer = services.post_create(actor=world.mj, kind="offer", text=ASK)
    ask = services.post_create(actor=world.mj, kind="ask", text=ASK)
    services.post_set_solved(actor=world.mj, post=ask)
    assert selectors.members_who_could_help(viewer=world.olga, post=offer) == []
    assert selectors.members_who_could_help(viewer=world.olga, post=ask) == []
