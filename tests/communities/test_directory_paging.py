"""Pages of a directory search: the page and its count read together from the matches
when there are few, the right members in the directory's order when there are more than
the count shows, and searches of several words found in different fields."""

import pytest
from django.core.paginator import EmptyPage
from django.urls import reverse

from vinculo.communities import selectors, services
from vinculo.communities.models import Membership

from ..factories import UserFactory
from .conftest import api_client, english_client

pytestmark = pytest.mark.django_db


def _member(owner, username: str, **profile):
    member, _new = services.invitation_accept(
        user=UserFactory(username=username),
        invitation=services.invitation_link_create(actor=owner),
    )
    return services.profile_update(membership=member, **profile)


@pytest.fixture
def club(user):
    """A club whose owner, Ana, sees twelve consultants "Ud 00" … "Ud 11", who joined in
    the reverse order of their names (the last in the directory's order is stored first),
    and three members whose profiles share words in different fields."""
    user.display_name = "Ana Owner"
    user.save()
    owner = services.workspace_create(user=user, name="Club de consultores")
    for n in reversed(range(12)):
        _member(owner, f"ud{n:02d}", name=f"Ud {n:02d}", does="Consultoría de procesos")
    _member(
        owner,
        "marin",
        name="Lucía Marín",
        sector="Fotografía",
        city="Málaga",
        offers=["retratos de equipo"],
        needs=["un estudio en Málaga"],
    )
    _member(owner, "marin2", name="Pablo Marín", does="Ebanista", city="Cádiz")
    _member(
        owner,
        "hidden",
        name="Rosa Marín",
        sector="Fotografía",
        visibility={"sector": "organisers"},
    )
    return owner


def ud(*numbers: int) -> list[str]:
    return [f"Ud {n:02d}" for n in numbers]


def paginator(viewer, per_page: int = 20, **search):
    return selectors.DirectoryPaginator(
        selectors.directory_search(viewer=viewer, **search), per_page
    )


def test_a_search_with_few_matches_reads_its_page_with_its_count(club, django_assert_num_queries):
    pages = paginator(club, per_page=5, query="consultoria")
    # The page's members and how many match, in one query; those members by id; their
    # offers; their needs.
    with django_assert_num_queries(4):
        page = pages.get_page(2)
        assert (pages.count, pages.more, pages.num_pages, page.number) == (12, False, 3, 2)
    assert [m.name for m in page.object_list] == ud(5, 6, 7, 8, 9)
    last = paginator(club, per_page=5, query="consultoria").get_page(3)
    assert [m.name for m in last.object_list] == ud(10, 11)


def test_a_search_page_of_named_rows_is_read_with_its_count(club, django_assert_num_queries):
    fields = ("pk", "name", "city")
    pages = selectors.DirectoryPaginator(
        selectors.directory_search(viewer=club, query="marin"), 2, fields=fields
    )
    # The members' fields come with the matches: no second query by id.
    with django_assert_num_queries(1):
        page = pages.get_page(2)
        assert (pages.count, pages.more, pages.num_pages, page.number) == (3, False, 2, 2)
    rosa = Membership.objects.get(workspace=club.workspace, name="Rosa Marín")
    assert list(page.object_list) == [(rosa.pk, "Rosa Marín", "")]
    assert page.object_list[0]._fields == fields
    first = pages.get_page(1).object_list
    assert [(m.name, m.city) for m in first] == [
        ("Lucía Marín", "Málaga"),
        ("Pablo Marín", "Cádiz"),
    ]
    # More matches than the count shows: the page from the directory's order, as rows too.
    more = selectors.DirectoryPaginator(
        selectors.directory_search(viewer=club, query="consultoria"), 2, fields=fields
    )
    more.count_limit = 5
    assert [(m.name, m._fields) for m in more.get_page(2).object_list] == [
        ("Ud 02", fields),
        ("Ud 03", fields),
    ]


