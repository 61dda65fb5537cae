from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from vinculo.activity.models import Interaction
from vinculo.people import services as people_services
from vinculo.people.models import Contact, Tie

from ..factories import make_contact

pytestmark = pytest.mark.django_db


def test_contact_list_search_ignores_accents_and_case(auth_client, user):
    make_contact(user, name="María José Núñez")
    make_contact(user, name="José Pérez")
    make_contact(user, name="Luis Gómez")

    response = auth_client.get(reverse("contacts.list"), {"q": "nunez"})
    assert [c.name for c in response.context["page"]] == ["María José Núñez"]

    response = auth_client.get(reverse("contacts.list"), {"q": "JOSE"})
    assert [c.name for c in response.context["page"]] == ["José Pérez", "María José Núñez"]


def test_contact_list_search_matches_organization_and_email(auth_client, user):
    make_contact(user, name="Ana", organization="Cámara de Comercio")
    make_contact(user, name="Bea", emails=["bea@ñandú.example"])
    response = auth_client.get(reverse("contacts.list"), {"q": "camara"})
    assert [c.name for c in response.context["page"]] == ["Ana"]
    response = auth_client.get(reverse("contacts.list"), {"q": "nandu"})
    assert [c.name for c in response.context["page"]] == ["Bea"]


def test_contact_list_filters_by_tag(auth_client, user):
    make_contact(user, name="Ana", tags=["legal", "clientes"])
    make_contact(user, name="Bea", tags=["familia-amigos"])
    response = auth_client.get(reverse("contacts.list"), {"tag": "familia-amigos"})
    assert [c.name for c in response.context["page"]] == ["Bea"]


