"""The give–give side over the API: suggestions, the double opt-in introduction flow,
favours and the ledger."""

from datetime import date
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework import serializers

from tests.factories import make_contact
from vinculo.activity.services import interaction_log
from vinculo.giving import services as giving_services
from vinculo.giving.models import Favor, Introduction, Match, Referral
from vinculo.people import services as people_services

pytestmark = pytest.mark.django_db

ASK_BODY = (
    "Hola, María José Núñez:\n\n"
    "Me contaste que buscabas «un diseñador para su web», y conozco a Kate Smith, "
    "que ofrece «web design for law firms». Designs websites for small firms.\n\n"
    "¿Quieres que os presente? Si me dices que sí, os escribo a los dos en un mismo correo.\n\n"
    "Un abrazo, Ana Ruiz\n"
)
ASK_SUBJECT = "¿Te gustaría conocer a Kate Smith?"
KATE_INTRO_BODY = (
    "Hello Kate Smith,\n\n"
    "I am glad to introduce you to María José Núñez.\n\n"
    "Why I think you should talk: María José Núñez is looking for “un diseñador para su web” "
    "and Kate Smith offers “web design for law firms”.\n\n"
    "You can write to them at mj@nunez.example.\n\n"
    "I will leave it to the two of you from here.\n\n"
    "Best wishes, Ana Ruiz\n"
)
REASON_ES = (
    "María José Núñez necesita «un diseñador para su web»; "
    "Kate Smith ofrece «web design for law firms» (coinciden: diseño web)"
)


def stamp(moment) -> str | None:
    """A moment as the API writes it."""
    return None if moment is None else serializers.DateTimeField().to_representation(moment)


def today() -> str:
    return timezone.localdate().isoformat()


@pytest.fixture
def pair(user):
    """María needs a web designer; Kate, who speaks English, offers web design; the owner
    photographs events, which Kate needs."""
    user.display_name = "Ana Ruiz"
    user.save(update_fields=["display_name"])
    people_services.profile_update(user=user, offers=["fotografía de eventos"])
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
        external_id="kate",
        emails=["kate@smith.example"],
        offers=["web design for law firms"],
        needs=["a photographer for events"],
        languages=["en"],
        does="Designs websites for small firms.",
    )
    return maria, kate


def design_match(user) -> Match:
    return Match.objects.for_user(user).get(offer__contact__name="Kate Smith")


def photo_match(user) -> Match:
    return Match.objects.for_user(user).get(offer__contact=None)


def design_suggestion(user, maria, kate, why: str) -> dict:
    match = design_match(user)
    return {
        "match_id": match.pk,
        "a": {"id": f"c{maria.pk}", "name": "María José Núñez", "contact": maria.pk},
        "b": {"id": "kate", "name": "Kate Smith", "contact": kate.pk},
        "need": "un diseñador para su web",
        "offer": "web design for law firms",
        "score": match.score,
        "why": why,
    }


def introduction_json(introduction: Introduction, **changes) -> dict:
    """What the API shows of an introduction, read from the database."""
    introduction.refresh_from_db()
    return {
        "id": introduction.pk,
        "a": introduction.a_id,
        "b": introduction.b_id,
        "reason": introduction.reason,
        "status": introduction.status,
        "date": today(),
        "need": introduction.need_id,
        "offer": introduction.offer_id,
        "outcome_kind": "",
        "outcome": "",
        "value": None,
        "currency": "",
        "proposed_at": stamp(introduction.proposed_at),
        "answered_at": stamp(introduction.answered_at),
        "made_at": stamp(introduction.made_at),
        **changes,
    }


def ask_message() -> dict:
    return {
        "to": ["mj@nunez.example"],
        "subject": ASK_SUBJECT,
        "body": ASK_BODY,
        "language": "es",
        "mailto": f"mailto:mj@nunez.example?subject={quote(ASK_SUBJECT)}&body={quote(ASK_BODY)}",
    }


# --- Suggestions ---------------------------------------------------------------------------


