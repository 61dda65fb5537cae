import pytest
from django.urls import reverse

from tests.factories import make_contact
from vinculo.activity import services as activity_services
from vinculo.people.models import Contact, DuplicateDismissal


@pytest.fixture
def twins(user):
    a = make_contact(
        user, name="José Núñez Peña", organization="Acme", emails=["jose@acme.example"]
    )
    b = make_contact(
        user,
        name="Núñez Peña, José",
        organization="ACME",
        phones=["+34 612 34 56 78"],
        offers=["asesoría fiscal"],
    )
    activity_services.interaction_log(
        owner=user, contact=b, kind="call", direction="mutual", date=b.created_at.date()
    )
    make_contact(user, name="Luis Pérez")
    return a, b


def test_list_page_comes_at_once_and_asks_for_the_pairs(auth_client, twins):
    response = auth_client.get(reverse("duplicates.list"))
    assert response.status_code == 200
    assert "duplicates" not in response.context
    html = response.content.decode()
    assert f'hx-get="{reverse("duplicates.list")}" hx-trigger="load"' in html


def test_list_pairs_as_an_htmx_partial(auth_client, twins):
    a, b = twins
    response = auth_client.get(reverse("duplicates.list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="pairs">')
    assert "<html" not in html
    assert reverse("duplicates.compare", kwargs={"contact_id": a.pk, "other_id": b.pk}) in html


def test_list_shows_the_pairs_with_their_reason(auth_client, twins):
    a, b = twins
    response = auth_client.get(reverse("duplicates.list"), {"now": "1"})
    assert response.status_code == 200
    assert [(d.a.pk, d.b.pk, d.reason) for d in response.context["duplicates"]] == [
        (a.pk, b.pk, "name")
    ]
    assert response.context["count"] == 1
    html = response.content.decode()
    assert reverse("duplicates.compare", kwargs={"contact_id": a.pk, "other_id": b.pk}) in html
    assert "Nombres parecidos en la misma organización" in html or (
        "Close names in the same organization" in html
    )


def test_contacts_list_links_to_duplicates_and_export(auth_client, twins):
    html = auth_client.get(reverse("contacts.list")).content.decode()
    assert f'href="{reverse("duplicates.list")}"' in html
    assert f'href="{reverse("exports.page")}"' in html


def test_compare_shows_both_side_by_side(auth_client, twins):
    a, b = twins
    url = reverse("duplicates.compare", kwargs={"contact_id": a.pk, "other_id": b.pk})
    response = auth_client.get(url)
    assert response.status_code == 200
    assert (response.context["duplicate"].a, response.context["duplicate"].b) == (a, b)
    html = response.content.decode()
    for text in ("jose@acme.example", "+34 612 34 56 78", "asesoría fiscal"):
        assert html.count(text) == 1
    merge = reverse("duplicates.merge", kwargs={"contact_id": a.pk, "other_id": b.pk})
    assert html.count(f'action="{merge}"') == 2  # keep one, or keep the other


def test_merge_keeping_the_second(auth_client, user, twins):
    a, b = twins
    url = reverse("duplicates.merge", kwargs={"contact_id": a.pk, "other_id": b.pk})
    response = auth_client.post(url, {"keep": b.pk})
    assert response.status_code == 302
    assert response["Location"] == b.get_absolute_url()
    assert not Contact.objects.filter(pk=a.pk).exists()
    b.refresh_from_db()
    assert (b.name, b.emails, b.phones) == (
        "Núñez Peña, José",
        ["jose@acme.example"],
        ["+34 612 34 56 78"],
    )
    assert b.interactions.count() == 1
    assert auth_client.get(reverse("duplicates.list"), {"now": "1"}).context["count"] == 0


def test_merge_keeping_the_first_by_default(auth_client, twins):
    a, b = twins
    url = reverse("duplicates.merge", kwargs={"contact_id": a.pk, "other_id": b.pk})
    assert auth_client.post(url).status_code == 302
    assert list(Contact.objects.filter(pk__in=[a.pk, b.pk]).values_list("pk", flat=True)) == [a.pk]


def test_merge_needs_a_post(auth_client, twins):
    a, b = twins
    url = reverse("duplicates.merge", kwargs={"contact_id": a.pk, "other_id": b.pk})
    assert auth_client.get(url).status_code == 405
    assert Contact.objects.filter(pk__in=[a.pk, b.pk]).count() == 2


def test_not_the_same_is_remembered(auth_client, user, twins):
    a, b = twins
    url = reverse("duplicates.dismiss", kwargs={"contact_id": b.pk, "other_id": a.pk})
    response = auth_client.post(url)
    assert (response.status_code, response["Location"]) == (302, reverse("duplicates.list"))
    assert list(DuplicateDismissal.objects.for_user(user).values_list("a_id", "b_id")) == [
        (a.pk, b.pk)
    ]
    assert auth_client.get(reverse("duplicates.list"), {"now": "1"}).context["count"] == 0
    assert Contact.objects.filter(pk__in=[a.pk, b.pk]).count() == 2


def test_a_contact_compared_with_itself_is_not_found(auth_client, twins):
    a, _b = twins
    for name in ("duplicates.compare", "duplicates.merge", "duplicates.dismiss"):
        url = reverse(name, kwargs={"contact_id": a.pk, "other_id": a.pk})
        response = auth_client.post(url) if name != "duplicates.compare" else auth_client.get(url)
        assert response.status_code == 404
    assert Contact.objects.filter(pk=a.pk).exists()


def test_another_users_contact_cannot_be_merged(auth_client, other_user, twins):
    a, _b = twins
    stranger = make_contact(other_user, name="José Núñez Peña", organization="Acme")
    for contact_id, other_id in ((a.pk, stranger.pk), (stranger.pk, a.pk)):
        url = reverse("duplicates.merge", kwargs={"contact_id": contact_id, "other_id": other_id})
        assert auth_client.post(url, {"keep": a.pk}).status_code == 404
        url = reverse("duplicates.compare", kwargs={"contact_id": contact_id, "other_id": other_id})
        assert auth_client.get(url).status_code == 404
    assert Contact.objects.filter(pk__in=[a.pk, stranger.pk]).count() == 2