def test_contact_list_htmx_returns_only_rows(auth_client, user):
    make_contact(user, name="Núñez")
    response = auth_client.get(reverse("contacts.list"), {"q": "nunez"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Núñez" in html


def test_contact_list_never_shows_another_users_contacts(auth_client, user, other_user):
    make_contact(user, name="Mía")
    make_contact(other_user, name="Ajena Núñez")
    response = auth_client.get(reverse("contacts.list"), {"q": ""})
    assert [c.name for c in response.context["page"]] == ["Mía"]
    assert "Ajena" not in response.content.decode()


@pytest.mark.parametrize("extra", [3, 40])
def test_contact_list_query_count_does_not_grow(
    auth_client, user, extra, django_assert_num_queries
):
    for i in range(extra):
        make_contact(user, name=f"Persona {i}", organization=f"Org {i}", tags=["x", f"t{i}"])
    auth_client.get(reverse("contacts.list"))  # counts the contacts, kept for the next ones
    # session, user, the network version (the count kept under it), the page's ids, those
    # contacts with their organizations, their tags, the tag filter list
    with django_assert_num_queries(7):
        response = auth_client.get(reverse("contacts.list"))
    assert response.status_code == 200


def test_contact_list_deep_page_keeps_name_order(auth_client, user):
    for i in reversed(range(55)):
        make_contact(user, name=f"Persona {i:02d}", organization=f"Org {i}", tags=[f"t{i}"])
    response = auth_client.get(reverse("contacts.list"), {"page": "2"})
    page = response.context["page"]
    assert [(c.name, c.line) for c in page] == [
        (f"Persona {i:02d}", f"Org {i}") for i in range(50, 55)
    ]
    assert [c.tags for c in page] == [[f"t{i}"] for i in range(50, 55)]
    assert '<small>Org 54</small>\n      <span class="tag">t54</span>' in response.content.decode()
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (2, 55, 2)


def test_contact_list_page_out_of_range_shows_the_last(auth_client, user):
    for i in range(55):
        make_contact(user, name=f"Persona {i:02d}")
    response = auth_client.get(reverse("contacts.list"), {"page": "99"})
    page = response.context["page"]
    assert (page.number, [c.name for c in page]) == (2, [f"Persona {i}" for i in range(50, 55)])


def test_contact_list_search_counts_from_the_ids_it_read(
    auth_client, user, django_assert_num_queries
):
    for i in range(60):
        make_contact(user, name=f"Núñez {i:02d}")
    make_contact(user, name="Gómez")
    # session, user, the matching ids (their number is the count), those contacts, their
    # tags, the tag filter list: no COUNT over the contacts
    with django_assert_num_queries(6):
        response = auth_client.get(reverse("contacts.list"), {"q": "nunez", "page": "2"})
    page = response.context["page"]
    assert (page.paginator.count, [c.name for c in page]) == (
        60,
        [f"Núñez {i}" for i in range(50, 60)],
    )


def test_contact_create_validates_email_and_normalises_phone(auth_client, user):
    data = {"name": "Íñigo", "emails": "inigo@example.org\nno-es-email", "phones": "612345678"}
    response = auth_client.post(reverse("contacts.create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "emails": ["«no-es-email» no es una dirección de correo válida."]
    }
    assert Contact.objects.for_user(user).count() == 0

    data["emails"] = "inigo@example.org"
    response = auth_client.post(reverse("contacts.create"), data)
    contact = Contact.objects.for_user(user).get()
    assert response.url == reverse("contacts.detail", kwargs={"contact_id": contact.pk})
    assert contact.phones == ["+34 612 34 56 78"]
    assert contact.emails == ["inigo@example.org"]


def test_contact_create_rejects_a_phone_that_is_not_one(auth_client, user):
    response = auth_client.post(reverse("contacts.create"), {"name": "X", "phones": "llámame"})
    assert response.context["form"].errors == {"phones": ["«llámame» no es un número de teléfono."]}


def test_contact_create_saves_offers_and_needs_as_rows(auth_client, user):
    auth_client.post(
        reverse("contacts.create"),
        {
            "name": "Lucía",
            "organization": "Estudio Lucía",
            "offers": "diseño web\nidentidad visual\n",
            "needs": "clientes en turismo",
            "tags": "diseño, clientes",
        },
    )
    contact = Contact.objects.for_user(user).get()
    assert [o.text for o in contact.offers.all()] == ["diseño web", "identidad visual"]
    assert [n.text for n in contact.needs.all()] == ["clientes en turismo"]
    assert sorted(t.name for t in contact.tags.all()) == ["clientes", "diseño"]
    assert contact.organization.name == "Estudio Lucía"


def test_contact_edit_keeps_unchanged_offer_rows(auth_client, user):
    contact = make_contact(user, name="Lucía", offers=["diseño web", "logos"])
    kept = contact.offers.get(text="diseño web").pk
    auth_client.post(
        reverse("contacts.edit", kwargs={"contact_id": contact.pk}),
        {"name": "Lucía Ruiz", "offers": "diseño web\nfotografía"},
    )
    contact.refresh_from_db()
    assert contact.name == "Lucía Ruiz"
    assert [(o.pk == kept, o.text) for o in contact.offers.all()] == [
        (True, "diseño web"),
        (False, "fotografía"),
    ]


def test_contact_detail_shows_timeline_and_ties(auth_client, user):
    ana = make_contact(user, name="Ana", phones=["612345678"])
    bea = make_contact(user, name="Bea")
    auth_client.post(
        reverse("ties.create", kwargs={"contact_id": ana.pk}),
        {"other": "bea", "strength": "0.8", "how": "compañeras de facultad"},
    )
    auth_client.post(
        reverse("interactions.create", kwargs={"contact_id": ana.pk}),
        {
            "kind": "call",
            "direction": "gave",
            "date": "2026-03-13",
            "summary": "Le pasé un contacto",
        },
    )
    response = auth_client.get(reverse("contacts.detail", kwargs={"contact_id": ana.pk}))
    assert [(t.strength, t.how, o.name) for t, o in response.context["ties"]] == [
        (0.8, "compañeras de facultad", "Bea")
    ]
    assert [(i.kind, i.direction, i.date, i.summary) for i in response.context["timeline"]] == [
        ("call", "gave", date(2026, 3, 13), "Le pasé un contacto")
    ]
    html = response.content.decode()
    assert "+34 612 34 56 78" in html
    assert Tie.objects.for_user(user).get().a == ana
    assert bea.pk > ana.pk


def test_contact_detail_lists_ties_from_both_ends_strongest_first(auth_client, user, other_user):
    ana, bea, cris = (make_contact(user, name=n) for n in ("Ana", "Bea", "Cris"))
    people_services.tie_create(owner=user, a=ana, b=bea, strength=0.3, how="vecinas")
    people_services.tie_create(owner=user, a=bea, b=cris, strength=0.9, how="socias")
    people_services.tie_create(owner=user, a=ana, b=cris, strength=0.5, how="")
    response = auth_client.get(reverse("contacts.detail", kwargs={"contact_id": bea.pk}))
    assert [(t.strength, t.how, o.name) for t, o in response.context["ties"]] == [
        (0.9, "socias", "Cris"),
        (0.3, "vecinas", "Ana"),
    ]


def test_quick_add_creates_contact_met_today_with_a_meeting(auth_client, user):
    response = auth_client.post(
        reverse("contacts.quick_add"),
        {"name": "Íñigo Muñoz", "where": "Desayuno Cámara", "line": "Busca contable"},
    )
    assert response.url == reverse("contacts.quick_add")
    contact = Contact.objects.for_user(user).get()
    today = timezone.localdate()
    assert (contact.name, contact.met_on, contact.met_where, contact.notes) == (
        "Íñigo Muñoz",
        today,
        "Desayuno Cámara",
        "Busca contable",
    )
    meeting = Interaction.objects.for_user(user).get()
    assert (meeting.kind, meeting.date, meeting.summary) == ("meeting", today, "Desayuno Cámara")
    # The place is remembered for the next person met at the same event.
    response = auth_client.get(reverse("contacts.quick_add"))
    assert response.context["form"].initial["where"] == "Desayuno Cámara"


def test_contact_delete_removes_it(auth_client, user):
    contact = make_contact(user, name="Borrable")
    response = auth_client.post(reverse("contacts.delete", kwargs={"contact_id": contact.pk}))
    assert response.url == reverse("contacts.list")
    assert Contact.objects.for_user(user).count() == 0


def test_tie_to_an_ambiguous_name_is_refused(auth_client, user):
    ana = make_contact(user, name="Ana")
    make_contact(user, name="José")
    make_contact(user, name="Jose")
    auth_client.post(reverse("ties.create", kwargs={"contact_id": ana.pk}), {"other": "jose"})
    assert Tie.objects.for_user(user).count() == 0


def test_profile_saves_my_offers_needs_and_pitch(auth_client, user):
    auth_client.post(
        reverse("web.profile"),
        {
            "display_name": "Ana Ruiz",
            "does": "Consultora de marketing",
            "offers": "estrategia de contenidos\nformación en redes sociales",
            "needs": "un abogado mercantil",
            "pitch": "Ayudo a pymes a vender más.",
        },
    )
    user.refresh_from_db()
    assert (user.name, user.does, user.pitch) == (
        "Ana Ruiz",
        "Consultora de marketing",
        "Ayudo a pymes a vender más.",
    )
    response = auth_client.get(reverse("web.dashboard"))
    assert response.context["summary"].my_offers == [
        "estrategia de contenidos",
        "formación en redes sociales",
    ]
    assert response.context["summary"].my_needs == ["un abogado mercantil"]


def test_api_token_is_created_and_replaced_from_the_profile(auth_client, user):
    assert auth_client.get(reverse("web.profile")).context["api_token"] is None
    auth_client.post(reverse("web.api_token_renew"))
    first = auth_client.get(reverse("web.profile")).context["api_token"]
    auth_client.post(reverse("web.api_token_renew"))
    second = auth_client.get(reverse("web.profile")).context["api_token"]
    assert len(first) == 40
    assert second != first
    response = auth_client.get(reverse("api.profile"), HTTP_AUTHORIZATION=f"Token {first}")
    assert response.status_code == 401
    page = auth_client.get(reverse("web.profile")).content.decode()
    assert "<title>Mi perfil · Vínculo</title>" in page
    assert page.count("<h2>Acceso a la API</h2>") == 1
