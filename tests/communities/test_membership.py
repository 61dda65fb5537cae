"""Leaving, removal and the rule that a community always keeps an owner."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from vinculo.communities import services
from vinculo.communities.models import MemberNeed, Membership
from vinculo.people.models import Contact

from .conftest import english_client

pytestmark = pytest.mark.django_db

LAST_OWNER = (
    "A community always keeps at least one owner: make another member an owner first, "
    "or delete the community."
)


def test_a_member_leaves_and_their_own_network_is_untouched(world):
    contacts_before = Contact.objects.for_user(world.mj.user).count()
    client = english_client(world.mj.user)

    response = client.post(reverse("communities.leave", args=[world.slug]))

    assert response.url == reverse("communities.list")
    assert not Membership.objects.filter(pk=world.mj.pk).exists()
    assert not MemberNeed.objects.filter(membership_id=world.mj.pk).exists()
    assert Contact.objects.for_user(world.mj.user).count() == contacts_before == 2
    assert client.get(reverse("communities.home", args=[world.slug])).status_code == 404


def test_the_last_owner_cannot_leave(world):
    client = english_client(world.ana.user)

    response = client.post(reverse("communities.leave", args=[world.slug]), follow=True)

    assert LAST_OWNER in response.content.decode()
    assert Membership.objects.filter(pk=world.ana.pk, role="owner").exists()


def test_the_last_owner_cannot_be_demoted(world):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.member_set_role(actor=world.ana, member=world.ana, role="member")

    assert error.value.messages == [LAST_OWNER]
    world.ana.refresh_from_db()
    assert world.ana.role == "owner"


def test_an_owner_can_leave_once_there_is_another(world):
    services.member_set_role(actor=world.ana, member=world.olga, role="owner")

    services.member_leave(membership=world.ana)

    assert list(
        Membership.objects.filter(workspace=world.olga.workspace, role="owner").values_list(
            "name", flat=True
        )
    ) == ["Olga Pérez"]


def test_an_organiser_removes_a_member(world):
    client = english_client(world.olga.user)

    response = client.post(
        reverse("communities.member_remove", args=[world.slug, world.pedro.pk]), follow=True
    )

    assert "Pedro Ruiz is no longer a member of the community." in response.content.decode()
    assert not Membership.objects.filter(pk=world.pedro.pk).exists()
    assert Contact.objects.for_user(world.pedro.user).count() == 2
    assert (
        english_client(world.pedro.user)
        .get(reverse("communities.directory", args=[world.slug]))
        .status_code
        == 404
    )


def test_an_organiser_cannot_remove_another_organiser(world):
    services.member_set_role(actor=world.ana, member=world.mj, role="organiser")
    world.mj.refresh_from_db()

    with pytest.raises(PermissionDenied):
        services.member_remove(actor=world.olga, member=world.mj)


def test_the_owner_removes_an_organiser(world):
    services.member_remove(actor=world.ana, member=world.olga)

    assert not Membership.objects.filter(pk=world.olga.pk).exists()


def test_a_user_belongs_to_several_workspaces(world):
    services.invitation_accept(
        user=world.pedro.user, invitation=services.invitation_link_create(actor=world.bruno)
    )
    client = english_client(world.pedro.user)

    html = client.get(reverse("communities.list")).content.decode()

    assert "Club Madrid" in html and "Cowork Sevilla" in html
    assert "3 members" in html and "4 members" in html


def test_creating_a_community_makes_the_creator_its_owner(user):
    client = english_client(user)

    response = client.post(
        reverse("communities.list"),
        {"name": "Club Madrid", "description": "", "language": "es"},
    )
    second = client.post(
        reverse("communities.list"), {"name": "Club Madrid", "description": "", "language": "en"}
    )

    assert response.url == "/communities/club-madrid/"
    assert second.url == "/communities/club-madrid-2/"
    assert list(Membership.objects.filter(user=user).values_list("workspace__slug", "role")) == [
        ("club-madrid", "owner"),
        ("club-madrid-2", "owner"),
    ]


def test_join_is_not_a_workspace_address(user):
    membership = services.workspace_create(user=user, name="Join")

    assert membership.workspace.slug == "join-2"
