"""The double opt-in between members, end to end through the pages, and who may do what."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from vinculo.communities import matching, services
from vinculo.communities.models import MemberIntroduction

from ..conftest import api_client, english_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(red):
    matching.matches_chunk_compute(workspace_id=red.workspace.pk, first_id=0, last_id=2**62)
    return red


def url(name: str, red, **kwargs) -> str:
    return reverse(name, kwargs={"workspace_slug": red.slug, **kwargs})


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_member_asks_the_other_accepts_and_both_see_each_others_email(
    computed, django_capture_on_commit_callbacks
):
    red = computed
    lucia, tom = english_client(red.lucia.user), english_client(red.tom.user)
    page = lucia.get(url("communities.intros", red))
    assert page.status_code == 200
    assert (
        "Tom Baker offers “web design for small firms”, for your need “un diseñador para mi "
        "web” (in common: web design)" in text(page)
    )
    # Marta's offer is hers alone: her name is nowhere on Lucía's suggestions.
    assert "Marta Ruiz" not in text(page)

    with django_capture_on_commit_callbacks(execute=True):
        response = lucia.post(
            url("communities.intros_ask", red, member_id=red.tom.pk),
            {"message": "Hola Tom, ¿hablamos de mi web?"},
        )
    introduction = MemberIntroduction.objects.get()
    assert response.status_code == 302
    assert response.url == url("communities.intro", red, intro_id=introduction.pk)
    assert (introduction.first, introduction.second, introduction.status) == (
        red.lucia,
        red.tom,
        "accepted",
    )
    # Tom is asked in his language (English), and his email is not shared yet.
    [asked] = mail.outbox
    assert asked.to == ["tom@example.org"]
    assert asked.subject == "Lucía Gómez would like to meet you in Red Bilingüe"
    assert "Hola Tom, ¿hablamos de mi web?" in asked.body
    assert f"/introductions/{introduction.pk}/" in asked.body
    assert "tom@example.org" not in text(lucia.get(response.url))

    detail = url("communities.intro", red, intro_id=introduction.pk)
    assert 'value="accept"' in text(tom.get(detail))
    with django_capture_on_commit_callbacks(execute=True):
        tom.post(
            url("communities.intro_answer", red, intro_id=introduction.pk), {"answer": "accept"}
        )
    introduction.refresh_from_db()
    assert introduction.status == "made"
    assert introduction.made_at is not None
    made = sorted((m.to[0], m.subject) for m in mail.outbox[1:])
    assert made == [
        ("lucia@example.org", "Tom Baker y tú ya estáis presentados"),
        ("tom@example.org", "You and Lucía Gómez are introduced"),
    ]
    assert "Write to Tom Baker at" in text(lucia.get(detail))
    assert 'href="mailto:tom@example.org"' in text(lucia.get(detail))
    assert 'href="mailto:lucia@example.org"' in text(tom.get(detail))

    tom.post(url("communities.intro_outcome", red, intro_id=introduction.pk), {"outcome": "helped"})
    introduction.refresh_from_db()
    assert introduction.outcome == "helped"
    # Once introduced, Tom is no longer suggested to Lucía.
    assert "Tom Baker offers" not in text(lucia.get(url("communities.intros", red)))


def test_declined_shares_nothing(computed, django_capture_on_commit_callbacks):
    red = computed
    introduction = services.introduction_request(actor=red.tom, other=red.lucia)
    mail.outbox.clear()
    lucia = english_client(red.lucia.user)
    with django_capture_on_commit_callbacks(execute=True):
        lucia.post(
            url("communities.intro_answer", red, intro_id=introduction.pk), {"answer": "decline"}
        )
    # Tom, who asked, is told in his language, and not to wait.
    [told] = mail.outbox
    assert (told.to, told.subject) == (
        ["tom@example.org"],
        "Lucía Gómez cannot take up the introduction this time",
    )
    assert told.body == (
        "Hello Tom Baker: Lucía Gómez cannot take up the introduction in Red Bilingüe this "
        "time.\n\nNothing of yours was shared. The introduction:\n"
        f"http://testserver/communities/red-bilingue/introductions/{introduction.pk}/\n"
    )
    introduction.refresh_from_db()
    assert (introduction.status, introduction.second_answer) == ("declined", "declined")
    page = text(english_client(red.tom.user).get(
        url("communities.intro", red, intro_id=introduction.pk)
    ))  # fmt: skip
    assert "lucia@example.org" not in page
    assert 'value="accept"' not in page


def test_an_organiser_proposes_and_each_side_answers(computed, django_capture_on_commit_callbacks):
    red = computed
    olga = english_client(red.olga.user)
    page = text(olga.get(url("communities.intros_organisers", red)))
    assert "The best introductions to make this week" in page
    assert "Tom Baker needs “a tax advisor”; Lucía Gómez offers" in page
    with django_capture_on_commit_callbacks(execute=True):
        olga.post(
            url("communities.intros_propose", red),
            {"first": red.tom.pk, "second": red.lucia.pk, "message": "Os va a encantar"},
        )
    introduction = MemberIntroduction.objects.get()
    assert (introduction.proposed_by, introduction.status) == (red.olga, "proposed")
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("lucia@example.org", "Olga Pérez te propone conocer a Tom Baker en Red Bilingüe"),
        ("tom@example.org", "Olga Pérez suggests you meet Lucía Gómez in Red Bilingüe"),
    ]
    for member, status in ((red.tom, "accepted"), (red.lucia, "made")):
        english_client(member.user).post(
            url("communities.intro_answer", red, intro_id=introduction.pk), {"answer": "accept"}
        )
        introduction.refresh_from_db()
        assert introduction.status == status
    # The organiser sees the introduction, not the emails the two now share.
    detail = text(olga.get(url("communities.intro", red, intro_id=introduction.pk)))
    assert "Tom Baker and Lucía Gómez" in detail
    assert "@example.org" not in detail


def test_a_member_cannot_act_as_an_organiser(computed):
    red = computed
    lucia = english_client(red.lucia.user)
    assert lucia.get(url("communities.intros_organisers", red)).status_code == 403
    response = lucia.post(
        url("communities.intros_propose", red), {"first": red.tom.pk, "second": red.pedro.pk}
    )
    assert response.status_code == 403
    assert lucia.post(url("communities.intros_refresh", red)).status_code == 403
    assert MemberIntroduction.objects.count() == 0


def test_only_the_two_sides_see_and_answer_an_introduction(computed):
    red = computed
    introduction = services.introduction_request(actor=red.lucia, other=red.tom)
    pedro = english_client(red.pedro.user)
    detail = url("communities.intro", red, intro_id=introduction.pk)
    assert pedro.get(detail).status_code == 404
    answer = url("communities.intro_answer", red, intro_id=introduction.pk)
    assert pedro.post(answer, {"answer": "accept"}).status_code == 404
    # An organiser sees it but cannot answer for a side.
    olga = english_client(red.olga.user)
    assert olga.get(detail).status_code == 200
    assert olga.post(answer, {"answer": "accept"}).status_code == 403
    introduction.refresh_from_db()
    assert introduction.status == "accepted"


def test_the_same_pair_is_not_introduced_twice(computed):
    red = computed
    services.introduction_request(actor=red.lucia, other=red.tom)
    tom = english_client(red.tom.user)
    response = tom.post(url("communities.intros_ask", red, member_id=red.lucia.pk), follow=True)
    assert "These two members already have an introduction." in text(response)
    assert MemberIntroduction.objects.count() == 1


def test_an_organiser_asks_for_the_suggestions_again(computed):
    red = computed
    response = english_client(red.ana.user).post(url("communities.intros_refresh", red))
    assert response.status_code == 302
    assert (
        DBTaskResult.objects.filter(
            task_path="vinculo.communities.tasks.member_matches_chunk"
        ).count()
        == 1
    )


def test_each_side_says_whether_it_helped_them_and_organisers_count_either(computed):
    red = computed
    introduction = services.introduction_request(actor=red.lucia, other=red.tom, message="Hola")
    services.introduction_answer(actor=red.tom, introduction=introduction, accepted=True)
    lucia, tom = english_client(red.lucia.user), english_client(red.tom.user)
    detail = url("communities.intro", red, intro_id=introduction.pk)
    outcome = url("communities.intro_outcome", red, intro_id=introduction.pk)

    tom.post(outcome, {"outcome": "helped"})
    lucia_page = text(lucia.get(detail))
    assert "Did it help you?" in lucia_page
    assert "You said" not in lucia_page  # Tom's answer is his
    assert "Did it help you? <strong>You said it helped.</strong>" in text(tom.get(detail))

    lucia.post(outcome, {"outcome": "not_helped"})
    introduction.refresh_from_db()
    # Lucía's answer did not replace Tom's, and it helped one of them: organisers count it.
    assert (
        introduction.first_outcome,
        introduction.second_outcome,
        introduction.outcome,
    ) == ("not_helped", "helped", "helped")
    assert "<strong>You said it did not help.</strong>" in text(lucia.get(detail))
    assert "<strong>You said it helped.</strong>" in text(tom.get(detail))

    tom.post(outcome, {"outcome": "not_helped"})
    introduction.refresh_from_db()
    assert introduction.outcome == "not_helped"


def test_the_words_of_a_request_are_for_the_two_members_not_for_other_organisers(computed):
    red = computed
    introduction = services.introduction_request(
        actor=red.lucia, other=red.tom, message="Hola Tom: ¿hablamos de mi web?"
    )
    detail = url("communities.intro", red, intro_id=introduction.pk)
    api = reverse(
        "api.communities.intro", kwargs={"workspace_slug": red.slug, "intro_id": introduction.pk}
    )

    for member, words in ((red.lucia, True), (red.tom, True), (red.olga, False)):
        client = english_client(member.user)
        page = text(client.get(detail))
        assert ("Hola Tom: ¿hablamos de mi web?" in page) is words, member
        assert api_client(member.user).get(api).json()["message"] == (
            introduction.message if words else ""
        )
    # The organiser still follows it, and sees who asked for it.
    assert "Accepted by one side · asked for by Lucía Gómez" in text(
        english_client(red.olga.user).get(detail)
    )