def test_suggestions_list_pairs_contacts_with_the_match_id(api, user, pair):
    maria, kate = pair

    response = api.get("/api/v1/suggestions/")

    why = (
        "María José Núñez needs “un diseñador para su web”; "
        "Kate Smith offers “web design for law firms” (in common: web design)"
    )
    assert (response.status_code, response.json()) == (
        200,
        {"suggestions": [design_suggestion(user, maria, kate, why)]},
    )


def test_suggestions_why_is_in_the_language_of_the_request(api, user, pair):
    maria, kate = pair

    response = api.get("/api/v1/suggestions/", HTTP_ACCEPT_LANGUAGE="es")

    assert response.json() == {"suggestions": [design_suggestion(user, maria, kate, REASON_ES)]}


def test_suggestions_mine_lists_whom_i_can_help(api, user, pair):
    _maria, kate = pair

    response = api.get("/api/v1/suggestions/", {"mine": "true"})

    match = photo_match(user)
    assert response.json() == {
        "suggestions": [
            {
                "match_id": match.pk,
                "a": {"id": "kate", "name": "Kate Smith", "contact": kate.pk},
                "b": {"id": "me", "name": "Ana Ruiz", "contact": None},
                "need": "a photographer for events",
                "offer": "fotografía de eventos",
                "score": match.score,
                "why": "Kate Smith needs “a photographer for events”; Ana Ruiz offers "
                "“fotografía de eventos” (in common: event photography)",
            }
        ]
    }


def test_suggestions_of_a_contact_show_both_sides(api, user, pair):
    _maria, kate = pair
    luis = make_contact(user, name="Luis Gómez", needs=["web design"], languages=["en"])

    response = api.get("/api/v1/suggestions/", {"contact": kate.pk})

    # Whom Kate could help (María, Luis); who could help her is only the owner: left out.
    rows = [(s["a"]["name"], s["b"]["name"]) for s in response.json()["suggestions"]]
    assert sorted(rows) == [("Luis Gómez", "Kate Smith"), ("María José Núñez", "Kate Smith")]
    response = api.get("/api/v1/suggestions/", {"contact": luis.pk, "limit": 5})
    assert [s["a"]["contact"] for s in response.json()["suggestions"]] == [luis.pk]


def test_suggestions_limit(api, user, pair):
    make_contact(user, name="Luis Gómez", needs=["web design"], languages=["en"])

    response = api.get("/api/v1/suggestions/", {"limit": 1})

    assert len(response.json()["suggestions"]) == 1


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"limit": 0}, {"limit": ["Ensure this value is greater than or equal to 1."]}),
        ({"limit": 201}, {"limit": ["Ensure this value is less than or equal to 200."]}),
        ({"mine": "maybe"}, {"mine": ["Must be a valid boolean."]}),
        ({"contact": "luis"}, {"contact": ["Incorrect type. Expected pk value, received str."]}),
    ],
)
def test_suggestions_bad_query_names_the_field(api, pair, query, errors):
    response = api.get("/api/v1/suggestions/", query)

    assert (response.status_code, response.json()) == (400, errors)


def test_suggestions_mine_and_contact_together_is_refused(api, pair):
    maria, _kate = pair

    response = api.get("/api/v1/suggestions/", {"mine": "true", "contact": maria.pk})

    assert (response.status_code, response.json()) == (
        400,
        {"mine": ["Ask either for your own suggestions or for a contact's."]},
    )


def test_suggestions_of_another_users_contact_are_refused(api, pair, other_user):
    theirs = make_contact(other_user, name="Ajena", needs=["web design"])

    response = api.get("/api/v1/suggestions/", {"contact": theirs.pk})

    assert (response.status_code, response.json()) == (
        400,
        {"contact": [f'Invalid pk "{theirs.pk}" - object does not exist.']},
    )


def test_suggestions_never_show_another_users_network(api, user, pair, other_user):
    make_contact(other_user, name="Ajena", offers=["diseñadora web freelance"])
    make_contact(other_user, name="Otra Ajena", needs=["web design"])

    response = api.get("/api/v1/suggestions/")

    names = {s[side]["name"] for s in response.json()["suggestions"] for side in "ab"}
    assert names == {"María José Núñez", "Kate Smith"}


