"""Who may open and do what in a community: non-members and members of another community
get 404 everywhere, members 403 on what only organisers or owners do, and no page ever
reads anyone's own network."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vinculo.communities.models import Invitation, Membership
from vinculo.communities.services import invitation_link_create

from .conftest import PRIVATE, api_client, english_client

pytestmark = pytest.mark.django_db


def workspace_urls(world) -> dict[str, str]:
    slug = world.slug
    invitation = invitation_link_create(actor=world.ana)
    return {
        "communities.home": reverse("communities.home", args=[slug]),
        "communities.directory": reverse("communities.directory", args=[slug]),
        "communities.member": reverse("communities.member", args=[slug, world.mj.pk]),
        "communities.member_role": reverse("communities.member_role", args=[slug, world.mj.pk]),
        "communities.member_remove": reverse(
            "communities.member_remove", args=[slug, world.pedro.pk]
        ),
        "communities.my_profile": reverse("communities.my_profile", args=[slug]),
        "communities.manage": reverse("communities.manage", args=[slug]),
        "communities.leave": reverse("communities.leave", args=[slug]),
        "communities.delete": reverse("communities.delete", args=[slug]),
        "communities.invite_link": reverse("communities.invite_link", args=[slug]),
        "communities.invite_email": reverse("communities.invite_email", args=[slug]),
        "communities.invitation_revoke": reverse(
            "communities.invitation_revoke", args=[slug, invitation.pk]
        ),
        "api.communities.members": reverse("api.communities.members", args=[slug]),
        "api.communities.member": reverse("api.communities.member", args=[slug, world.mj.pk]),
        "api.communities.me": reverse("api.communities.me", args=[slug]),
    }


def test_every_page_and_endpoint_answers_404_to_outsiders(world):
    urls = workspace_urls(world)
    for outsider in (world.nadia, world.berta.user, world.bruno.user):
        client = english_client(outsider)
        api = api_client(outsider)
        for name, url in urls.items():
            http = api if name.startswith("api") else client
            statuses = {
                method: getattr(http, method)(url).status_code
                for method in ("get", "post", "put", "patch", "delete")
            }
            assert 404 in statuses.values(), (outsider, name, statuses)
            assert set(statuses.values()) <= {404, 405}, (outsider, name, statuses)
    # Nothing changed: nobody left, was removed or demoted, and the workspace is there.
    assert Membership.objects.filter(workspace=world.ana.workspace).count() == 4
    assert Invitation.objects.filter(revoked_at__isnull=False).count() == 0


def test_a_member_of_another_workspace_cannot_reach_a_member_by_id(world):
    client = english_client(world.pedro.user)

    url = reverse("communities.member", args=[world.slug, world.berta.pk])
    other = reverse("communities.member", args=[world.other_slug, world.berta.pk])

    assert (client.get(url).status_code, client.get(other).status_code) == (404, 404)
    assert (
        api_client(world.pedro.user)
        .get(reverse("api.communities.member", args=[world.slug, world.berta.pk]))
        .status_code
        == 404
    )


def test_members_get_403_on_what_organisers_do(world):
    urls = workspace_urls(world)
    client = english_client(world.pedro.user)

    statuses = {
        name: (
            client.get(urls[name]) if name == "communities.manage" else client.post(urls[name])
        ).status_code
        for name in (
            "communities.manage",
            "communities.member_role",
            "communities.member_remove",
            "communities.delete",
            "communities.invite_link",
            "communities.invite_email",
            "communities.invitation_revoke",
        )
    }

    assert statuses == {
        "communities.manage": 403,
        "communities.member_role": 403,
        "communities.member_remove": 403,
        "communities.delete": 403,
        "communities.invite_link": 403,
        "communities.invite_email": 403,
        "communities.invitation_revoke": 403,
    }
    assert Membership.objects.filter(workspace=world.ana.workspace).count() == 4


def test_members_see_home_directory_profiles_and_their_own_profile(world):
    urls = workspace_urls(world)
    client = english_client(world.pedro.user)

    statuses = {
        name: client.get(urls[name]).status_code
        for name in (
            "communities.home",
            "communities.directory",
            "communities.member",
            "communities.my_profile",
        )
    }

    assert set(statuses.values()) == {200}


def test_organisers_cannot_change_roles_delete_or_remove_organisers(world):
    client = english_client(world.olga.user)
    slug = world.slug

    role = client.post(
        reverse("communities.member_role", args=[slug, world.mj.pk]), {"role": "organiser"}
    )
    remove_owner = client.post(reverse("communities.member_remove", args=[slug, world.ana.pk]))
    delete = client.post(reverse("communities.delete", args=[slug]))
    manage = client.get(reverse("communities.manage", args=[slug]))

    assert (role.status_code, remove_owner.status_code, delete.status_code) == (403, 403, 403)
    assert manage.status_code == 200
    world.mj.refresh_from_db()
    assert world.mj.role == "member"


def test_organisers_edit_the_description_but_not_the_name(world):
    client = english_client(world.olga.user)

    response = client.post(
        reverse("communities.manage", args=[world.slug]),
        {"description": "Nueva descripción", "name": "Otro nombre", "language": "en"},
    )

    workspace = world.ana.workspace
    workspace.refresh_from_db()
    assert response.status_code == 302
    assert (workspace.name, workspace.description, workspace.language) == (
        "Cowork Sevilla",
        "Nueva descripción",
        "es",
    )


def test_the_owner_changes_roles_and_deletes_the_workspace(world):
    client = english_client(world.ana.user)
    slug = world.slug

    client.post(reverse("communities.member_role", args=[slug, world.mj.pk]), {"role": "organiser"})
    world.mj.refresh_from_db()
    assert world.mj.role == "organiser"

    response = client.post(reverse("communities.delete", args=[slug]))

    assert response.status_code == 302
    assert Membership.objects.filter(pk__in=[world.mj.pk, world.pedro.pk]).count() == 0
    assert (
        english_client(world.pedro.user).get(reverse("communities.home", args=[slug])).status_code
        == 404
    )


def test_no_community_page_or_endpoint_reads_anyones_own_network(world):
    """Whatever the viewer's role, the pages and the API read the communities tables
    only: never contacts, notes, ties, interactions or the ledger."""
    urls = workspace_urls(world)
    pages = [
        reverse("communities.list"),
        urls["communities.home"],
        urls["communities.directory"],
        urls["communities.member"],
        urls["communities.my_profile"],
        reverse("api.communities.list"),
        urls["api.communities.members"],
        urls["api.communities.member"],
        urls["api.communities.me"],
    ]
    for viewer in (world.ana, world.olga, world.mj, world.pedro):
        client, api = english_client(viewer.user), api_client(viewer.user)
        for url in [*pages, *([urls["communities.manage"]] if viewer.is_organiser else [])]:
            with CaptureQueriesContext(connection) as queries:
                response = (api if "/api/" in url else client).get(url)
            body = response.content.decode()
            assert response.status_code == 200, url
            for secret in PRIVATE:
                assert secret not in body, (viewer, url)
            tables = " ".join(q["sql"] for q in queries.captured_queries)
            for app in ("people_", "activity_", "giving_", "rounds_"):
                assert f'"{app}' not in tables, (viewer, url, app)
