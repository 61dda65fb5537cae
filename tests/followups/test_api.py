"""The follow-ups API: what is due, done, snooze, cadences and the rate after events."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import formats, translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from vinculo.activity import services
from vinculo.activity.models import Cadence, FollowUp, Interaction

from ..factories import make_contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(user):
    cache.clear()  # throttle counters outlive each test's transaction
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    yield client
    cache.clear()


@pytest.fixture
def lucia(user, today):
    return make_contact(user, name="Lucía Pérez", met_on=today - timedelta(days=1))


def test_list_what_is_due(api, user, lucia, today):
    followup = FollowUp.objects.for_user(user).get()
    response = api.get("/api/v1/followups/")
    assert response.status_code == 200
    with translation.override("en"):
        met = formats.date_format(today - timedelta(days=1), "DATE_FORMAT")
    assert response.json() == {
        "followups": [
            {
                "contact": "Lucía Pérez",
                "contact_id": lucia.pk,
                "due": today.isoformat(),
                "why": f"You met on {met}: follow up.",
                "overdue_days": 0,
                "followup_id": followup.pk,
                "reason": "met",
                "going_cold": False,
            }
        ]
    }


def test_list_a_cadence_that_came_due(api, user, today):
    luis = make_contact(user, name="Luis Gómez")
    services.cadence_set(owner=user, contact=luis, ideal_days=1, max_days=1)
    # Nothing logged with him: counted from the day he was added (today).
    due = (today + timedelta(days=1)).isoformat()
    rows = api.get("/api/v1/followups/", {"due_by": due}).json()["followups"]
    assert [(r["contact"], r["followup_id"], r["reason"], r["due"]) for r in rows] == [
        ("Luis Gómez", None, "cadence", due)
    ]


def test_a_bad_due_by_is_a_400(api, user):
    response = api.get("/api/v1/followups/", {"due_by": "mañana"})
    assert response.status_code == 400
    assert list(response.json()) == ["due_by"]


def test_plan_then_done_and_log(api, user, today):
    luis = make_contact(user, name="Luis Gómez")
    due = (today + timedelta(days=2)).isoformat()
    created = api.post(
        "/api/v1/followups/", {"contact": luis.pk, "due": due, "note": "Llamar"}, format="json"
    )
    assert created.status_code == 201
    body = created.json()
    assert body == {
        "id": body["id"],
        "contact": luis.pk,
        "due": due,
        "note": "Llamar",
        "reason": "manual",
        "done": False,
        "done_on": None,
    }
    done = api.post(
        f"/api/v1/followups/{body['id']}/done/",
        {"kind": "call", "summary": "Hablamos"},
        format="json",
    )
    assert done.status_code == 200
    assert (done.json()["done"], done.json()["done_on"]) == (True, today.isoformat())
    assert list(Interaction.objects.for_user(user).values_list("kind", "summary")) == [
        ("call", "Hablamos")
    ]


def test_snooze_by_a_week_and_not_by_a_year(api, user, lucia, today):
    followup = FollowUp.objects.for_user(user).get()
    url = f"/api/v1/followups/{followup.pk}/snooze/"
    assert (
        api.post(url, {"days": 7}, format="json").json()["due"]
        == (today + timedelta(days=7)).isoformat()
    )
    assert api.post(url, {"days": 365}, format="json").status_code == 400


def test_another_users_followup_answers_404(api, other_user, today):
    theirs = make_contact(other_user, name="Ajena", met_on=today)
    followup = FollowUp.objects.for_user(other_user).get(contact=theirs)
    assert api.post(f"/api/v1/followups/{followup.pk}/done/").status_code == 404
    assert (
        api.post(
            "/api/v1/followups/", {"contact": theirs.pk, "due": today.isoformat()}, format="json"
        ).status_code
        == 400
    )
    followup.refresh_from_db()
    assert followup.done is False


def test_cadences_set_list_and_delete(api, user):
    luis = make_contact(user, name="Luis Gómez", tags=["clientes"])
    tag = luis.tags.get()
    by_tag = api.post(
        "/api/v1/cadences/", {"tag": tag.pk, "ideal_days": 30, "max_days": 60}, format="json"
    )
    by_contact = api.post(
        "/api/v1/cadences/", {"contact": luis.pk, "ideal_days": 7, "max_days": 14}, format="json"
    )
    assert (by_tag.status_code, by_contact.status_code) == (201, 201)
    assert api.get("/api/v1/cadences/").json() == [
        {
            "id": by_tag.json()["id"],
            "tag": tag.pk,
            "contact": None,
            "ideal_days": 30,
            "max_days": 60,
        },
        {
            "id": by_contact.json()["id"],
            "tag": None,
            "contact": luis.pk,
            "ideal_days": 7,
            "max_days": 14,
        },
    ]
    assert api.delete(f"/api/v1/cadences/{by_tag.json()['id']}/").status_code == 204
    assert Cadence.objects.for_user(user).count() == 1


def test_cadence_needs_a_tag_or_a_contact_and_a_sane_interval(api, user):
    luis = make_contact(user, name="Luis Gómez", tags=["clientes"])
    neither = api.post("/api/v1/cadences/", {"ideal_days": 7, "max_days": 14}, format="json")
    assert neither.json() == {"non_field_errors": ["Give either a tag or a contact."]}
    both = api.post(
        "/api/v1/cadences/",
        {"tag": luis.tags.get().pk, "contact": luis.pk, "ideal_days": 7, "max_days": 14},
        format="json",
    )
    assert both.status_code == 400
    short = api.post(
        "/api/v1/cadences/", {"contact": luis.pk, "ideal_days": 30, "max_days": 7}, format="json"
    )
    assert short.json() == {
        "max_days": ["The ideal interval is at least one day, and the maximum no shorter than it."]
    }


def test_rate_after_events(api, user, today):
    make_contact(user, name="Lucía Pérez", met_on=today - timedelta(days=5), met_where="Feria")
    assert api.get("/api/v1/followups/rate/").json() == {
        "met": 1,
        "followed_up": 0,
        "percent": 0,
        "days": 90,
    }
