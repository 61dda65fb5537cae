"""Warm paths: the selector, the page, the one-click draft, the API and ``vinculo path``."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_contact
from vinculo.activity.services import interaction_delete, interaction_log
from vinculo.cli import main
from vinculo.network import selectors
from vinculo.people import services as people
from vinculo.people.models import Tie

pytestmark = pytest.mark.django_db

AUDITS = "alguien que haga auditorías de accesibilidad"


def names(paths) -> list[tuple[list[str], float]]:
    return [([p.name for p in path.people], path.score) for path in paths]


def test_a_strong_three_step_path_beats_a_weak_two_step_one(user, paths_network):
    found = selectors.warm_paths_find(user=user, target=paths_network["tomas"])

    # 0.9 × 0.9 × 0.9 through Alba and Berta; 0.3 × 0.9 through Carlos; Diego's tie to
    # Tomás has strength 0, so it is no way at all.
    assert names(found) == [
        (["Alba Gil", "Berta Sanz", "Tomás Vidal"], 0.729),
        (["Carlos Pérez", "Tomás Vidal"], 0.27),
    ]


def test_someone_who_offers_what_i_need_is_reached_the_same_way(user, paths_network):
    found = selectors.warm_paths_find(user=user, offering=AUDITS)

    assert [(n, s, p.offer) for (n, s), p in zip(names(found), found, strict=True)] == [
        (["Alba Gil", "Berta Sanz", "Tomás Vidal"], 0.729, "auditorías de accesibilidad web"),
        (["Carlos Pérez", "Tomás Vidal"], 0.27, "auditorías de accesibilidad web"),
    ]


def test_nobody_connected_is_no_path(user, paths_network):
    assert selectors.warm_paths_find(user=user, target=paths_network["ursula"]) == []
    assert selectors.warm_paths_find(user=user, offering="clases de violín barroco") == []


def test_a_new_tie_is_seen_at_once(user, paths_network):
    assert selectors.warm_paths_find(user=user, target=paths_network["ursula"]) == []

    people.tie_create(owner=user, a=paths_network["diego"], b=paths_network["ursula"], strength=0.5)

    found = selectors.warm_paths_find(user=user, target=paths_network["ursula"])
    assert names(found) == [(["Diego Mora", "Úrsula Rey"], 0.4)]


def test_a_tie_edited_in_place_is_seen_at_once(user, paths_network):
    tie = Tie.objects.for_user(user).get(a=paths_network["carlos"], b=paths_network["tomas"])
    assert names(selectors.warm_paths_find(user=user, target=paths_network["tomas"]))[1] == (
        ["Carlos Pérez", "Tomás Vidal"],
        0.27,
    )

    people.tie_update(tie=tie, strength=0.0)

    found = selectors.warm_paths_find(user=user, target=paths_network["tomas"])
    assert names(found) == [(["Alba Gil", "Berta Sanz", "Tomás Vidal"], 0.729)]


def test_an_interaction_logged_or_deleted_is_seen_at_once(user, paths_network):
    ursula = paths_network["ursula"]
    assert selectors.warm_paths_find(user=user, target=ursula) == []

    met = interaction_log(
        owner=user, contact=ursula, kind="meeting", direction="mutual", date=timezone.localdate()
    )
    # One meeting today, value both ways: a direct tie of 0.53, nobody to ask.
    assert names(selectors.warm_paths_find(user=user, target=ursula)) == [(["Úrsula Rey"], 0.53)]

    interaction_delete(interaction=met)
    assert selectors.warm_paths_find(user=user, target=ursula) == []


def test_the_page_lists_the_paths_best_first(auth_client, paths_network):
    response = auth_client.get(
        reverse("network.paths"), {"to": "tomas vidal"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    html = response.content.decode()
    people_lines = re.findall(r'<p class="path-people">(.*?)</p>', html, re.S)
    assert [re.sub(r"<[^>]+>", "", line).split(" → ") for line in people_lines] == [
        ["You", "Alba Gil", "Berta Sanz", "Tomás Vidal"],
        ["You", "Carlos Pérez", "Tomás Vidal"],
    ]
    assert re.findall(r'class="path-score">([^<]+)<', html) == ["0.73", "0.27"]
    alba, berta, tomas = (paths_network[k].pk for k in ("alba", "berta", "tomas"))
    assert f'hx-get="/network/paths/draft/?people={alba},{berta},{tomas}"' in html
    assert "Ask Alba Gil for the introduction" in html


def test_the_page_says_clearly_when_there_is_no_path(auth_client, paths_network):
    response = auth_client.get(
        reverse("network.paths"),
        {"contact": paths_network["ursula"].pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    no_path = re.search(r'<p class="no-path" role="status">(.*?)</p>', response.content.decode())
    assert no_path.group(1) == (
        "No path: nobody you know is connected to Úrsula Rey through ties with some strength. "
        "Record whom your contacts know to find one."
    )


def test_the_page_names_an_unknown_person(auth_client, paths_network):
    response = auth_client.get(reverse("network.paths"), {"to": "Nadie"}, HTTP_ACCEPT_LANGUAGE="en")

    assert "No contact is called “Nadie”." in response.content.decode()


def test_one_click_drafts_the_ask_in_the_first_persons_language(auth_client, paths_network):
    alba, berta, tomas = (paths_network[k].pk for k in ("alba", "berta", "tomas"))

    response = auth_client.get(
        reverse("network.path_draft"),
        {"people": f"{alba},{berta},{tomas}"},
        HTTP_HX_REQUEST="true",
    )

    # Alba speaks English, whatever the language of the page.
    html = response.content.decode()
    message = re.search(r'<pre class="message">(.*?)</pre>', html, re.S).group(1)
    assert message == (
        "Could you introduce me to Tomás Vidal?\n\n"
        "Hello Alba Gil,\n\n"
        "I would like to meet Tomás Vidal, and I believe you can reach them. "
        "As far as I know, through Berta Sanz.\n\n"
        "Would you introduce us? If it helps, I can send you a few lines about what I do "
        "to pass on.\n\n"
        "And tell me if I can help you with anything: I would be glad to.\n\n"
        "Thank you,\nAna Ruiz\n"
    )


def test_a_path_with_someone_elses_contact_is_not_found(auth_client, paths_network, other_user):
    stranger = make_contact(other_user, name="Ajena")
    alba = paths_network["alba"].pk

    response = auth_client.get(reverse("network.path_draft"), {"people": f"{alba},{stranger.pk}"})

    assert response.status_code == 404


def test_the_api_gives_the_paths_with_ids(api, user, paths_network):
    ids = [paths_network[k].pk for k in ("alba", "berta", "tomas", "carlos")]

    response = api.get("/api/v1/paths/", {"to": paths_network["tomas"].pk})

    assert response.json() == {
        "paths": [
            {
                "people": ["Ana Ruiz", "Alba Gil", "Berta Sanz", "Tomás Vidal"],
                "contacts": ids[:3],
                "score": 0.729,
                "offer": "",
            },
            {
                "people": ["Ana Ruiz", "Carlos Pérez", "Tomás Vidal"],
                "contacts": [ids[3], ids[2]],
                "score": 0.27,
                "offer": "",
            },
        ]
    }


def test_the_api_needs_one_goal(api, paths_network):
    response = api.get("/api/v1/paths/")

    assert response.status_code == 400
    assert response.json() == {
        "to": ["Give either a contact (to) or what they should offer (offering)."]
    }


def test_the_api_drafts_the_ask(api, paths_network):
    alba, berta, tomas = (paths_network[k].pk for k in ("alba", "berta", "tomas"))

    response = api.post("/api/v1/paths/draft/", {"contacts": [alba, berta, tomas]}, format="json")

    body = response.json()
    assert (body["to"], body["language"], body["subject"]) == (
        [],
        "en",
        "Could you introduce me to Tomás Vidal?",
    )


def test_cli_path_to_a_person(capsys, user, paths_network):
    status = main(["path", "--to", "Tomas Vidal", "--json"])

    assert status == 0
    assert json.loads(capsys.readouterr().out) == {
        "paths": [
            {"people": ["Ana Ruiz", "Alba Gil", "Berta Sanz", "Tomás Vidal"], "score": 0.729},
            {"people": ["Ana Ruiz", "Carlos Pérez", "Tomás Vidal"], "score": 0.27},
        ]
    }


def test_cli_path_to_an_offer_in_words(capsys, user, paths_network):
    status = main(["path", "--offering", AUDITS])

    assert status == 0
    assert capsys.readouterr().out == (
        "1. Ana Ruiz → Alba Gil → Berta Sanz → Tomás Vidal  (0.73)\n"
        "   offers: auditorías de accesibilidad web\n"
        "2. Ana Ruiz → Carlos Pérez → Tomás Vidal  (0.27)\n"
        "   offers: auditorías de accesibilidad web\n"
    )


def test_cli_no_path_is_a_result(capsys, user, paths_network):
    status = main(["path", "--to", "Úrsula Rey"])
    out = capsys.readouterr().out
    json_status = main(["path", "--to", "Úrsula Rey", "--json"])

    assert status == 0
    assert out == (
        "No path: nobody you know is connected to Úrsula Rey through ties with some strength.\n"
    )
    assert json_status == 0
    assert json.loads(capsys.readouterr().out) == {"paths": []}


def test_cli_unknown_name_is_an_error(capsys, user, paths_network):
    status = main(["path", "--to", "Nadie", "--json"])

    captured = capsys.readouterr()
    assert (status, captured.out, captured.err) == (
        1,
        "",
        "No contact has the name or id 'Nadie'.\n",
    )
