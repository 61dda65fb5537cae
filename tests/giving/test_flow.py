import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from vinculo.activity import services as activity_services
from vinculo.activity.models import Interaction
from vinculo.giving import selectors, services
from vinculo.giving.matching import matches_rebuild
from vinculo.giving.models import Match
from vinculo.people import services as people_services

from ..factories import make_contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(user):
    user.display_name = "Ana Ruiz"
    user.save(update_fields=["display_name"])
    maria = make_contact(
        user,
        name="María José Núñez",
        emails=["mj@nunez.example"],
        needs=["un diseñador para su web"],
        languages=["es"],
    )
    kate = make_contact(
        user,
        name="Kate Smith",
        emails=["kate@smith.example"],
        offers=["web design for law firms"],
        languages=["en"],
        does="Designs websites for small firms.",
    )
    return maria, kate


def test_the_whole_double_opt_in_flow(user, pair):
    _maria, kate = pair
    match = Match.objects.for_user(user).get()

    introduction, ask = services.introduction_propose_match(owner=user, match=match)
    assert introduction.status == "proposed"
    assert (ask.to, ask.language, ask.subject) == (
        ["mj@nunez.example"],
        "es",
        "¿Te gustaría conocer a Kate Smith?",
    )
    assert ask.body == (
        "Hola, María José Núñez:\n\n"
        "Me contaste que buscabas «un diseñador para su web», y conozco a Kate Smith, "
        "que ofrece «web design for law firms». Designs websites for small firms.\n\n"
        "¿Quieres que os presente? Si me dices que sí, os escribo a los dos en un mismo correo.\n\n"
        "Un abrazo, Ana Ruiz\n"
    )
    assert ask.mailto.startswith("mailto:mj@nunez.example?subject=%C2%BFTe%20gustar")
    # The suggestion is not offered again once proposed.
    assert selectors.suggestion_list(user=user) == []

    services.introduction_answer(introduction=introduction, accepted=True)
    drafts = services.introduction_make(introduction=introduction)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["mj@nunez.example"], "María José Núñez, te presento a Kate Smith"),
        (["kate@smith.example"], "Kate Smith, meet María José Núñez"),
    ]
    assert "Hello Kate Smith," in mail.outbox[1].body
    assert "María José Núñez is looking for “un diseñador para su web”" in drafts[1].body

    services.introduction_close(
        introduction=introduction,
        outcome_kind="business",
        outcome="Web nueva en mayo",
        value=Decimal("1200"),
        currency="eur",
    )
    introduction.refresh_from_db()
    assert (introduction.status, introduction.value, introduction.currency) == (
        "closed",
        Decimal("1200.00"),
        "EUR",
    )
    logged = Interaction.objects.for_user(user).filter(kind="intro").order_by("id")
    assert [(i.contact.name, i.summary) for i in logged] == [
        ("María José Núñez", "Propuesta la presentación a Kate Smith"),
        ("Kate Smith", "Introduction to María José Núñez proposed"),
        ("María José Núñez", "Aceptó conocer a Kate Smith"),
        ("Kate Smith", "Agreed to meet María José Núñez"),
        ("María José Núñez", "Presentado a Kate Smith"),
        ("Kate Smith", "Introduced to María José Núñez"),
        ("María José Núñez", "Presentación a Kate Smith: hicieron negocio"),
        ("Kate Smith", "Introduction to María José Núñez: business done"),
    ]
    ledger = selectors.ledger_get(user=user, contact=kate)
    assert (ledger.gave["introductions"], ledger.received_total) == (1, 0)


def test_a_declined_introduction_cannot_be_made(user, pair):
    maria, kate = pair
    introduction, _ask = services.introduction_propose(owner=user, a=maria, b=kate)
    services.introduction_answer(introduction=introduction, accepted=False)
    with pytest.raises(ValidationError) as error:
        services.introduction_make(introduction=introduction)
    assert error.value.messages == [
        "Esta presentación está rechazada; ese paso no es posible ahora."
    ]
    assert mail.outbox == []


def test_ledger_counts_what_was_given_and_received(user, pair):
    maria, kate = pair
    make_contact(user, name="Presentada 1", introduced_by=maria)
    make_contact(user, name="Presentada 2", introduced_by=maria)
    make_contact(user, name="Presentada 3", introduced_by=maria)
    services.favor_record(owner=user, contact=maria, flow="gave", description="Revisé su CV")
    services.favor_record(owner=user, contact=kate, flow="received", description="Advice")
    # An interaction of its own, besides the one the favour logged.
    activity_services.interaction_log(
        owner=user,
        contact=maria,
        kind="call",
        direction="gave",
        date=datetime.date(2026, 11, 2),
        summary="Le pasé un contacto",
    )
    ledger = selectors.ledger_get(user=user, contact=maria)
    # The favour is counted once, as a favour, not also as the interaction it logged.
    assert ledger.gave == {"introductions": 0, "referrals": 0, "favors": 1, "interactions": 1}
    assert ledger.received == {"introductions": 3, "referrals": 0, "favors": 0, "interactions": 0}
    assert ledger.balance == -1
    overall = selectors.ledger_get(user=user)
    assert (overall.gave, overall.received) == (
        {"introductions": 0, "referrals": 0, "favors": 1, "interactions": 1},
        {"introductions": 3, "referrals": 0, "favors": 1, "interactions": 0},
    )
    givers = selectors.givers_to_thank(user=user)
    assert [(g.contact.name, g.introductions, g.needs) for g in givers] == [
        ("María José Núñez", 3, ["un diseñador para su web"])
    ]


