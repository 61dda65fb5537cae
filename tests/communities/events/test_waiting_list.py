"""The waiting list of a full event moves at once: when a member with a place says no,
leaves the community or is removed, the first waiting takes the place and is told by
email in their own language."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from vinculo.communities import services as community_services
from vinculo.communities.events import selectors, services
from vinculo.communities.events.models import Rsvp

from ..conftest import english_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def full(world, soon):
    """ "Cena de socios", two places: María José and Pedro going, Olga (who reads Spanish)
    waiting."""
    community_services.profile_update(membership=world.olga, language="es")
    community_services.profile_update(membership=world.pedro, language="en")
    event = services.event_create(
        actor=world.ana, title="Cena de socios", starts_at=soon, capacity=2
    )
    for member in (world.mj, world.pedro, world.olga):
        services.rsvp_set(membership=member, event=event, answer="yes")
    assert _states(event) == {
        "María José Núñez": "going",
        "Pedro Ruiz": "going",
        "Olga Pérez": "waiting",
    }
    return event


def _states(event) -> dict[str, str]:
    return {
        rsvp.membership.name: ("waiting" if rsvp.waitlisted else "going")
        if rsvp.answer == "yes"
        else rsvp.answer
        for rsvp in Rsvp.objects.filter(event=event).select_related("membership")
    }


def _mail(mailoutbox) -> list[tuple[list[str], str, str]]:
    return [(m.to, m.subject, m.body.splitlines()[2]) for m in mailoutbox]


SPANISH_MAIL = (
    ["olga@example.org"],
    "Hay una plaza libre para ti: Cena de socios",
    "Se ha liberado una plaza en «Cena de socios» (Cowork Sevilla) y es tuya: eras la primera "
    "persona de la lista de espera.",
)


def test_a_member_with_a_place_says_no_and_the_first_waiting_goes(
    world, full, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_set(membership=world.pedro, event=full, answer="no")

    assert _states(full) == {"María José Núñez": "going", "Pedro Ruiz": "no", "Olga Pérez": "going"}
    assert _mail(mailoutbox) == [SPANISH_MAIL]
    attendance = selectors.event_attendance(viewer=world.ana, event=full)
    assert ([c.name for c in attendance.going], attendance.waiting) == (
        ["María José Núñez", "Olga Pérez"],
        [],
    )


def test_answering_no_from_the_page_moves_the_list_too(
    world, full, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse(
        "communities.events.rsvp",
        kwargs={"workspace_slug": world.slug, "community_event_id": full.pk},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = english_client(world.mj.user).post(url, {"answer": "no"})

    assert response.status_code == 302
    assert _states(full) == {"María José Núñez": "no", "Pedro Ruiz": "going", "Olga Pérez": "going"}
    assert _mail(mailoutbox) == [SPANISH_MAIL]


def test_a_member_who_leaves_frees_their_place_at_once(
    world, full, soon, mailoutbox, django_capture_on_commit_callbacks
):
    # Pedro also waits for another full event, and went to one in the past: nothing moves there.
    other = services.event_create(actor=world.ana, title="Taller", starts_at=soon, capacity=1)
    services.rsvp_set(membership=world.mj, event=other, answer="yes")
    services.rsvp_set(membership=world.olga, event=other, answer="yes")
    services.rsvp_set(membership=world.pedro, event=other, answer="yes")
    past = services.event_create(actor=world.ana, title="Ayer", starts_at=soon, capacity=1)
    services.rsvp_set(membership=world.pedro, event=past, answer="yes")
    services.rsvp_set(membership=world.mj, event=past, answer="yes")
    past.starts_at = timezone.now() - datetime.timedelta(days=1)
    past.save()

    with django_capture_on_commit_callbacks(execute=True):
        community_services.member_leave(membership=world.pedro)

    assert _states(full) == {"María José Núñez": "going", "Olga Pérez": "going"}
    assert _states(other) == {"María José Núñez": "going", "Olga Pérez": "waiting"}
    assert _states(past) == {"María José Núñez": "waiting"}
    assert _mail(mailoutbox) == [SPANISH_MAIL]


def test_a_removed_member_frees_their_place_and_the_next_is_told_in_english(
    world, full, mailoutbox, django_capture_on_commit_callbacks
):
    community_services.profile_update(membership=world.olga, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = english_client(world.ana.user).post(
            reverse("communities.member_remove", args=[world.slug, world.mj.pk])
        )

    assert response.status_code == 302
    assert _states(full) == {"Pedro Ruiz": "going", "Olga Pérez": "going"}
    assert _mail(mailoutbox) == [
        (
            ["olga@example.org"],
            "A place is free for you: Cena de socios",
            "A place was freed at “Cena de socios” (Cowork Sevilla) and it is yours: you were "
            "first on the waiting list.",
        )
    ]


def test_a_waiting_member_who_leaves_moves_nobody(
    world, full, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        community_services.member_leave(membership=world.olga)

    assert _states(full) == {"María José Núñez": "going", "Pedro Ruiz": "going"}
    assert mailoutbox == []
