"""The board through the API: the same rules as the pages."""

import pytest
from django.urls import reverse

from vinculo.communities.board import services
from vinculo.communities.board.models import Post, Reply

from ..conftest import api_client
from .conftest import PERSON

pytestmark = pytest.mark.django_db


def _board(world, *rest) -> str:
    return reverse("api.communities.board", args=[world.slug]) + "/".join(map(str, rest))


def test_post_list_search_and_detail(world):
    client = api_client(world.mj.user)
    created = client.post(
        _board(world),
        {"kind": "ask", "text": "¿Un gestor en Sevilla?", "language": "es"},
        format="json",
    )
    assert created.status_code == 201
    post = Post.objects.get()
    assert created.json() == {
        "id": post.pk,
        "kind": "ask",
        "text": "¿Un gestor en Sevilla?",
        "language": "es",
        "status": "open",
        "author_id": world.mj.pk,
        "author_name": "María José Núñez",
        "reply_count": 0,
        "created_at": created.json()["created_at"],
        "solved_at": None,
        "replies": [],
        "referrals": [],
        "members_who_could_help": [],
    }
    services.reply_create(actor=world.pedro, post=post, text="Prueba en la calle Feria")
    listed = api_client(world.pedro.user).get(_board(world) + "?q=SEVILLA&kind=ask").json()
    assert listed["count"] == 1
    assert [(p["id"], p["reply_count"]) for p in listed["results"]] == [(post.pk, 1)]
    assert api_client(world.pedro.user).get(_board(world) + "?show=mine").json()["count"] == 0
    detail = client.get(reverse("api.communities.board.post", args=[world.slug, post.pk])).json()
    assert [(r["author_name"], r["text"]) for r in detail["replies"]] == [
        ("Pedro Ruiz", "Prueba en la calle Feria")
    ]


def test_roles_edit_solve_and_moderate(world):
    post = services.post_create(actor=world.mj, kind="ask", text="¿Un gestor?")
    url = reverse("api.communities.board.post", args=[world.slug, post.pk])
    solve = reverse("api.communities.board.solve", args=[world.slug, post.pk])

    assert api_client(world.pedro.user).patch(url, {"text": "x"}, format="json").status_code == 403
    assert api_client(world.pedro.user).post(solve, {}, format="json").status_code == 403
    assert api_client(world.pedro.user).delete(url).status_code == 403
    edited = api_client(world.mj.user).patch(url, {"text": "¿Un gestor fiscal?"}, format="json")
    assert edited.json()["text"] == "¿Un gestor fiscal?"
    solved = api_client(world.olga.user).post(solve, {"solved": True}, format="json")
    assert solved.json()["status"] == "solved"

    reply = services.reply_create(actor=world.pedro, post=post, text="Yo no")
    reply_url = reverse("api.communities.board.reply", args=[world.slug, reply.pk])
    assert api_client(world.mj.user).delete(reply_url).status_code == 403
    assert api_client(world.pedro.user).delete(reply_url).status_code == 204
    assert Reply.objects.count() == 0
    assert api_client(world.ana.user).delete(url).status_code == 204
    assert Post.objects.count() == 0


def test_i_know_someone_through_the_api(world, carmen):
    post = services.post_create(actor=world.mj, kind="ask", text="¿Un gestor?")
    offered = api_client(world.olga.user).post(
        reverse("api.communities.board.referrals", args=[world.slug, post.pk]),
        {"message": "Conozco a una gestora", "contact_id": carmen.pk},
        format="json",
    )
    assert offered.status_code == 201
    referral_id = offered.json()["id"]
    # The helper sees her own contact; the asker does not.
    assert (offered.json()["person_name"], offered.json()["person_email"]) == PERSON[:2]
    url = reverse("api.communities.board.referral", args=[world.slug, referral_id])
    seen = api_client(world.mj.user).get(url).json()
    assert (seen["helper_name"], seen["message"], seen["status"]) == (
        "Olga Pérez",
        "Conozco a una gestora",
        "offered",
    )
    assert (seen["person_name"], seen["person_email"], seen["person_phone"]) == (None,) * 3
    assert seen["description"] is None
    assert api_client(world.pedro.user).get(url).status_code == 404

    answer = reverse("api.communities.board.referral_answer", args=[world.slug, referral_id])
    assert (
        api_client(world.mj.user).post(answer, {"accepted": True}, format="json").json()["status"]
        == "accepted"
    )
    confirm = reverse("api.communities.board.referral_confirm", args=[world.slug, referral_id])
    refused = api_client(world.mj.user).post(confirm, {"email": "x@x.es"}, format="json")
    assert refused.status_code == 403
    made = api_client(world.olga.user).post(
        confirm, {"phone": PERSON[2], "email": ""}, format="json"
    )
    assert made.status_code == 200
    seen = api_client(world.mj.user).get(url).json()
    assert (seen["status"], seen["person_name"], seen["person_email"], seen["person_phone"]) == (
        "made",
        PERSON[0],
        None,
        PERSON[2],
    )


def test_a_wrong_step_answers_400_with_the_reason(world, carmen):
    post = services.post_create(actor=world.mj, kind="ask", text="¿Un gestor?")
    referral = services.referral_offer(
        actor=world.olga, post=post, message="Sí", contact_id=carmen.pk
    )
    confirm = reverse("api.communities.board.referral_confirm", args=[world.slug, referral.pk])
    response = api_client(world.olga.user).post(confirm, {"email": "c@x.es"}, format="json")
    assert response.status_code == 400
    assert response.json() == ["This offer of help is offered; that step is not possible now."]


def test_another_workspace_gets_404_everywhere(world, carmen):
    post = services.post_create(actor=world.mj, kind="ask", text="¿Un gestor?")
    reply = services.reply_create(actor=world.pedro, post=post, text="Yo no")
    referral = services.referral_offer(
        actor=world.olga, post=post, message="Sí", contact_id=carmen.pk
    )
    # Berta's own community, with her own post, under its address: the ids are not hers.
    services.post_create(actor=world.berta, kind="ask", text="¿Un notario en Madrid?")
    for user, slug in ((world.berta.user, world.slug), (world.berta.user, world.other_slug)):
        client = api_client(user)
        for name, arg in (
            ("api.communities.board.post", post.pk),
            ("api.communities.board.replies", post.pk),
            ("api.communities.board.referrals", post.pk),
            ("api.communities.board.solve", post.pk),
            ("api.communities.board.reply", reply.pk),
            ("api.communities.board.referral", referral.pk),
            ("api.communities.board.referral_answer", referral.pk),
            ("api.communities.board.referral_confirm", referral.pk),
        ):
            url = reverse(name, args=[slug, arg])
            statuses = {
                client.get(url).status_code,
                client.post(url, {}).status_code,
                client.delete(url).status_code,
            }
            assert statuses <= {404, 405} and 404 in statuses, (url, statuses)
    listed = api_client(world.berta.user).get(
        reverse("api.communities.board", args=[world.other_slug])
    )
    assert [p["text"] for p in listed.json()["results"]] == ["¿Un notario en Madrid?"]
    assert api_client(world.nadia).get(_board(world)).status_code == 404