def test_introductions_page_proposes_and_dismisses(auth_client, user, pair):
    match = Match.objects.for_user(user).get()
    page = auth_client.get(reverse("introductions.list"))
    assert [s.match_id for s in page.context["suggestions"]] == [match.pk]
    response = auth_client.post(reverse("suggestions.propose", kwargs={"match_id": match.pk}))
    introduction = selectors.introduction_list(user=user).get()
    assert response.url == reverse(
        "introductions.detail", kwargs={"introduction_id": introduction.pk}
    )
    detail = auth_client.get(response.url)
    assert detail.context["ask"].subject == "¿Te gustaría conocer a Kate Smith?"
    auth_client.post(
        reverse("introductions.answer", kwargs={"introduction_id": introduction.pk}),
        {"answer": "yes"},
    )
    auth_client.post(reverse("introductions.make", kwargs={"introduction_id": introduction.pk}))
    assert len(mail.outbox) == 2
    auth_client.post(
        reverse("introductions.close", kwargs={"introduction_id": introduction.pk}),
        {"outcome_kind": "met", "outcome": "", "value": "", "currency": ""},
    )
    introduction.refresh_from_db()
    assert (introduction.status, introduction.outcome_kind) == ("closed", "met")


def test_dismissed_suggestion_stays_dismissed_after_a_rebuild(auth_client, user, pair):
    match = Match.objects.for_user(user).get()
    auth_client.post(reverse("suggestions.dismiss", kwargs={"match_id": match.pk}))
    assert selectors.suggestion_list(user=user) == []
    matches_rebuild(owner=user)
    assert selectors.suggestion_list(user=user) == []


def test_contact_page_and_dashboard_show_the_give_first_side(auth_client, user, pair):
    maria, kate = pair
    page = auth_client.get(reverse("contacts.detail", kwargs={"contact_id": maria.pk}))
    panel = reverse("contacts.suggestions", kwargs={"contact_id": maria.pk})
    assert f'hx-get="{panel}" hx-trigger="load"' in page.content.decode()
    page = auth_client.get(panel)
    assert [s.offer_contact for s in page.context["who_could_help"]] == [kate]
    assert page.context["whom_they_could_help"] == []
    body = page.content.decode()
    assert body.startswith('<section id="give">\n  <h2>Quién podría ayudarle</h2>')
    page = auth_client.get(reverse("contacts.suggestions", kwargs={"contact_id": kate.pk}))
    assert [s.need_contact for s in page.context["whom_they_could_help"]] == [maria]

    people_services.profile_update(user=user, offers=["diseño de webs"])
    home = auth_client.get(reverse("web.dashboard"))
    panel = reverse("web.dashboard_give_first")
    assert f'hx-get="{panel}" hx-trigger="load"' in home.content.decode()
    home = auth_client.get(panel)
    assert [(s.need_contact, s.offer_contact) for s in home.context["could_help"]] == [
        (maria, None)
    ]


def test_givers_to_thank_most_introductions_first_then_by_name(user):
    givers = {name: make_contact(user, name=name) for name in ("Zoe", "Íñigo", "Ana", "Bea")}
    for name, count in (("Zoe", 3), ("Íñigo", 2), ("Ana", 1), ("Bea", 2)):
        for i in range(count):
            make_contact(user, name=f"{name} presentó {i}", introduced_by=givers[name])
    found = selectors.givers_to_thank(user=user)
    assert [(g.contact.name, g.introductions) for g in found] == [
        ("Zoe", 3),
        ("Bea", 2),
        ("Íñigo", 2),
    ]
    assert [g.contact.name for g in selectors.givers_to_thank(user=user, limit=1)] == ["Zoe"]


def test_dashboard_loads_the_networks_ledger_after_the_page(auth_client, user, pair):
    maria, kate = pair
    services.favor_record(owner=user, contact=maria, flow="gave", description="Revisé su CV")
    services.favor_record(owner=user, contact=kate, flow="received", description="Advice")
    services.favor_record(owner=user, contact=kate, flow="received", description="Un contacto")
    home = auth_client.get(reverse("web.dashboard")).content.decode()
    assert f'hx-get="{reverse("web.dashboard_ledger")}" hx-trigger="load"' in home
    assert "Across your network" not in home and "En toda tu red" not in home
    fragment = auth_client.get(reverse("web.dashboard_ledger")).content.decode()
    # Each favour counts once, not also as the interaction it logged.
    assert fragment == "<span>En toda tu red diste 1 vez y recibiste 2.</span>\n"