def test_a_search_with_more_matches_than_the_count_shows_pages_in_the_directory_order(club):
    # The first members stored (Ud 11, Ud 10 …) are the last in the directory's order: a
    # page must never come from the capped matches, only from every match in order.
    pages = paginator(club, per_page=2, query="consultoria")
    pages.count_limit = 5
    first = pages.get_page(1)
    assert [m.name for m in first.object_list] == ud(0, 1)
    assert (pages.count, pages.more, pages.num_pages) == (5, True, 3)
    again = paginator(club, per_page=2, query="consultoria")
    again.count_limit = 5
    assert [m.name for m in again.get_page(3).object_list] == ud(4)


def test_a_page_past_the_end_or_not_a_number_is_the_last_or_the_first(club):
    past = paginator(club, per_page=5, query="consultoria").get_page(9)
    assert (past.number, [m.name for m in past.object_list]) == (3, ud(10, 11))
    assert past.paginator.count == 12
    wrong = paginator(club, per_page=5, query="consultoria").get_page("x")
    assert (wrong.number, [m.name for m in wrong.object_list]) == (1, ud(0, 1, 2, 3, 4))
    # The API asks for the page as typed: past the end is an error there.
    with pytest.raises(EmptyPage):
        paginator(club, per_page=5, query="consultoria").page("9")
    assert [m.name for m in paginator(club, per_page=5, query="consultoria").page("3")] == ud(
        10, 11
    )


def test_a_search_without_matches_is_one_query(club, django_assert_num_queries):
    pages = paginator(club, query="astronauta")
    with django_assert_num_queries(1):
        page = pages.get_page(1)
    assert (list(page.object_list), pages.count, pages.more, pages.num_pages) == ([], 0, False, 1)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("marin fotografia", ["Lucía Marín"]),  # name and sector
        ("malaga retratos", ["Lucía Marín"]),  # city and offer
        ("estudio lucia", ["Lucía Marín"]),  # need and name
        ("marin", ["Lucía Marín", "Pablo Marín", "Rosa Marín"]),
        ("marin cadiz ebanista", ["Pablo Marín"]),  # name, city and what he does
        ("marin malaga cadiz", []),  # each word in someone, all of them in nobody
        ("rosa fotografia", []),  # her sector is for organisers: a search never shows it
    ],
)
def test_a_search_of_several_words_finds_them_in_different_fields(club, query, found):
    page = paginator(club, query=query).get_page(1)
    assert [m.name for m in page.object_list] == found
    assert page.paginator.count == len(found)


def test_filters_and_words_combine_on_one_page(club):
    page = paginator(club, query="marin", sector="fotografia", city="malaga").get_page(1)
    # Rosa's sector is hidden from plain members, not from the owner: only the city
    # filter leaves her out.
    assert [m.name for m in page.object_list] == ["Lucía Marín"]
    assert [m.name for m in paginator(club, query="marin", sector="fotografia").get_page(1)] == [
        "Lucía Marín",
        "Rosa Marín",
    ]


def test_the_directory_page_and_the_api_show_the_same_search_page(club):
    client = english_client(club.user)
    url = reverse("communities.directory", args=[club.workspace.slug])
    first = client.get(url, {"q": "ud consultoria"})
    assert [card.name for card in first.context["cards"]] == ud(*range(12))
    assert "12 members" in first.content.decode()
    past = client.get(url, {"q": "ud consultoria", "page": 2})  # past the end: the last
    assert [card.name for card in past.context["cards"]] == ud(*range(12))

    api = api_client(club.user)
    members = reverse("api.communities.members", args=[club.workspace.slug])
    assert api.get(members, {"q": "ud consultoria", "page": 2}).status_code == 404
    body = api.get(members, {"q": "marin"}).json()
    assert (body["count"], body["more"]) == (3, False)
    assert [m["name"] for m in body["results"]] == ["Lucía Marín", "Pablo Marín", "Rosa Marín"]
