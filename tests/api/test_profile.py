from tests.factories import make_contact
from vinculo.people.selectors import profile_needs, profile_offers
from vinculo.people.services import profile_update

URL = "/api/v1/profile/"


def test_profile_get_shows_the_owners_profile(api, user):
    profile_update(
        user=user,
        display_name="Ana Ruiz",
        does="Consultora de marketing",
        pitch="Ayudo a pymes a vender más.",
        language="es",
        offers=["estrategia de contenidos"],
        needs=["un abogado mercantil"],
    )
    make_contact(user, name="Luis", offers=["diseño web"])

    response = api.get(URL)

    assert response.json() == {
        "username": "ana",
        "name": "Ana Ruiz",
        "does": "Consultora de marketing",
        "pitch": "Ayudo a pymes a vender más.",
        "language": "es",
        "offers": ["estrategia de contenidos"],
        "needs": ["un abogado mercantil"],
    }


def test_profile_put_replaces_it(api, user):
    profile_update(user=user, offers=["algo viejo"])

    response = api.put(
        URL,
        {
            "username": "ignored",
            "name": "Ana Ruiz",
            "does": "Marketing",
            "pitch": "",
            "language": "en",
            "offers": ["formación", "estrategia"],
            "needs": [],
        },
        format="json",
    )

    assert response.json() == {
        "username": "ana",
        "name": "Ana Ruiz",
        "does": "Marketing",
        "pitch": "",
        "language": "en",
        "offers": ["formación", "estrategia"],
        "needs": [],
    }
    user.refresh_from_db()
    assert (user.username, user.display_name, profile_offers(user=user)) == (
        "ana",
        "Ana Ruiz",
        ["formación", "estrategia"],
    )


def test_profile_patch_changes_only_what_is_sent(api, user):
    profile_update(user=user, display_name="Ana Ruiz", needs=["un abogado"])

    response = api.patch(URL, {"pitch": "Vendo más con contenidos."}, format="json")

    assert (response.json()["name"], response.json()["pitch"], profile_needs(user=user)) == (
        "Ana Ruiz",
        "Vendo más con contenidos.",
        ["un abogado"],
    )


def test_profile_patch_unknown_language_names_the_field(api):
    response = api.patch(URL, {"language": "fr"}, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"language": ['"fr" is not a valid choice.']},
    )


def test_profile_patch_blank_offer_names_the_index(api):
    response = api.patch(URL, {"offers": ["formación", ""]}, format="json")

    assert response.json() == {"offers": {"1": ["This field may not be blank."]}}
