"""The prepare sheet: who will be there, what they need and offer, whom I know and through
whom, the introductions I could make, whom I want to meet, and my pitch."""

import pytest

from vinculo.activity.selectors import event_prepare
from vinculo.giving import services as giving_services
from vinculo.people import services as people_services

from ..factories import make_contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(user, event):
    """Attendees Marta (needs a web designer) and Jorge (designs websites), who do not
    know each other; Sofía, not attending, offers legal advice that attendee Pedro needs;
    Pedro needs an accountant, which I offer; I know Jorge through Carmen."""
    people_services.profile_update(
        user=user,
        pitch="Ayudo a pymes a llevar su contabilidad sin sustos.",
        offers=["contabilidad para pymes"],
        needs=["clientes en el sector turístico"],
    )
    marta = make_contact(
        user,
        name="Marta Ibáñez",
        organization="Hostal Marta",
        does="Lleva un hostal en el centro",
        needs=["un diseñador para la web del hostal"],
        offers=["alojamiento para grupos"],
    )
    jorge = make_contact(
        user, name="Jorge Peña", title="Diseñador", offers=["diseño de páginas web"]
    )
    pedro = make_contact(
        user,
        name="Pedro Olmo",
        needs=["asesoría legal para un contrato", "un contable para su empresa"],
        strength=0.6,
    )
    sofia = make_contact(user, name="Sofía Lago", offers=["asesoría legal de contratos"])
    carmen = make_contact(user, name="Carmen Ruiz")
    people_services.tie_create(owner=user, a=jorge, b=carmen, strength=0.8, how="socios")
    people_services.tie_create(owner=user, a=marta, b=sofia, strength=0.3)
    for contact in (marta, jorge, pedro):
        event.attendees.add(contact)
    event.to_meet.add(jorge, sofia)
    return {"marta": marta, "jorge": jorge, "pedro": pedro, "sofia": sofia, "carmen": carmen}


def _pairs(suggestions):
    return [
        (
            s.need_contact.name if s.need_contact else "me",
            s.offer_contact.name if s.offer_contact else "me",
        )
        for s in suggestions
    ]


def test_event_prepare_sheet(user, event, network, django_assert_num_queries):
    # ids of attendees and of people to meet, contacts, offers, needs, interactions, ties (2),
    # the attendees' need and offer ids, matches (2, one per 500 needs or offers),
    # introductions, the suggestions shown, my offers and needs.
    with django_assert_num_queries(16):
        sheet = event_prepare(user=user, event=event)
    assert sheet.pitch == "Ayudo a pymes a llevar su contabilidad sin sustos."
    assert sheet.my_offers == ["contabilidad para pymes"]
    assert [(p.contact.name, p.known, p.to_meet) for p in sheet.attendees] == [
        ("Jorge Peña", False, True),
        ("Marta Ibáñez", False, False),
        ("Pedro Olmo", True, False),
    ]
    jorge, marta, _pedro = sheet.attendees
    assert [(c.name, s) for c, s in jorge.through] == [("Carmen Ruiz", 0.8)]
    assert [(c.name, s) for c, s in marta.through] == [("Sofía Lago", 0.3)]
    assert marta.needs == ["un diseñador para la web del hostal"]
    assert marta.offers == ["alojamiento para grupos"]
    assert [(p.contact.name, p.attending) for p in sheet.to_meet] == [
        ("Jorge Peña", True),
        ("Sofía Lago", False),
    ]
    assert _pairs(sheet.among) == [("Marta Ibáñez", "Jorge Peña")]
    assert _pairs(sheet.network) == [("Pedro Olmo", "Sofía Lago")]
    assert _pairs(sheet.for_me) == [("Pedro Olmo", "me")]


def test_event_prepare_leaves_out_pairs_already_introduced(user, event, network):
    giving_services.introduction_propose(owner=user, a=network["marta"], b=network["jorge"])
    assert _pairs(event_prepare(user=user, event=event).among) == []


def test_event_prepare_page_in_english(en_client, user, event, network):
    network["marta"].interactions.create(
        owner=user, kind="call", direction="mutual", date="2026-10-05"
    )
    body = en_client.get(f"/events/{event.pk}/prepare/").content.decode()
    for text in (
        "Prepare: Desayuno de la Cámara",
        "Ayudo a pymes a llevar su contabilidad sin sustos.",
        "Whom I want to meet",
        "Between attendees",
        "Marta Ibáñez needs “un diseñador para la web del hostal”; Jorge Peña offers "
        "“diseño de páginas web”",
        "1 interaction, the last on 5 October 2026",
        "Not on the attendee list",
        "3 attendees",
        'href="/static/vinculo/print.css" media="print"',
    ):
        assert text in body, text


def test_event_prepare_for_an_empty_event(en_client, event):
    body = en_client.get(f"/events/{event.pk}/prepare/").content.decode()
    assert "Nobody yet: add the attendees on the event page." in body
    assert "No pitch yet:" in body
