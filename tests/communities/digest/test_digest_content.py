"""What a digest tells each member, in their language, and only what they may see."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from vinculo.communities import services as community_services
from vinculo.communities.board import services as board_services
from vinculo.communities.board.models import Post
from vinculo.communities.digest.services import digests_send_due
from vinculo.communities.events import services as event_services
from vinculo.communities.events.models import CommunityEvent
from vinculo.communities.matching import member_matches_recompute

from .conftest import days, joined

pytestmark = pytest.mark.django_db


def _by_recipient():
    return {message.to[0]: message for message in mail.outbox}


def test_new_members_reach_everyone_in_their_language_as_each_may_see_them(settled):
    world = settled
    community_services.profile_update(membership=world.pedro, language="en")
    joined(world.mj, days(2))
    joined(world.pedro, days(3))

    run = digests_send_due(now=days(7))

    assert (run.sent, run.empty, run.no_email, run.failed) == (4, 2, 0, 0)
    messages = _by_recipient()
    assert sorted(messages) == [
        "ana@example.org",
        "mj@example.org",
        "olga@example.org",
        "pedro@example.org",
    ]
    slug, mj, pedro = world.slug, world.mj.pk, world.pedro.pk
    token = world.olga.digest_subscription.token
    olga = messages["olga@example.org"]
    assert olga.subject == "Novedades de Cowork Sevilla"
    # Olga organises: she sees María José's needs (shown to organisers), never Pedro's
    # city (only him).
    assert olga.body == (
        "Hola, Olga Pérez: esto es lo nuevo en Cowork Sevilla.\n"
        "\n"
        "Nuevos miembros\n"
        "- María José Núñez: Abogada de contratos (Sevilla)\n"
        "  Ofrece: contratos entre socios\n"
        "  Necesita: un diseñador para su web\n"
        f"  https://vinculo.example/communities/{slug}/members/{mj}/\n"
        "- Pedro Ruiz: Diseño web\n"
        "  Ofrece: diseño web para despachos\n"
        "  Necesita: clientes en Sevilla\n"
        f"  https://vinculo.example/communities/{slug}/members/{pedro}/\n"
        "\n"
        "--\n"
        "Recibes este resumen cada semana. Cambia la frecuencia:\n"
        f"https://vinculo.example/communities/{slug}/digest/\n"
        "Para no recibirlo más:\n"
        f"https://vinculo.example/digest/unsubscribe/{token}/\n"
    )
    # Pedro, a member writing in English, gets it in English, without María José's needs.
    pedro_token = world.pedro.digest_subscription.token
    english = messages["pedro@example.org"]
    assert english.subject == "What's new in Cowork Sevilla"
    assert english.body == (
        "Hello Pedro Ruiz, this is what's new in Cowork Sevilla.\n"
        "\n"
        "New members\n"
        "- María José Núñez: Abogada de contratos (Sevilla)\n"
        "  Offers: contratos entre socios\n"
        f"  https://vinculo.example/communities/{slug}/members/{mj}/\n"
        "\n"
        "--\n"
        "You receive this digest weekly. Change how often:\n"
        f"https://vinculo.example/communities/{slug}/digest/\n"
        "Stop receiving it:\n"
        f"https://vinculo.example/digest/unsubscribe/{pedro_token}/\n"
    )
    assert english.extra_headers == {
        "List-Unsubscribe": f"<https://vinculo.example/digest/unsubscribe/{pedro_token}/>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    html, kind = english.alternatives[0]
    assert kind == "text/html"
    assert '<html lang="en">' in html
    assert "Necesita" not in html and "un diseñador para su web" not in html


def test_a_member_sees_nobody_from_another_community_and_nothing_private(settled):
    world = settled
    joined(world.berta, days(1))
    joined(world.mj, days(2))

    digests_send_due(now=days(7))

    messages = _by_recipient()
    # Bruno's club got Berta; the Cowork got María José; nobody else hears of either.
    assert sorted(messages) == [
        "ana@example.org",
        "bruno@example.org",
        "olga@example.org",
        "pedro@example.org",
    ]
    assert "Berta Club" in messages["bruno@example.org"].body
    for address in ("ana@example.org", "olga@example.org", "pedro@example.org"):
        body = messages[address].body
        assert "María José Núñez" in body
        assert "Berta" not in body
        for private in ("Contacto Privadísimo", "Nota confidencial", "Necesidad Privada"):
            assert private not in body
    # Pedro is a member: María José shows her needs to organisers only.
    assert "un diseñador para su web" not in messages["pedro@example.org"].body
    assert "un diseñador para su web" in messages["ana@example.org"].body


def test_nothing_new_sends_nothing(settled):
    run = digests_send_due(now=days(7))

    assert (run.sent, run.empty) == (0, 6)
    assert mail.outbox == []


def _at(model, obj, **values):
    model.objects.filter(pk=obj.pk).update(**values)
    return obj


def test_every_section_in_english(settled):
    world = settled
    community_services.profile_update(membership=world.mj, language="en")
    joined(world.pedro, days(3))
    for member in (world.mj, world.pedro):
        member_matches_recompute(membership_id=member.pk)
    ask = board_services.post_create(
        actor=world.olga, kind="ask", text="¿Alguien conoce un buen gestor en Sevilla?"
    )
    offer = board_services.post_create(
        actor=world.pedro, kind="offer", text="Reviso webs gratis este mes"
    )
    solved = board_services.post_create(actor=world.ana, kind="ask", text="Busco local")
    old = board_services.post_create(actor=world.ana, kind="offer", text="Oferta antigua")
    other = board_services.post_create(actor=world.berta, kind="ask", text="Pregunta del club")
    for post, when in ((ask, 3), (offer, 4), (solved, 4), (old, -1), (other, 3)):
        _at(Post, post, created_at=days(when))
    _at(Post, solved, status="solved")
    future = timezone.now() + datetime.timedelta(days=1)
    breakfast = event_services.event_create(
        actor=world.ana, title="Desayuno de socios", starts_at=future, place="Sala 2"
    )
    cancelled = event_services.event_create(actor=world.ana, title="Cancelado", starts_at=future)
    far = event_services.event_create(actor=world.ana, title="Lejano", starts_at=future)
    club = event_services.event_create(actor=world.bruno, title="Del club", starts_at=future)
    at_1830_madrid = datetime.datetime(2026, 3, 12, 17, 30, tzinfo=datetime.UTC)
    for event, when in ((breakfast, at_1830_madrid), (cancelled, days(9)), (club, days(9))):
        _at(CommunityEvent, event, starts_at=when)
    _at(CommunityEvent, far, starts_at=days(40))
    _at(CommunityEvent, cancelled, cancelled_at=days(5))
    mail.outbox.clear()

    digests_send_due(now=days(7))

    messages = _by_recipient()
    slug, pedro = world.slug, world.pedro.pk
    token = world.mj.digest_subscription.token
    assert messages["mj@example.org"].body == (
        "Hello María José Núñez, this is what's new in Cowork Sevilla.\n"
        "\n"
        "New members\n"
        "- Pedro Ruiz: Diseño web\n"
        "  Offers: diseño web para despachos\n"
        "  Needs: clientes en Sevilla\n"
        f"  https://vinculo.example/communities/{slug}/members/{pedro}/\n"
        "\n"
        "New asks on the board\n"
        "- Olga Pérez: ¿Alguien conoce un buen gestor en Sevilla?\n"
        f"  https://vinculo.example/communities/{slug}/board/{ask.pk}/\n"
        "\n"
        "New offers on the board\n"
        "- Pedro Ruiz: Reviso webs gratis este mes\n"
        f"  https://vinculo.example/communities/{slug}/board/{offer.pk}/\n"
        "\n"
        "Members you could meet\n"
        "- Pedro Ruiz: offers diseño web para despachos\n"
        f"  https://vinculo.example/communities/{slug}/members/{pedro}/\n"
        "\n"
        "Coming events\n"
        "- 12 March 2026, 18:30: Desayuno de socios (Sala 2)\n"
        f"  https://vinculo.example/communities/{slug}/events/{breakfast.pk}/\n"
        "\n"
        "--\n"
        "You receive this digest weekly. Change how often:\n"
        f"https://vinculo.example/communities/{slug}/digest/\n"
        "Stop receiving it:\n"
        f"https://vinculo.example/digest/unsubscribe/{token}/\n"
    )
    # In Spanish, the date too; Pedro (a member) is not told of María José's needs, nor
    # offered to help her with them.
    spanish = messages["olga@example.org"].body
    assert "- 12 de marzo de 2026 a las 18:30: Desayuno de socios (Sala 2)\n" in spanish
    assert "Pregunta del club" not in spanish and "Del club" not in spanish
    assert "un diseñador para su web" not in messages["pedro@example.org"].body
