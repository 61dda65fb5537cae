"""Posting, listing, searching, editing, solving and moderating the board."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from vinculo.communities.board import selectors, services
from vinculo.communities.board.models import Post, Reply

from ..conftest import english_client

pytestmark = pytest.mark.django_db


def _texts(posts) -> list[str]:
    return [p.text for p in posts]


@pytest.fixture
def posts(world):
    first = services.post_create(
        actor=world.mj, kind="ask", text="¿Alguien conoce a un buen gestor en Sevilla?"
    )
    second = services.post_create(
        actor=world.pedro, kind="offer", text="Reviso webs de despachos gratis este mes"
    )
    third = services.post_create(
        actor=world.pedro, kind="ask", text="Busco local para un taller en Málaga"
    )
    services.post_set_solved(actor=world.pedro, post=third)
    return first, second, third


def test_the_board_lists_posts_newest_first_with_filters(world, posts):
    def listed(viewer, **filters):
        return _texts(selectors.post_search(viewer=viewer, **filters))

    everything = [
        "Busco local para un taller en Málaga",
        "Reviso webs de despachos gratis este mes",
        "¿Alguien conoce a un buen gestor en Sevilla?",
    ]
    assert listed(world.ana) == everything
    assert listed(world.ana, show="open") == everything[1:]
    assert listed(world.ana, show="solved") == everything[:1]
    assert listed(world.pedro, show="mine") == everything[:2]
    assert listed(world.ana, kind="ask") == [everything[0], everything[2]]
    assert listed(world.ana, kind="offer") == [everything[1]]
    assert listed(world.ana, show="open", kind="ask") == [everything[2]]


def test_search_ignores_accents_and_case(world, posts):
    def found(query):
        return _texts(selectors.post_search(viewer=world.olga, query=query))

    assert found("SEVÍLLA gestor") == ["¿Alguien conoce a un buen gestor en Sevilla?"]
    assert found("malaga") == ["Busco local para un taller en Málaga"]
    assert found("gestor malaga") == []


def test_another_workspace_sees_none_of_the_board(world, posts):
    assert _texts(selectors.post_search(viewer=world.berta)) == []
    response = english_client(world.berta.user).get(
        reverse("communities.board.post", args=[world.slug, posts[0].pk])
    )
    assert response.status_code == 404


def test_the_board_page_shows_posts_and_posts_an_ask(
    world, posts, django_capture_on_commit_callbacks
):
    client = english_client(world.mj.user)
    url = reverse("communities.board", args=[world.slug])

    page = client.get(url + "?show=open&q=despachos").content.decode()
    assert "Reviso webs de despachos gratis este mes" in page
    assert "¿Alguien conoce" not in page
    assert "1 post" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"kind": "ask", "text": "  Necesito un notario en Sevilla ", "language": "es"}
        )
    post = Post.objects.get(text="Necesito un notario en Sevilla")
    assert response.status_code == 302
    assert response.url == reverse("communities.board.post", args=[world.slug, post.pk])
    assert (post.author, post.kind, post.status, post.language, post.workspace) == (
        world.mj,
        "ask",
        "open",
        "es",
        world.mj.workspace,
    )


def test_the_board_page_keeps_a_fixed_number_of_queries(world, posts, django_assert_num_queries):
    for n in range(25):
        services.post_create(actor=world.olga, kind="offer", text=f"Oferta {n}")
    client = english_client(world.mj.user)
    url = reverse("communities.board", args=[world.slug])
    client.get(url)
    # session, user, membership, count, page of posts (with authors and reply counts)
    with django_assert_num_queries(5):
        response = client.get(url + "?page=2")
    assert response.status_code == 200


def test_an_empty_post_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        services.post_create(actor=world.mj, kind="ask", text="   ")
    assert caught.value.message_dict == {"text": ["Escribe algo primero."]}
    with pytest.raises(ValidationError) as caught:
        services.post_create(actor=world.mj, kind="question", text="¿Hola?")
    assert caught.value.message_dict == {"kind": ["Di si pides u ofreces algo."]}


def test_authors_edit_their_own_posts_only(world, posts):
    ask = posts[0]
    services.post_update(actor=world.mj, post=ask, text="¿Un gestor en Triana?")
    ask.refresh_from_db()
    assert (ask.text, ask.folded) == ("¿Un gestor en Triana?", "¿un gestor en triana?")
    for intruder in (world.pedro, world.ana):
        with pytest.raises(PermissionDenied):
            services.post_update(actor=intruder, post=ask, text="cambiado")
    response = english_client(world.ana.user).post(
        reverse("communities.board.edit", args=[world.slug, ask.pk]),
        {"text": "x", "language": "es"},
    )
    assert response.status_code == 403
    assert Post.objects.get(pk=ask.pk).text == "¿Un gestor en Triana?"


def test_members_delete_their_own_posts_and_organisers_any(world, posts):
    ask, offer, _solved = posts
    url = reverse("communities.board.delete", args=[world.slug, offer.pk])
    assert english_client(world.mj.user).post(url).status_code == 403
    assert Post.objects.filter(pk=offer.pk).exists()
    assert english_client(world.olga.user).post(url).status_code == 302
    assert not Post.objects.filter(pk=offer.pk).exists()
    services.post_delete(actor=world.mj, post=ask)
    assert _texts(Post.objects.filter(workspace=world.ana.workspace)) == [
        "Busco local para un taller en Málaga"
    ]


def test_an_ask_is_solved_by_its_author_or_an_organiser(world, posts):
    ask, offer, _solved = posts
    url = reverse("communities.board.solve", args=[world.slug, ask.pk])
    assert english_client(world.pedro.user).post(url).status_code == 403
    ask.refresh_from_db()
    assert (ask.status, ask.solved_at) == ("open", None)

    english_client(world.mj.user).post(url, {"solved": "1"})
    ask.refresh_from_db()
    assert ask.status == "solved"
    assert ask.solved_at is not None

    english_client(world.olga.user).post(url, {"solved": "0"})
    ask.refresh_from_db()
    assert (ask.status, ask.solved_at) == ("open", None)

    with pytest.raises(ValidationError) as caught:
        services.post_set_solved(actor=world.pedro, post=offer)
    assert caught.value.messages == ["Only an ask can be marked solved."]


def test_replies_are_shown_and_deleted_by_their_author_or_an_organiser(world, posts):
    ask = posts[0]
    client = english_client(world.pedro.user)
    client.post(
        reverse("communities.board.reply", args=[world.slug, ask.pk]),
        {"text": "Pregunta en la asesoría de la calle Feria"},
    )
    reply = Reply.objects.get()
    assert (reply.post, reply.author, reply.text) == (
        ask,
        world.pedro,
        "Pregunta en la asesoría de la calle Feria",
    )
    page = english_client(world.mj.user).get(
        reverse("communities.board.post", args=[world.slug, ask.pk])
    )
    assert "Pregunta en la asesoría de la calle Feria" in page.content.decode()
    assert "1 reply" in page.content.decode()

    delete = reverse("communities.board.reply_delete", args=[world.slug, reply.pk])
    assert english_client(world.mj.user).post(delete).status_code == 403
    assert english_client(world.olga.user).post(delete).status_code == 302
    assert Reply.objects.count() == 0


def test_an_empty_reply_shows_the_post_again_with_the_error(world, posts):
    response = english_client(world.pedro.user).post(
        reverse("communities.board.reply", args=[world.slug, posts[0].pk]), {"text": " "}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Reply.objects.count() == 0