def test_suggestion_dismiss(api, user, pair):
    match = design_match(user)

    response = api.post(f"/api/v1/suggestions/{match.pk}/dismiss/")

    match.refresh_from_db()
    assert (response.status_code, response.content, match.dismissed) == (204, b"", True)
    assert api.get("/api/v1/suggestions/").json() == {"suggestions": []}


def test_suggestion_propose_creates_the_introduction_with_the_question(api, user, pair):
    maria, kate = pair
    match = design_match(user)

    response = api.post(f"/api/v1/suggestions/{match.pk}/propose/", format="json")

    introduction = Introduction.objects.for_user(user).get()
    assert (response.status_code, response.json()) == (
        201,
        {
            **introduction_json(
                introduction,
                a=maria.pk,
                b=kate.pk,
                reason=REASON_ES,
                status="proposed",
                need=match.need_id,
                offer=match.offer_id,
            ),
            "message": ask_message(),
        },
    )
    match.refresh_from_db()
    assert (match.dismissed, mail.outbox) == (True, [])


def test_suggestion_propose_with_send_emails_the_question(api, user, pair):
    match = design_match(user)

    response = api.post(f"/api/v1/suggestions/{match.pk}/propose/", {"send": True}, format="json")

    assert response.status_code == 201
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["mj@nunez.example"], ASK_SUBJECT, ASK_BODY)
    ]


def test_suggestion_propose_with_the_owner_on_one_side_is_refused(api, user, pair):
    match = photo_match(user)

    response = api.post(f"/api/v1/suggestions/{match.pk}/propose/", format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"non_field_errors": ["You are one of the two: just get in touch directly."]},
    )
    assert Introduction.objects.for_user(user).count() == 0


# --- Introductions -------------------------------------------------------------------------


def test_introduction_create_proposes_it(api, user, pair):
    maria, kate = pair

    response = api.post(
        "/api/v1/introductions/",
        {"a": maria.pk, "b": kate.pk, "reason": "Las dos trabajan con despachos."},
        format="json",
    )

    introduction = Introduction.objects.for_user(user).get()
    body = (
        "Hola, María José Núñez:\n\n"
        "Conozco a Kate Smith y creo que deberíais conoceros. "
        "Designs websites for small firms.\n\n"
        "¿Quieres que os presente? Si me dices que sí, os escribo a los dos en un mismo correo.\n\n"
        "Un abrazo, Ana Ruiz\n"
    )
    assert (response.status_code, response.json()) == (
        201,
        {
            **introduction_json(
                introduction,
                a=maria.pk,
                b=kate.pk,
                reason="Las dos trabajan con despachos.",
                status="proposed",
                need=None,
                offer=None,
            ),
            "message": {
                "to": ["mj@nunez.example"],
                "subject": ASK_SUBJECT,
                "body": body,
                "language": "es",
                "mailto": f"mailto:mj@nunez.example?subject={quote(ASK_SUBJECT)}"
                f"&body={quote(body)}",
            },
        },
    )
    assert mail.outbox == []


def test_introduction_create_of_a_contact_to_themselves_names_the_field(api, user, pair):
    maria, _kate = pair

    response = api.post("/api/v1/introductions/", {"a": maria.pk, "b": maria.pk}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"b": ["A contact cannot be introduced to themselves."]},
    )
    assert Introduction.objects.for_user(user).count() == 0


def test_introduction_create_with_another_users_contact_names_the_field(
    api, user, pair, other_user
):
    maria, _kate = pair
    theirs = make_contact(other_user, name="Ajena")

    response = api.post("/api/v1/introductions/", {"a": maria.pk, "b": theirs.pk}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"b": [f'Invalid pk "{theirs.pk}" - object does not exist.']},
    )


def test_introduction_list_and_detail(api, user, pair):
    maria, kate = pair
    luis = make_contact(user, name="Luis Gómez")
    first, _draft = giving_services.introduction_propose(owner=user, a=maria, b=kate)
    second, _draft = giving_services.introduction_propose(owner=user, a=luis, b=kate)

    listed = api.get("/api/v1/introductions/").json()
    filtered = api.get("/api/v1/introductions/", {"contact": luis.pk}).json()
    detail = api.get(f"/api/v1/introductions/{first.pk}/")

    assert listed["results"] == [introduction_json(second), introduction_json(first)]
    assert [i["id"] for i in filtered["results"]] == [second.pk]
    assert (detail.status_code, detail.json()) == (200, introduction_json(first))


