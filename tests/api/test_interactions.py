from datetime import date

from tests.factories import make_contact
from vinculo.activity.models import Interaction
from vinculo.activity.services import interaction_log

LIST_URL = "/api/v1/interactions/"


def interactions(user):
    return list(
        Interaction.objects.for_user(user)
        .order_by("id")
        .values_list("contact", "kind", "direction", "date", "summary")
    )


def test_interaction_list_is_newest_first(api, user, contact):
    older = interaction_log(
        owner=user, contact=contact, kind="call", direction="gave", date=date(2026, 3, 1)
    )
    newer = interaction_log(
        owner=user,
        contact=contact,
        kind="email",
        direction="received",
        date=date(2026, 3, 13),
        summary="Me envió el contrato",
    )

    response = api.get(LIST_URL)

    assert response.json()["results"] == [
        {
            "id": newer.pk,
            "contact": contact.pk,
            "kind": "email",
            "direction": "received",
            "date": "2026-03-13",
            "summary": "Me envió el contrato",
        },
        {
            "id": older.pk,
            "contact": contact.pk,
            "kind": "call",
            "direction": "gave",
            "date": "2026-03-01",
            "summary": "",
        },
    ]


def test_interaction_list_filters_by_contact(api, user, contact):
    luis = make_contact(user, name="Luis")
    interaction_log(
        owner=user, contact=contact, kind="call", direction="gave", date=date(2026, 3, 1)
    )
    his = interaction_log(
        owner=user, contact=luis, kind="call", direction="gave", date=date(2026, 3, 2)
    )

    response = api.get(LIST_URL, {"contact": luis.pk})

    assert [i["id"] for i in response.json()["results"]] == [his.pk]


def test_interaction_create_logs_it(api, user, contact):
    response = api.post(
        LIST_URL,
        {
            "contact": contact.pk,
            "kind": "email",
            "direction": "gave",
            "date": "2026-03-13",
            "summary": "Le envié el artículo",
        },
        format="json",
    )

    assert (response.status_code, response.json()) == (
        201,
        {
            "id": response.json()["id"],
            "contact": contact.pk,
            "kind": "email",
            "direction": "gave",
            "date": "2026-03-13",
            "summary": "Le envié el artículo",
        },
    )
    assert interactions(user) == [
        (contact.pk, "email", "gave", date(2026, 3, 13), "Le envié el artículo")
    ]


def test_interaction_create_defaults_to_a_mutual_meeting(api, user, contact):
    api.post(LIST_URL, {"contact": contact.pk, "date": "2026-03-13"}, format="json")

    assert interactions(user) == [(contact.pk, "meeting", "mutual", date(2026, 3, 13), "")]


def test_interaction_create_unknown_kind_names_the_field(api, contact):
    response = api.post(
        LIST_URL, {"contact": contact.pk, "date": "2026-03-13", "kind": "fax"}, format="json"
    )

    assert (response.status_code, response.json()) == (
        400,
        {"kind": ['"fax" is not a valid choice.']},
    )


def test_interaction_create_bad_date_names_the_field(api, contact):
    response = api.post(LIST_URL, {"contact": contact.pk, "date": "13/03/2026"}, format="json")

    assert response.json() == {
        "date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]
    }


def test_interaction_create_for_another_users_contact_is_rejected(api, user, other_user):
    theirs = make_contact(other_user, name="Contacto ajeno")

    response = api.post(LIST_URL, {"contact": theirs.pk, "date": "2026-03-13"}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"contact": [f'Invalid pk "{theirs.pk}" - object does not exist.']},
    )
    assert interactions(user) == []


def test_interaction_update_changes_fields_but_not_contact(api, user, contact):
    luis = make_contact(user, name="Luis")
    interaction = interaction_log(
        owner=user, contact=contact, kind="call", direction="gave", date=date(2026, 3, 1)
    )

    response = api.put(
        f"{LIST_URL}{interaction.pk}/",
        {
            "contact": luis.pk,
            "kind": "meeting",
            "direction": "received",
            "date": "2026-03-02",
            "summary": "Café",
        },
        format="json",
    )

    assert response.json() == {
        "id": interaction.pk,
        "contact": contact.pk,
        "kind": "meeting",
        "direction": "received",
        "date": "2026-03-02",
        "summary": "Café",
    }
    assert interactions(user) == [(contact.pk, "meeting", "received", date(2026, 3, 2), "Café")]


def test_interaction_partial_update_changes_only_summary(api, user, contact):
    interaction = interaction_log(
        owner=user, contact=contact, kind="call", direction="gave", date=date(2026, 3, 1)
    )

    api.patch(f"{LIST_URL}{interaction.pk}/", {"summary": "Llamada corta"}, format="json")

    assert interactions(user) == [(contact.pk, "call", "gave", date(2026, 3, 1), "Llamada corta")]


def test_interaction_delete_removes_it(api, user, contact):
    interaction = interaction_log(
        owner=user, contact=contact, kind="call", direction="gave", date=date(2026, 3, 1)
    )

    response = api.delete(f"{LIST_URL}{interaction.pk}/")

    assert (response.status_code, interactions(user)) == (204, [])
