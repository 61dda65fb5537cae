"""The API of member introductions: the same selectors and services as the pages."""

import pytest
from django.urls import reverse

from vinculo.communities import matching
from vinculo.communities.models import MemberIntroduction

from ..conftest import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(red):
    matching.matches_chunk_compute(workspace_id=red.workspace.pk, first_id=0, last_id=2**62)
    return red


def url(name: str, red, **kwargs) -> str:
    return reverse(name, kwargs={"workspace_slug": red.slug, **kwargs})


def test_suggestions_for_a_member(computed):
    red = computed
    body = api_client(red.tom.user).get(url("api.communities.intros.suggestions", red)).json()
    assert [(s["kind"], s["offerer_name"], s["score"]) for s in body["helps_you"]] == [
        ("helps_you", "Lucía Gómez", 0.8748)
    ]
    assert body["helps_you"][0]["reason"] == (
        "Lucía Gómez offers “asesoría fiscal para autónomos”, for your need “a tax advisor” "
        "(in common: tax)"
    )
    assert [(s["needer_name"], s["need"]) for s in body["you_help"]] == [
        ("Lucía Gómez", "un diseñador para mi web")
    ]


def test_double_opt_in_through_the_api(computed):
    red = computed
    lucia, tom = api_client(red.lucia.user), api_client(red.tom.user)
    created = lucia.post(
        url("api.communities.intros", red), {"member_id": red.tom.pk}, format="json"
    )
    assert created.status_code == 201
    intro_id = created.json()["id"]
    assert (created.json()["status"], created.json()["contact_email"]) == ("accepted", None)
    answered = tom.post(
        url("api.communities.intro.answer", red, intro_id=intro_id), {"accept": True}, format="json"
    )
    assert (answered.json()["status"], answered.json()["contact_email"]) == (
        "made",
        "lucia@example.org",
    )
    seen = lucia.get(url("api.communities.intro", red, intro_id=intro_id)).json()
    assert seen["contact_email"] == "tom@example.org"
    outcome = lucia.post(
        url("api.communities.intro.outcome", red, intro_id=intro_id),
        {"outcome": "not_helped"},
        format="json",
    )
    assert outcome.json()["outcome"] == "not_helped"
    listed = tom.get(url("api.communities.intros", red)).json()
    assert [(i["id"], i["first_name"], i["status"]) for i in listed] == [
        (intro_id, "Lucía Gómez", "made")
    ]


def test_organiser_endpoints_refuse_members(computed):
    red = computed
    lucia = api_client(red.lucia.user)
    assert lucia.get(url("api.communities.intros.organisers", red)).status_code == 403
    response = lucia.post(
        url("api.communities.intros.propose", red),
        {"first": red.tom.pk, "second": red.pedro.pk},
        format="json",
    )
    assert response.status_code == 403
    assert lucia.post(url("api.communities.intros.refresh", red)).status_code == 403
    assert MemberIntroduction.objects.count() == 0


def test_an_organiser_proposes_and_refreshes(computed):
    red = computed
    olga = api_client(red.olga.user)
    best = olga.get(url("api.communities.intros.organisers", red)).json()
    assert [(s["needer_name"], s["offerer_name"]) for s in best] == [
        ("Tom Baker", "Lucía Gómez"),
        ("Olga Pérez", "Pedro Sanz"),
    ]
    proposed = olga.post(
        url("api.communities.intros.propose", red),
        {"first": red.olga.pk, "second": red.pedro.pk},
        format="json",
    )
    assert (proposed.status_code, proposed.json()["proposed_by_id"]) == (201, red.olga.pk)
    refreshed = olga.post(url("api.communities.intros.refresh", red))
    assert (refreshed.status_code, refreshed.json()) == (202, {"tasks": 1})


def test_the_schema_describes_the_endpoints(red):
    schema = api_client(red.ana.user).get(reverse("api.schema"), {"format": "json"}).json()
    paths = {p for p in schema["paths"] if "/communities/{workspace_slug}/introductions/" in p}
    assert paths == {
        "/api/v1/communities/{workspace_slug}/introductions/",
        "/api/v1/communities/{workspace_slug}/introductions/suggestions/",
        "/api/v1/communities/{workspace_slug}/introductions/organisers/",
        "/api/v1/communities/{workspace_slug}/introductions/propose/",
        "/api/v1/communities/{workspace_slug}/introductions/refresh/",
        "/api/v1/communities/{workspace_slug}/introductions/{intro_id}/",
        "/api/v1/communities/{workspace_slug}/introductions/{intro_id}/answer/",
        "/api/v1/communities/{workspace_slug}/introductions/{intro_id}/outcome/",
    }