def test_introduction_flow_over_the_api(api, user, pair):
    maria, kate = pair
    match = design_match(user)

    proposed = api.post(f"/api/v1/suggestions/{match.pk}/propose/", format="json").json()
    url = f"/api/v1/introductions/{proposed['id']}/"
    answered = api.post(url + "answer/", {"accepted": True}, format="json")
    made = api.post(url + "make/", format="json")
    closed = api.post(
        url + "close/",
        {"outcome_kind": "business", "outcome": "Web nueva", "value": "1200", "currency": "eur"},
        format="json",
    )

    introduction = Introduction.objects.for_user(user).get()
    assert (answered.status_code, answered.json()) == (
        200,
        introduction_json(introduction, status="accepted", made_at=None),
    )
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["mj@nunez.example"], "María José Núñez, te presento a Kate Smith"),
        (["kate@smith.example"], "Kate Smith, meet María José Núñez"),
    ]
    # The messages returned are the ones sent, each in its reader's language.
    assert (made.status_code, made.json()) == (
        200,
        {
            **introduction_json(introduction, status="made"),
            "messages": [
                {
                    "to": m.to,
                    "subject": m.subject,
                    "body": m.body,
                    "language": language,
                    "mailto": f"mailto:{m.to[0]}?subject={quote(m.subject)}&body={quote(m.body)}",
                }
                for m, language in zip(mail.outbox, ["es", "en"], strict=True)
            ],
        },
    )
    assert mail.outbox[1].body == KATE_INTRO_BODY
    assert (closed.status_code, closed.json()) == (
        200,
        introduction_json(
            introduction,
            status="closed",
            outcome_kind="business",
            outcome="Web nueva",
            value="1200.00",
            currency="EUR",
        ),
    )
    assert (introduction.a, introduction.b, introduction.reason) == (maria, kate, REASON_ES)
    ledger = api.get("/api/v1/ledger/", {"contact": kate.pk}).json()
    assert (ledger["gave"]["introductions"], ledger["balance"]) == (1, 1)


def test_introduction_declined_cannot_be_made(api, user, pair):
    maria, kate = pair
    introduction, _draft = giving_services.introduction_propose(owner=user, a=maria, b=kate)
    url = f"/api/v1/introductions/{introduction.pk}/"

    declined = api.post(url + "answer/", {"accepted": False}, format="json")
    response = api.post(url + "make/", format="json")

    assert declined.json()["status"] == "declined"
    assert (response.status_code, response.json()) == (
        400,
        {"status": ["This introduction is declined; that step is not possible now."]},
    )
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("step", "body", "status"),
    [
        ("make", {}, "proposed"),
        ("close", {"outcome_kind": "met"}, "proposed"),
    ],
)
def test_introduction_step_out_of_order_answers_400(api, user, pair, step, body, status):
    maria, kate = pair
    introduction, _draft = giving_services.introduction_propose(owner=user, a=maria, b=kate)

    response = api.post(f"/api/v1/introductions/{introduction.pk}/{step}/", body, format="json")

    introduction.refresh_from_db()
    assert (response.status_code, response.json(), introduction.status) == (
        400,
        {"status": [f"This introduction is {status}; that step is not possible now."]},
        "proposed",
    )


def test_introduction_answered_twice_answers_400(api, user, pair):
    maria, kate = pair
    introduction, _draft = giving_services.introduction_propose(owner=user, a=maria, b=kate)
    url = f"/api/v1/introductions/{introduction.pk}/answer/"
    api.post(url, {"accepted": True}, format="json")

    response = api.post(url, {"accepted": False}, format="json")

    introduction.refresh_from_db()
    assert (response.status_code, response.json(), introduction.status) == (
        400,
        {"status": ["This introduction is accepted; that step is not possible now."]},
        "accepted",
    )


