"""Matching across members: exact pairs in Spanish, in English and across them, what each
viewer may see, and the suggestions for organisers."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from vinculo.communities import matching, selectors, services
from vinculo.communities.models import MemberMatch
from vinculo.communities.tasks import member_matches_chunk

pytestmark = pytest.mark.django_db

ALL = (0, 2**62)


def compute(red) -> None:
    matching.matches_chunk_compute(workspace_id=red.workspace.pk, first_id=0, last_id=2**62)


def pairs() -> list[tuple[str, str, str, str]]:
    return [
        (m.needer.name, m.need.text, m.offerer.name, m.offer.text)
        for m in MemberMatch.objects.order_by("needer__name", "-score")
    ]


def test_needs_meet_offers_in_spanish_english_and_across(red):
    compute(red)
    assert pairs() == [
        ("Lucía Gómez", "un diseñador para mi web", "Marta Ruiz", "diseño web para despachos"),
        ("Lucía Gómez", "un diseñador para mi web", "Tom Baker", "web design for small firms"),
        ("Olga Pérez", "traducción al inglés", "Pedro Sanz", "English translation of documents"),
        ("Tom Baker", "a tax advisor", "Lucía Gómez", "asesoría fiscal para autónomos"),
    ]
    tax = MemberMatch.objects.get(needer=red.tom)
    assert tax.reasons == [["c:tax", "impuestos", "tax"]]
    assert tax.score == 0.8748


def test_a_chunk_replaces_only_its_own_needers_rows(red):
    compute(red)
    low, high = sorted([red.lucia.pk, red.tom.pk])
    services.profile_update(membership=red.lucia, needs=[])
    services.profile_update(membership=red.tom, needs=["alguien que lleve mis impuestos"])
    # The index this process cached catches up with the two profiles.
    matching.matches_chunk_compute(workspace_id=red.workspace.pk, first_id=low, last_id=high)
    assert pairs() == [
        ("Olga Pérez", "traducción al inglés", "Pedro Sanz", "English translation of documents"),
        ("Tom Baker", "alguien que lleve mis impuestos", "Lucía Gómez",
         "asesoría fiscal para autónomos"),
    ]  # fmt: skip


def test_refresh_enqueues_one_task_per_chunk_of_needers(red):
    # Three members have needs: Olga, Lucía and Tom.
    assert services.member_matches_refresh(workspace=red.workspace, chunk_size=2) == 2
    assert services.member_matches_refresh(workspace=red.workspace, chunk_size=1) == 3
    assert services.member_matches_refresh(workspace=red.workspace) == 1
    chunks = [
        r.args_kwargs["kwargs"]
        for r in DBTaskResult.objects.filter(
            task_path="vinculo.communities.tasks.member_matches_chunk"
        ).order_by("enqueued_at")
    ]
    needers = sorted([red.olga.pk, red.lucia.pk, red.tom.pk])
    assert sorted(chunks[:2], key=lambda c: c["first_id"]) == [
        {"workspace_id": red.workspace.pk, "first_id": 0, "last_id": needers[2] - 1},
        {"workspace_id": red.workspace.pk, "first_id": needers[2], "last_id": 2**62},
    ]
    assert chunks[-1] == {"workspace_id": red.workspace.pk, "first_id": 0, "last_id": 2**62}


def test_the_chunk_task_runs_the_same_computation(red):
    result = member_matches_chunk.call(workspace_id=red.workspace.pk, first_id=0, last_id=2**62)
    assert result == 4
    assert len(pairs()) == 4


def test_a_profile_edit_recomputes_that_members_matches(red, django_capture_on_commit_callbacks):
    compute(red)
    with django_capture_on_commit_callbacks() as callbacks:
        services.profile_update(membership=red.pedro, offers=["traducción jurada de inglés"])
    assert len(callbacks) == 1  # the task is enqueued after the commit, not run here
    matching.member_matches_recompute(membership_id=red.pedro.pk)
    assert (
        "Olga Pérez",
        "traducción al inglés",
        "Pedro Sanz",
        "traducción jurada de inglés",
    ) in pairs()
    assert [p for p in pairs() if p[2] == "Pedro Sanz"] == [
        ("Olga Pérez", "traducción al inglés", "Pedro Sanz", "traducción jurada de inglés")
    ]
    services.profile_update(membership=red.lucia, needs=["alguien que traduzca al inglés"])
    matching.member_matches_recompute(membership_id=red.lucia.pk)
    assert [p for p in pairs() if p[0] == "Lucía Gómez"] == [
        (
            "Lucía Gómez",
            "alguien que traduzca al inglés",
            "Pedro Sanz",
            "traducción jurada de inglés",
        )
    ]


def names(suggestions) -> list[tuple[str, str]]:
    return [(s.kind, s.other_name) for s in suggestions]


def test_who_could_help_leaves_out_offers_the_viewer_may_not_see(red):
    compute(red)
    # Marta shows her offers to nobody: Lucía sees only Tom.
    assert names(selectors.who_could_help(viewer=red.lucia)) == [("helps_you", "Tom Baker")]
    # Marta may be told she could help Lucía: Lucía shows her need to members, and the
    # offer is Marta's own (Lucía learns of Marta only if Marta asks to meet her).
    assert names(selectors.whom_you_could_help(viewer=red.marta)) == [("you_help", "Lucía Gómez")]
    assert names(selectors.whom_you_could_help(viewer=red.lucia)) == [("you_help", "Tom Baker")]


def test_a_need_shown_to_organisers_reaches_only_organisers(red):
    compute(red)
    # Olga's need is for organisers only: Pedro (a member) is not told he could help her.
    assert selectors.whom_you_could_help(viewer=red.pedro) == []
    # Olga sees who could help her (her own need).
    assert names(selectors.who_could_help(viewer=red.olga)) == [("helps_you", "Pedro Sanz")]
    services.member_set_role(actor=red.ana, member=red.pedro, role="organiser")
    red.pedro.refresh_from_db()
    assert names(selectors.whom_you_could_help(viewer=red.pedro)) == [("you_help", "Olga Pérez")]


def test_reasons_are_in_the_viewers_language(red):
    compute(red)
    with translation.override("en"):
        [suggestion] = selectors.who_could_help(viewer=red.tom)
        assert suggestion.reason == (
            "Lucía Gómez offers “asesoría fiscal para autónomos”, for your need "
            "“a tax advisor” (in common: tax)"
        )
    with translation.override("es"):
        [suggestion] = selectors.who_could_help(viewer=red.tom)
        assert suggestion.terms == ["impuestos"]


def test_suggested_introductions_merge_both_kinds_best_first(red):
    compute(red)
    assert [(s.kind, s.other_name, s.score) for s in selectors.suggested_introductions(
        viewer=red.lucia
    )] == [("you_help", "Tom Baker", 0.8748), ("helps_you", "Tom Baker", 0.6168)]  # fmt: skip


def test_organisers_get_the_best_introductions_not_made_yet(red):
    compute(red)
    got = selectors.organiser_introductions(viewer=red.olga)
    # Marta's offer is hers alone: never suggested, not even to organisers.
    assert [(s.needer_name, s.offerer_name, s.score) for s in got] == [
        ("Tom Baker", "Lucía Gómez", 0.8748),
        ("Olga Pérez", "Pedro Sanz", 0.7984),
    ]  # (Lucía needs what Tom offers too: the same pair, suggested once)
    services.introduction_propose(actor=red.olga, first=red.tom, second=red.lucia)
    got = selectors.organiser_introductions(viewer=red.ana)
    assert [(s.needer_name, s.offerer_name) for s in got] == [("Olga Pérez", "Pedro Sanz")]


def test_organiser_suggestions_spread_across_members(red):
    for n, member in enumerate((red.ana, red.olga, red.marta, red.pedro)):
        services.profile_update(membership=member, needs=[f"asesoría fiscal número {n}"])
    compute(red)
    got = selectors.organiser_introductions(viewer=red.olga)
    offerers = [s.offerer_name for s in got]
    assert offerers.count("Lucía Gómez") == 2


def test_a_member_cannot_read_the_organisers_suggestions(red):
    with pytest.raises(PermissionDenied):
        selectors.organiser_introductions(viewer=red.lucia)


def test_members_who_offer_answers_a_free_text_with_shared_offers_only(red):
    found = matching.members_who_offer(
        workspace=red.workspace, text="¿alguien hace diseño web?", language="es"
    )
    # Marta's "diseño web para despachos" is hers alone: only Tom is named.
    assert [(m.name, o.text) for m, o, _score in found] == [
        ("Tom Baker", "web design for small firms")
    ]
    found = matching.members_who_offer(
        workspace=red.workspace, text="I need help with my taxes", language="en"
    )
    assert [(m.name, o.text) for m, o, _score in found] == [
        ("Lucía Gómez", "asesoría fiscal para autónomos")
    ]
    assert (
        matching.members_who_offer(
            workspace=red.workspace,
            text="I need help with my taxes",
            exclude_member_ids=[red.lucia.pk],
        )
        == []
    )


def test_the_cached_index_catches_up_with_edits_and_departures(red):
    index = matching.workspace_index(workspace_id=red.workspace.pk)
    services.profile_update(membership=red.pedro, offers=["asesoría fiscal para tiendas"])
    services.member_leave(membership=red.lucia)

    found = matching.members_who_offer(workspace=red.workspace, text="asesoría fiscal")
    assert [(m.name, o.text) for m, o, _score in found] == [
        ("Pedro Sanz", "asesoría fiscal para tiendas")
    ]
    # The same index, edited in place: not built again.
    assert matching.workspace_index(workspace_id=red.workspace.pk) is index
