"""The organisers' health page of a community, with exact figures."""

import datetime
import json
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from vinculo.communities.board.models import Post, Referral, Reply
from vinculo.communities.events import selectors, services
from vinculo.communities.events.models import Rsvp
from vinculo.communities.models import MemberIntroduction, Membership

from ..conftest import english_client

pytestmark = pytest.mark.django_db


def _ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def lively(world, soon):
    """Cowork Sevilla, everyone joined 200 days ago, with this activity:

    - Pedro asked 10 days ago; María José replied to him 40 days ago (an old reply on an
      older ask of his, 50 days ago); María José asked 100 days ago and it was solved;
      Olga offered something 95 days ago.
    - Olga answered an event 5 days ago.
    - Introductions: Olga introduced María José and Pedro (made 35 days ago, it helped);
      Ana asked to meet Olga 60 days ago (made, no outcome yet); Pedro declined one with Ana
      120 days ago.
    - "I know someone": Pedro on María José's ask (100 days ago, then 30 days ago), Ana's
      withdrawn one.
    - In Club Madrid, Berta posts and replies today: none of it counts here.
    """
    Membership.objects.filter(workspace=world.ana.workspace).update(joined_at=_ago(200))

    def dated(obj, days, **more):
        type(obj).objects.filter(pk=obj.pk).update(created_at=_ago(days), **more)
        return obj

    def post(author, kind, days, **more):
        return dated(
            Post.objects.create(
                workspace=author.workspace, author=author, kind=kind, text="x", language="es"
            ),
            days,
            **more,
        )

    old_ask = post(world.pedro, "ask", 50)
    post(world.pedro, "ask", 10)
    solved = post(world.mj, "ask", 100, status="solved", solved_at=_ago(90))
    post(world.olga, "offer", 95)
    dated(Reply.objects.create(post=old_ask, author=world.mj, text="y"), 40)
    dated(Referral.objects.create(post=solved, helper=world.pedro, message="z"), 30)
    dated(
        Referral.objects.create(post=old_ask, helper=world.ana, message="z", status="withdrawn"), 30
    )
    event = services.event_create(actor=world.ana, title="Desayuno", starts_at=soon)
    services.rsvp_set(membership=world.olga, event=event, answer="yes")
    Rsvp.objects.update(answered_at=_ago(5))

    def intro(first, second, by, days, status, made_days=None, outcome=""):
        return dated(
            MemberIntroduction.objects.create(
                workspace=first.workspace,
                first=first,
                second=second,
                proposed_by=by,
                status=status,
                outcome=outcome,
            ),
            days,
            made_at=_ago(made_days) if made_days is not None else None,
        )

    intro(world.mj, world.pedro, world.olga, 40, "made", made_days=35, outcome="helped")
    intro(world.ana, world.olga, world.ana, 70, "made", made_days=60)
    intro(world.pedro, world.ana, world.pedro, 120, "declined")
    berta_post = Post.objects.create(
        workspace=world.berta.workspace, author=world.berta, kind="ask", text="b", language="es"
    )
    Reply.objects.create(post=berta_post, author=world.bruno, text="b")
    return world


def test_health_figures_count_exactly_what_happened(lively):
    world = lively
    health = selectors.community_health(viewer=world.ana)
    # 30 days: Pedro (asked), Olga (answered the event); 90 days: and María José (replied,
    # introduced), Ana (asked for an introduction).
    assert health["members"] == 4
    assert health["active"] == {30: 2, 90: 4}
    assert health["asks"] == {"total": 3, "answered": 1, "solved": 1}
    assert health["introductions"] == {
        "total": 3,
        "statuses": {"proposed": 0, "accepted": 0, "declined": 1, "made": 2},
        "outcomes": {"helped": 1, "not_helped": 0, "": 1},
    }
    assert [(g.name, g.replies, g.referrals, g.introductions) for g in health["givers"]] == [
        ("María José Núñez", 1, 0, 0),
        ("Olga Pérez", 0, 0, 1),
        ("Pedro Ruiz", 0, 1, 0),
    ]
    assert health["events"] == {"upcoming": 1, "past": 0}


def test_the_health_page_shows_figures_and_chart_data(lively):
    world = lively
    response = english_client(world.olga.user).get(
        reverse("communities.health", kwargs={"workspace_slug": world.slug})
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert '<strong id="figure-active-30">2</strong>' in body
    assert '<strong id="figure-asks">1 / 3</strong>' in body
    assert '<strong id="figure-helped">1</strong>' in body
    charts = json.loads(unescape(body.split('data-charts="')[1].split('"')[0]))
    assert charts["active"] == {
        "labels": ["members", "active, 30 days", "active, 90 days"],
        "values": [4, 2, 4],
    }
    assert charts["asks"]["values"] == [3, 1, 1]
    assert charts["introductions"]["values"] == [0, 0, 1, 2]
    assert charts["outcomes"]["values"] == [1, 0, 1]
    assert charts["givers"]["labels"] == ["María José Núñez", "Olga Pérez", "Pedro Ruiz"]
    assert [s["values"] for s in charts["givers"]["series"]] == [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
    assert 'src="/static/vinculo/community-health.js"' in body
    assert "<script>" not in body


def test_only_organisers_see_the_health_page(world):
    url = reverse("communities.health", kwargs={"workspace_slug": world.slug})
    assert english_client(world.pedro.user).get(url).status_code == 403
    assert english_client(world.bruno.user).get(url).status_code == 404
    assert english_client(world.ana.user).get(url).status_code == 200