@pytest.mark.parametrize(
    ("step", "body", "errors"),
    [
        ("answer", {}, {"accepted": ["This field is required."]}),
        (
            "close",
            {"outcome_kind": "maybe", "value": "-1", "currency": "euros"},
            {
                "outcome_kind": ['"maybe" is not a valid choice.'],
                "value": ["Ensure this value is greater than or equal to 0."],
                "currency": ["Enter a three-letter currency code, such as EUR."],
            },
        ),
        (
            "close",
            {"outcome_kind": "met", "currency": "€12"},
            {"currency": ["Enter a three-letter currency code, such as EUR."]},
        ),
    ],
)
def test_introduction_step_with_bad_input_names_the_field(api, user, pair, step, body, errors):
    maria, kate = pair
    introduction, _draft = giving_services.introduction_propose(owner=user, a=maria, b=kate)

    response = api.post(f"/api/v1/introductions/{introduction.pk}/{step}/", body, format="json")

    assert (response.status_code, response.json()) == (400, errors)


# --- Favours and the ledger ----------------------------------------------------------------


def test_favor_create_records_it(api, user, pair):
    maria, _kate = pair

    response = api.post(
        "/api/v1/favors/",
        {
            "contact": maria.pk,
            "flow": "gave",
            "kind": "advice",
            "date": "2026-03-02",
            "description": "Revisé su plan de negocio",
            "value": "150",
            "currency": "eur",
        },
        format="json",
    )

    favor = Favor.objects.for_user(user).get()
    assert (response.status_code, response.json()) == (
        201,
        {
            "id": favor.pk,
            "contact": maria.pk,
            "flow": "gave",
            "kind": "advice",
            "date": "2026-03-02",
            "description": "Revisé su plan de negocio",
            "value": "150.00",
            "currency": "EUR",
            "created_at": stamp(favor.created_at),
        },
    )


def test_favor_create_defaults_to_help_today(api, user, pair):
    _maria, kate = pair

    response = api.post(
        "/api/v1/favors/",
        {"contact": kate.pk, "flow": "received", "description": "Advice on pricing"},
        format="json",
    )

    favor = Favor.objects.for_user(user).get()
    assert response.json() == {
        "id": favor.pk,
        "contact": kate.pk,
        "flow": "received",
        "kind": "help",
        "date": today(),
        "description": "Advice on pricing",
        "value": None,
        "currency": "",
        "created_at": stamp(favor.created_at),
    }


def test_favor_create_with_bad_input_names_the_fields(api, user, pair, other_user):
    theirs = make_contact(other_user, name="Ajena")

    response = api.post("/api/v1/favors/", {"contact": theirs.pk, "flow": "both"}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {
            "contact": [f'Invalid pk "{theirs.pk}" - object does not exist.'],
            "flow": ['"both" is not a valid choice.'],
            "description": ["This field is required."],
        },
    )
    assert Favor.objects.count() == 0


def test_favor_list_newest_first_and_by_contact(api, user, pair):
    maria, kate = pair
    old = giving_services.favor_record(
        owner=user,
        contact=maria,
        flow="gave",
        description="CV",
        date=date(2026, 1, 5),
    )
    new = giving_services.favor_record(
        owner=user,
        contact=kate,
        flow="received",
        description="Advice",
        date=date(2026, 2, 5),
    )

    listed = api.get("/api/v1/favors/").json()["results"]
    filtered = api.get("/api/v1/favors/", {"contact": maria.pk}).json()["results"]
    detail = api.get(f"/api/v1/favors/{old.pk}/")

    assert [f["id"] for f in listed] == [new.pk, old.pk]
    assert [f["id"] for f in filtered] == [old.pk]
    assert (detail.status_code, detail.json()) == (
        200,
        {
            "id": old.pk,
            "contact": maria.pk,
            "flow": "gave",
            "kind": "help",
            "date": "2026-01-05",
            "description": "CV",
            "value": None,
            "currency": "",
            "created_at": stamp(old.created_at),
        },
    )


