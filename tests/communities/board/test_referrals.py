"""“I know someone”: the person stays hidden from everyone but the helper until the
helper confirms they agreed; then the asker learns who they are, and both get an email."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation

from vinculo.activity.models import Interaction
from vinculo.communities.board import selectors, services
from vinculo.communities.board.models import Referral

from ...factories import make_contact
from ..conftest import PRIVATE, english_client
from .conftest import PERSON, post_pages, speak_english

pytestmark = pytest.mark.django_db

ASK = "¿Alguien conoce a un buen gestor en Sevilla?"


@pytest.fixture
def ask(world):
    speak_english(world.mj, world.olga, world.pedro)
    return services.post_create(actor=world.mj, kind="ask", text=ASK)


def _offer(world, ask, carmen, **extra):
    return services.referral_offer(
        actor=world.olga,
        post=ask,
        message="Mi gestora lleva autónomos desde hace años.",
        contact_id=carmen.pk,
        **extra,
    )


def _assert_hidden(bodies: dict[str, str]) -> None:
    for url, body in bodies.items():
        for secret in (*PERSON, *PRIVATE):
            assert secret not in body, (url, secret)


def test_the_person_is_hidden_until_the_helper_confirms(
    world, ask, carmen, django_capture_on_commit_callbacks
):
    client = english_client(world.olga.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("communities.board.refer", args=[world.slug, ask.pk]),
            {"message": "Mi gestora lleva autónomos desde hace años.", "contact": carmen.pk},
        )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.helper, referral.contact, referral.status) == (world.olga, carmen, "offered")
    assert (referral.shared_name, referral.shared_email) == ("", "")

    # Offered: the asker sees who offers and their words, nobody sees who the person is.
    asker_page = post_pages(world.mj, ask, [referral.pk])
    assert (
        "Olga Pérez knows someone who could help"
        in asker_page[reverse("communities.board.post", args=[world.slug, ask.pk])]
    )
    _assert_hidden(asker_page)
    for member in (world.pedro, world.ana):
        _assert_hidden(post_pages(member, ask, [referral.pk]))
    assert [m.to for m in mail.outbox] == [[world.mj.user.email]]
    assert mail.outbox[0].subject == "Olga Pérez knows someone who could help you"
    _assert_hidden({"email": mail.outbox[0].body})

    # Accepted: still hidden, the helper is told.
    with django_capture_on_commit_callbacks(execute=True):
        english_client(world.mj.user).post(
            reverse("communities.board.referral_answer", args=[world.slug, referral.pk]),
            {"accepted": "1"},
        )
    referral.refresh_from_db()
    assert referral.status == "accepted"
    _assert_hidden(post_pages(world.mj, ask, [referral.pk]))
    _assert_hidden(post_pages(world.pedro, ask, [referral.pk]))
    assert [m.to for m in mail.outbox[1:]] == [[world.olga.user.email]]
    assert mail.outbox[1].subject == "María José Núñez would like your introduction"

    # The helper sees her own contact throughout, and confirms.
    helper_page = client.get(
        reverse("communities.board.referral_confirm", args=[world.slug, referral.pk])
    ).content.decode()
    assert f'value="{PERSON[0]}"' in helper_page
    assert f'<option value="{PERSON[1]}">' in helper_page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("communities.board.referral_confirm", args=[world.slug, referral.pk]),
            {"name": PERSON[0], "email": PERSON[1], "phone": ""},
        )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (
        referral.status,
        referral.shared_name,
        referral.shared_email,
        referral.shared_phone,
    ) == (
        "made",
        PERSON[0],
        PERSON[1],
        "",
    )

    # Made: the asker sees the name and the email chosen, never the phone left out.
    made_page = (
        english_client(world.mj.user)
        .get(reverse("communities.board.post", args=[world.slug, ask.pk]))
        .content.decode()
    )
    assert PERSON[0] in made_page
    assert f'<a href="mailto:{PERSON[1]}">{PERSON[1]}</a>' in made_page
    assert PERSON[2] not in made_page
    api = post_pages(world.mj, ask)[
        reverse("api.communities.board.post", args=[world.slug, ask.pk])
    ]
    assert f'"person_name":"{PERSON[0]}","person_email":"{PERSON[1]}","person_phone":null' in api
    # A third member still sees nothing of the person.
    _assert_hidden(post_pages(world.pedro, ask))
    _assert_hidden(post_pages(world.ana, ask))

    asker_mail, helper_mail = mail.outbox[2:]
    assert asker_mail.to == [world.mj.user.email]
    assert asker_mail.subject == f"Olga Pérez introduces you to {PERSON[0]}"
    assert asker_mail.body == (
        "Hello María José Núñez,\n"
        "\n"
        f"Olga Pérez introduces you to {PERSON[0]}, who agreed to help with your ask:\n"
        "\n"
        f"“{ASK}”\n"
        "\n"
        f"Email: {PERSON[1]}\n"
        "\n"
        "A message you could send them:\n"
        "\n"
        f"Hello {PERSON[0]},\n"
        f"Olga Pérez, from Cowork Sevilla, told me you could help me with this: {ASK}\n"
        "Could we talk this week?\n"
        "Thank you, María José Núñez\n"
        "\n"
        "Your ask, to mark it solved once you have what you needed:\n"
        f"http://testserver/communities/cowork-sevilla/board/{ask.pk}/\n"
    )
    assert helper_mail.to == [world.olga.user.email]
    assert helper_mail.subject == f"Your introduction of {PERSON[0]} to María José Núñez"
    assert helper_mail.body == (
        "Hello Olga Pérez,\n"
        "\n"
        f"Thank you: María José Núñez now knows how to reach {PERSON[0]}, with the details "
        "you chose to share.\n"
        "\n"
        "A message you could forward to them:\n"
        "\n"
        f"Hello {PERSON[0]},\n"
        "As we agreed, I introduce you to María José Núñez, from Cowork Sevilla, who asks: "
        f"{ASK}\n"
        "They will get in touch with you soon.\n"
        "Best wishes, Olga Pérez\n"
    )


def test_the_introduction_goes_on_the_helpers_own_timeline_only(world, ask, carmen):
    referral = _offer(world, ask, carmen)
    services.referral_answer(actor=world.mj, referral=referral, accepted=True)
    services.referral_confirm(actor=world.olga, referral=referral, email=PERSON[1])

    logged = Interaction.objects.filter(kind="intro")
    assert [(i.owner, i.contact, i.direction, i.date, i.summary) for i in logged] == [
        (
            world.olga.user,
            carmen,
            "gave",
            timezone.localdate(),
            f"Introduced to María José Núñez (community Cowork Sevilla): {ASK}",
        )
    ]
    # Only Olga's own timeline: the asker's contact pages know nothing of it.
    assert (
        english_client(world.mj.user).get(reverse("contacts.detail", args=[carmen.pk])).status_code
        == 404
    )


def test_a_person_described_in_words_is_named_at_confirmation(world, ask):
    referral = services.referral_offer(
        actor=world.pedro,
        post=ask,
        message="Mi cuñado es gestor.",
        description="Luis, mi cuñado, gestoría en Nervión",
    )
    for member in (world.mj, world.olga):
        _assert_hidden(post_pages(member, ask, [referral.pk]))
        assert "Luis, mi cuñado" not in "".join(post_pages(member, ask, [referral.pk]).values())
    services.referral_answer(actor=world.mj, referral=referral, accepted=True)
    with pytest.raises(ValidationError) as caught:
        services.referral_confirm(actor=world.pedro, referral=referral, phone="600")
    assert caught.value.message_dict == {"name": ["Say the name of the person you introduce."]}
    with pytest.raises(ValidationError) as caught:
        services.referral_confirm(actor=world.pedro, referral=referral, name="Luis Gil")
    assert caught.value.message_dict == {
        "email": ["Share at least an email or a phone, so they can get in touch."]
    }
    services.referral_confirm(actor=world.pedro, referral=referral, name="Luis Gil", phone="600")
    view = selectors.referral_view(
        viewer=world.mj, referral=selectors.referral_get(viewer=world.mj, referral_id=referral.pk)
    )
    assert (view.person_name, view.person_email, view.person_phone, view.description) == (
        "Luis Gil",
        None,
        "600",
        None,
    )
    assert Interaction.objects.filter(kind="intro").count() == 0


def test_only_the_helpers_own_contacts_can_be_offered(world, ask):
    someone_elses = make_contact(world.pedro.user, name="Contacto de Pedro")
    with pytest.raises(ValidationError) as caught:
        services.referral_offer(
            actor=world.olga, post=ask, message="Lo conozco", contact_id=someone_elses.pk
        )
    assert caught.value.message_dict == {"contact": ["Elige uno de tus propios contactos."]}
    assert Referral.objects.count() == 0


def test_the_contact_search_reads_only_my_own_contacts(world, ask, carmen):
    make_contact(world.pedro.user, name="Carmen de Pedro")
    url = reverse("communities.board.refer", args=[world.slug, ask.pk]) + "?q=carmen"
    olga_sees = english_client(world.olga.user).get(url).content.decode()
    pedro_sees = english_client(world.pedro.user).get(url).content.decode()
    assert PERSON[0] in olga_sees
    assert "Carmen de Pedro" not in olga_sees
    assert "Carmen de Pedro" in pedro_sees
    assert PERSON[0] not in pedro_sees


def test_a_declined_offer_cannot_be_confirmed(world, ask, carmen):
    referral = _offer(world, ask, carmen)
    services.referral_answer(actor=world.mj, referral=referral, accepted=False)
    referral.refresh_from_db()
    assert referral.status == "declined"
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        services.referral_confirm(actor=world.olga, referral=referral, email=PERSON[1])
    assert caught.value.messages == [
        "This offer of help is declined; that step is not possible now."
    ]
    referral.refresh_from_db()
    assert (referral.status, referral.shared_name) == ("declined", "")


def test_only_the_asker_answers_and_only_the_helper_confirms(world, ask, carmen):
    referral = _offer(world, ask, carmen)
    with pytest.raises(PermissionDenied):
        services.referral_answer(actor=world.olga, referral=referral, accepted=True)
    services.referral_answer(actor=world.mj, referral=referral, accepted=True)
    with pytest.raises(PermissionDenied):
        services.referral_confirm(actor=world.mj, referral=referral, name="X", email="x@x.es")
    # A third member cannot even reach it: it is not theirs to see.
    for third in (world.pedro, world.ana):
        with pytest.raises(Http404):
            selectors.referral_get(viewer=third, referral_id=referral.pk)
        url = reverse("communities.board.referral_answer", args=[world.slug, referral.pk])
        assert english_client(third.user).post(url, {"accepted": "1"}).status_code == 404


def test_no_referral_on_an_offer_a_solved_ask_or_ones_own_ask(world, ask, carmen):
    offer = services.post_create(actor=world.pedro, kind="offer", text="Diseño webs")
    cases = [(world.olga, offer), (world.mj, ask)]
    for actor, post in cases:
        with pytest.raises(ValidationError):
            services.referral_offer(actor=actor, post=post, message="x", description="y")
    services.post_set_solved(actor=world.mj, post=ask)
    with pytest.raises(ValidationError) as caught:
        _offer(world, ask, carmen)
    assert caught.value.messages == ["Esta petición ya está resuelta."]


def test_a_withdrawn_offer_leaves_the_askers_page(world, ask, carmen):
    referral = _offer(world, ask, carmen)
    english_client(world.olga.user).post(
        reverse("communities.board.referral_withdraw", args=[world.slug, referral.pk])
    )
    referral.refresh_from_db()
    assert referral.status == "withdrawn"
    assert selectors.post_referrals(viewer=world.mj, post=ask) == []
    assert [r.status for r in selectors.post_referrals(viewer=world.olga, post=ask)] == [
        "withdrawn"
    ]


def test_a_helpers_contact_deleted_later_leaves_the_offer(world, ask, carmen):
    referral = _offer(world, ask, carmen)
    carmen.delete()
    referral.refresh_from_db()
    assert (referral.contact, referral.status) == (None, "offered")
    assert referral.created_at <= timezone.now() + datetime.timedelta(seconds=1)
