"""Joining by link and by email, invitations that no longer work, and the logged-out flow."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from vinculo.communities import services
from vinculo.communities.models import Invitation, Membership

from ..factories import PASSWORD, UserFactory
from .conftest import english_client

pytestmark = pytest.mark.django_db


def join_url(invitation) -> str:
    return reverse("communities.join", args=[invitation.token])


def test_an_organiser_creates_a_link_that_many_people_use(world):
    organiser = english_client(world.olga.user)
    response = organiser.post(reverse("communities.invite_link", args=[world.slug]))
    invitation = Invitation.objects.get(created_by=world.olga.user)
    manage = organiser.get(reverse("communities.manage", args=[world.slug])).content.decode()
    assert response.status_code == 302
    assert f"http://testserver/communities/join/{invitation.token}/" in manage

    for username in ("lucia", "tomas"):
        newcomer = UserFactory(username=username, display_name=username.title(), language="en")
        client = english_client(newcomer)
        landing = client.get(join_url(invitation))
        assert landing.status_code == 200
        assert "Join Cowork Sevilla" in landing.content.decode()
        joined = client.post(join_url(invitation))
        assert joined.url == reverse("communities.my_profile", args=[world.slug])

    invitation.refresh_from_db()
    assert invitation.uses == 2
    members = Membership.objects.filter(workspace=world.ana.workspace, role="member")
    assert sorted(members.values_list("name", flat=True)) == [
        "Lucia",
        "María José Núñez",
        "Pedro Ruiz",
        "Tomas",
    ]


def test_joining_prefills_the_profile_from_the_users_own_profile(world):
    newcomer = UserFactory(
        username="lucia",
        display_name="Lucía Gil",
        does="Fotógrafa",
        pitch="Retratos.",
        language="en",
    )
    invitation = services.invitation_link_create(actor=world.ana)

    member, created = services.invitation_accept(user=newcomer, invitation=invitation)

    assert created is True
    assert (member.name, member.does, member.pitch, member.language, member.role) == (
        "Lucía Gil",
        "Fotógrafa",
        "Retratos.",
        "en",
        "member",
    )


def test_an_email_invitation_is_sent_in_the_invitees_language(
    world, django_capture_on_commit_callbacks
):
    UserFactory(username="kate", email="kate@example.org", language="en")
    client = english_client(world.olga.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("communities.invite_email", args=[world.slug]), {"email": "kate@example.org"}
        )

    invitation = Invitation.objects.get(email="kate@example.org")
    assert response.status_code == 302
    assert (invitation.kind, invitation.language) == ("email", "en")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kate@example.org"]
    assert message.subject == "Olga Pérez invites you to the community Cowork Sevilla"
    assert message.body == (
        "Hello: Olga Pérez invites you to join Cowork Sevilla on Vínculo, where its members "
        "share what they do, what they offer and what they need.\n"
        "\n"
        "Join here:\n"
        f"http://testserver/communities/join/{invitation.token}/\n"
        "\n"
        "If you do not know this community, ignore this message.\n"
    )


def test_an_email_invitation_without_an_account_uses_the_workspace_language(
    world, django_capture_on_commit_callbacks
):
    services.workspace_update(actor=world.ana, description="", name=None, language="en")
    world.ana.workspace.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_email_send(
            actor=world.ana,
            email="nadie@example.org",
            join_url_for=lambda token: f"https://vinculo.example/j/{token}/",
            expires_at=timezone.make_aware(datetime.datetime(2099, 1, 31, 23, 59)),
        )

    assert invitation.language == "en"
    assert mail.outbox[0].body.splitlines()[3:6] == [
        f"https://vinculo.example/j/{invitation.token}/",
        "",
        "This invitation is valid until 31 January 2099.",
    ]


def test_an_email_invitation_works_once(world):
    invitation = services.invitation_email_send(
        actor=world.ana, email="lucia@example.org", join_url_for=lambda t: t
    )
    first, second = UserFactory(username="lucia"), UserFactory(username="otra")

    joined = english_client(first).post(join_url(invitation))
    again = english_client(second).get(join_url(invitation))
    post_again = english_client(second).post(join_url(invitation))

    assert joined.status_code == 302
    assert again.status_code == 404
    assert "This invitation has already been used." in again.content.decode()
    assert "Cowork Sevilla" not in again.content.decode()
    assert post_again.status_code == 404
    assert not Membership.objects.filter(user=second).exists()


def test_a_revoked_invitation_says_so(world):
    invitation = services.invitation_link_create(actor=world.ana)
    organiser = english_client(world.olga.user)
    organiser.post(reverse("communities.invitation_revoke", args=[world.slug, invitation.pk]))

    response = english_client(world.nadia).get(join_url(invitation))

    assert response.status_code == 404
    assert "This invitation was withdrawn by the community&#x27;s organisers." in (
        response.content.decode()
    )
    assert not Membership.objects.filter(user=world.nadia).exists()


def test_an_expired_invitation_says_so(world):
    invitation = services.invitation_link_create(
        actor=world.ana, expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    client = english_client(world.nadia)

    response = client.post(join_url(invitation))

    assert response.status_code == 404
    assert "This invitation has expired: ask the organisers for a new one." in (
        response.content.decode()
    )
    assert not Membership.objects.filter(user=world.nadia).exists()


def test_an_unknown_invitation_answers_404(world):
    assert english_client(world.nadia).get("/communities/join/no-such-token/").status_code == 404


def test_opening_an_invitation_as_a_member_goes_to_the_workspace(world):
    invitation = services.invitation_link_create(actor=world.ana)

    response = english_client(world.pedro.user).get(join_url(invitation))

    assert response.url == reverse("communities.home", args=[world.slug])
    assert Invitation.objects.get(pk=invitation.pk).uses == 0


def test_logged_out_the_invitation_sends_to_log_in_and_back(world):
    invitation = services.invitation_link_create(actor=world.ana)
    UserFactory(username="lucia")
    client = english_client()

    landing = client.get(join_url(invitation))
    login = client.post(landing.url, {"username": "lucia", "password": PASSWORD})
    back = client.get(login.url)

    assert landing.url == f"/accounts/login/?next=/communities/join/{invitation.token}/"
    assert login.url == join_url(invitation)
    assert "Join Cowork Sevilla" in back.content.decode()


def test_expiry_in_the_past_is_refused(world):
    client = english_client(world.ana.user)

    client.post(reverse("communities.invite_link", args=[world.slug]), {"expires_on": "2020-01-01"})
    page = client.get(reverse("communities.manage", args=[world.slug])).content.decode()

    assert "The expiry date must be in the future." in page
    assert Invitation.objects.count() == 4  # the ones the fixture used to let people in


def test_logged_out_a_newcomer_signs_up_and_comes_back_to_the_invitation(world):
    invitation = services.invitation_link_create(actor=world.ana)
    client = english_client()

    landing = client.get(join_url(invitation))
    login_page = client.get(landing.url).content.decode()
    signup_url = f"/accounts/signup/?next=/communities/join/{invitation.token}/"
    signup_page = client.get(signup_url).content.decode()
    signed_up = client.post(
        signup_url,
        {
            "username": "lucia",
            "email": "lucia@example.org",
            "password1": "una clave bien larga 42",
            "password2": "una clave bien larga 42",
            "next": f"/communities/join/{invitation.token}/",
        },
    )
    back = client.get(signed_up.url)

    assert f'href="/accounts/signup/?next=/communities/join/{invitation.token}/"' in login_page
    assert f'name="next" value="/communities/join/{invitation.token}/"' in signup_page
    assert signed_up.url == join_url(invitation)
    assert "Join Cowork Sevilla" in back.content.decode()


def test_signup_never_sends_a_newcomer_to_another_site(client):
    response = client.post(
        "/accounts/signup/?next=https://evil.example/",
        {
            "username": "lucia",
            "email": "lucia@example.org",
            "password1": "una clave bien larga 42",
            "password2": "una clave bien larga 42",
            "next": "https://evil.example/",
        },
    )
    assert response.url == reverse("web.profile")


def test_an_email_invitation_needs_a_real_address(world):
    invitations_before = Invitation.objects.count()

    with pytest.raises(ValidationError) as error:
        services.invitation_email_send(
            actor=world.ana, email="lucia(at)example.org", join_url_for=lambda t: t
        )

    assert error.value.message_dict == {
        "email": ["Escribe la dirección de correo de la persona a la que invitas."]
    }
    assert (Invitation.objects.count(), mail.outbox) == (invitations_before, [])