def test_ledger_counts_what_was_given_and_received(api, user, pair):
    maria, kate = pair
    giving_services.favor_record(owner=user, contact=maria, flow="gave", description="CV")
    giving_services.favor_record(owner=user, contact=kate, flow="received", description="Advice")
    make_contact(user, name="Presentada", introduced_by=maria)
    Referral.objects.create(
        owner=user, to_contact=maria, description="Un cliente", value=Decimal("500"), currency="EUR"
    )
    Referral.objects.create(
        owner=user, from_contact=kate, description="A client", value=Decimal("80.5"), currency="USD"
    )
    for contact in (maria, kate):
        interaction_log(
            owner=user, contact=contact, kind="meeting", direction="mutual", date=date(2026, 3, 2)
        )

    whole = api.get("/api/v1/ledger/")
    with_maria = api.get("/api/v1/ledger/", {"contact": maria.pk})

    assert (whole.status_code, whole.json()) == (
        200,
        {
            # Each favour is counted once, not also as the interaction it logged.
            "gave": {"introductions": 0, "referrals": 1, "favors": 1, "interactions": 0},
            "received": {"introductions": 1, "referrals": 1, "favors": 1, "interactions": 0},
            "gave_total": 2,
            "received_total": 3,
            "mutual": 2,
            "balance": -1,
            "referral_value_gave": {"EUR": "500.00"},
            "referral_value_received": {"USD": "80.50"},
        },
    )
    assert with_maria.json() == {
        "gave": {"introductions": 0, "referrals": 1, "favors": 1, "interactions": 0},
        "received": {"introductions": 1, "referrals": 0, "favors": 0, "interactions": 0},
        "gave_total": 2,
        "received_total": 1,
        "mutual": 1,
        "balance": 1,
        "referral_value_gave": {"EUR": "500.00"},
        "referral_value_received": {},
    }


def test_ledger_of_another_users_contact_is_refused(api, pair, other_user):
    theirs = make_contact(other_user, name="Ajena")

    response = api.get("/api/v1/ledger/", {"contact": theirs.pk})

    assert (response.status_code, response.json()) == (
        400,
        {"contact": [f'Invalid pk "{theirs.pk}" - object does not exist.']},
    )


# --- Another user's objects ----------------------------------------------------------------


@pytest.fixture
def theirs(other_user):
    """Another user's match, introduction and favour."""
    ajena = make_contact(other_user, name="Ajena", needs=["un diseñador web"], languages=["es"])
    disenador = make_contact(other_user, name="Diseñador Ajeno", offers=["diseño web"])
    introduction, _draft = giving_services.introduction_propose(
        owner=other_user, a=ajena, b=disenador
    )
    favor = giving_services.favor_record(
        owner=other_user, contact=ajena, flow="gave", description="Secreto"
    )
    return {
        "match": Match.objects.for_user(other_user).get(),
        "introduction": introduction,
        "favor": favor,
    }


@pytest.mark.parametrize(
    ("method", "url", "model"),
    [
        ("post", "/api/v1/suggestions/{match}/dismiss/", "Match"),
        ("post", "/api/v1/suggestions/{match}/propose/", "Match"),
        ("get", "/api/v1/introductions/{introduction}/", "Introduction"),
        ("post", "/api/v1/introductions/{introduction}/answer/", "Introduction"),
        ("post", "/api/v1/introductions/{introduction}/make/", "Introduction"),
        ("post", "/api/v1/introductions/{introduction}/close/", "Introduction"),
        ("get", "/api/v1/favors/{favor}/", "Favor"),
    ],
)
def test_another_users_object_answers_404(api, pair, other_user, theirs, method, url, model):
    target = url.format(**{kind: row.pk for kind, row in theirs.items()})
    body = {"accepted": True, "outcome_kind": "met", "send": True}

    response = getattr(api, method)(target, body, format="json")

    assert (response.status_code, response.json()) == (
        404,
        {"detail": f"No {model} matches the given query."},
    )
    for row in theirs.values():
        row.refresh_from_db()
    assert (theirs["introduction"].status, theirs["match"].dismissed, mail.outbox) == (
        "proposed",
        False,
        [],
    )
    assert Introduction.objects.for_user(other_user).count() == 1


def test_lists_show_nothing_of_another_user(api, user, pair, theirs):
    assert api.get("/api/v1/introductions/").json()["results"] == []
    assert api.get("/api/v1/favors/").json()["results"] == []
    names = {
        s[side]["name"]
        for s in api.get("/api/v1/suggestions/").json()["suggestions"]
        for side in "ab"
    }
    assert "Ajena" not in names
