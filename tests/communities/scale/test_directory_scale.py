"""The directory of a large community: the generated community is what the app would
have written, pages are read in two steps with the same members and order as the plain
search, and on PostgreSQL the search is answered from the trigram indexes."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from benchmarks import communities_scale as scale
from vinculo.communities import selectors, services
from vinculo.communities.enums import Visibility
from vinculo.communities.models import MemberNeed, MemberOffer, Membership, Workspace
from vinculo.engines.text import fold

from ..conftest import english_client

pytestmark = pytest.mark.django_db

MEMBERS = 45


@pytest.fixture
def community():
    scale.generate(members=MEMBERS, seed=5, password="x" * 12)
    workspace = Workspace.objects.get(slug=scale.SLUG)
    viewer = Membership.objects.get(workspace=workspace, user__username=scale.VIEWER)
    return workspace, viewer


def ordered_names(workspace) -> list[str]:
    return list(
        Membership.objects.filter(workspace=workspace)
        .order_by("name", "pk")
        .values_list("name", flat=True)
    )


def test_generated_members_are_written_as_the_app_writes_them(community):
    workspace, _viewer = community
    members = Membership.objects.filter(workspace=workspace, user__username__startswith="scale-m")
    assert members.count() == MEMBERS
    assert Membership.objects.filter(workspace=workspace).count() == MEMBERS + 2
    for member in members:
        stored = (member.search_text, member.sector_folded, member.city_folded)
        services._refresh_search(member)  # reads the offers and needs from the database
        assert (member.search_text, member.sector_folded, member.city_folded) == stored
        assert 1 <= MemberOffer.objects.filter(membership=member).count() <= 3
        assert 1 <= MemberNeed.objects.filter(membership=member).count() <= 2
    assert get_user_model().objects.filter(username__startswith="scale-m").count() == MEMBERS
    # Some fields are hidden from the directory, as members choose.
    assert members.exclude(city_visibility=Visibility.MEMBERS).exists()


def test_a_generated_member_is_found_without_accents(community):
    workspace, viewer = community
    member = (
        Membership.objects.filter(workspace=workspace, user__username__startswith="scale-m")
        .order_by("pk")
        .first()
    )
    surname = member.name.split()[-1]
    found = selectors.directory_search(viewer=viewer, query=surname.upper())
    assert member in list(found)
    assert all(fold(surname) in m.search_text for m in found)


@pytest.mark.parametrize("two_steps_from", [0, 200])
@pytest.mark.parametrize("number", [1, 2, 3])
def test_directory_pages_hold_the_members_of_the_plain_order(community, number, two_steps_from):
    workspace, viewer = community
    paginator = selectors.DirectoryPaginator(
        selectors.directory_search(viewer=viewer), selectors.DIRECTORY_PAGE_SIZE
    )
    paginator.two_steps_from = two_steps_from
    page = paginator.get_page(number)
    expected = ordered_names(workspace)[(number - 1) * 20 : number * 20]
    assert [m.name for m in page.object_list] == expected
    assert page.paginator.count == MEMBERS + 2
    assert page.paginator.num_pages == 3
    assert len(expected) == (20 if number < 3 else 7)


def test_directory_page_in_the_browser_shows_the_third_page(community):
    workspace, _viewer = community
    client = english_client(get_user_model().objects.get(username=scale.VIEWER))
    url = reverse("communities.directory", kwargs={"workspace_slug": workspace.slug})
    response = client.get(url, {"page": 3})
    assert response.status_code == 200
    shown = [card.name for card in response.context["cards"]]
    assert shown == ordered_names(workspace)[40:47]
    assert "Page 3 of 3" in response.content.decode()


def test_a_filtered_page_keeps_the_filter_and_the_prefetched_items(
    community, django_assert_num_queries
):
    _workspace, viewer = community
    members = selectors.directory_search(viewer=viewer, offer="a")
    expected = [m.name for m in members][:20]
    assert expected  # every generated offer has an "a"
    paginator = selectors.DirectoryPaginator(members, 20)
    paginator.two_steps_from = 0  # read as a deep page is
    paginator.count  # noqa: B018 - counted once, before the page
    # The ids of the page, the members, their offers, their needs.
    with django_assert_num_queries(4):
        page = paginator.get_page(1)
        cards = selectors.directory_cards(viewer=viewer, members=page.object_list)
    assert [c.name for c in cards] == expected
    by_name = {m.name: m for m in members}
    for card in cards:
        if card.offers is not None:
            assert card.offers == [o.text for o in by_name[card.name].offers.all()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the indexes are PostgreSQL's")
def test_postgresql_answers_the_directory_from_its_indexes(community):
    _workspace, viewer = community
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename LIKE 'communities_%'")
        present = {name for (name,) in cursor.fetchall()}
    assert set(scale.TRIGRAM_INDEXES) | {"communities_member_directory_order"} <= present

    def plan(queryset) -> str:
        """The plan when nothing but an index can answer: no full scan, no sort."""
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            for setting in ("enable_seqscan", "enable_indexscan", "enable_sort"):
                cursor.execute(f"SET LOCAL {setting} = off")
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())

    # The lookups directory_search makes (LIKE on the folded columns), one per index.
    members = Membership.objects.all()
    assert "communities_member_search_trgm" in plan(members.filter(search_text__contains="garcia"))
    assert "communities_member_sector_trgm" in plan(members.filter(sector_folded__contains="tec"))
    assert "communities_member_city_trgm" in plan(members.filter(city_folded__contains="sevilla"))
    assert "communities_offer_folded_trgm" in plan(
        MemberOffer.objects.filter(folded__contains="diseno")
    )
    assert "communities_need_folded_trgm" in plan(
        MemberNeed.objects.filter(folded__contains="abogado")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off")
    page_ids = (
        selectors.directory_search(viewer=viewer).prefetch_related(None).values_list("pk")[:20]
    )
    assert "communities_member_directory_order" in plan(page_ids)


def test_the_count_stops_at_its_limit_and_the_pages_with_it(community):
    workspace, viewer = community
    paginator = selectors.DirectoryPaginator(selectors.directory_search(viewer=viewer), 20)
    paginator.count_limit = 30
    paginator.two_steps_from = 20
    assert (paginator.count, paginator.more, paginator.num_pages) == (30, True, 2)
    assert [m.name for m in paginator.get_page(2).object_list] == ordered_names(workspace)[20:30]
    assert [m.name for m in paginator.get_page(9).object_list] == ordered_names(workspace)[20:30]
    exact = selectors.DirectoryPaginator(selectors.directory_search(viewer=viewer), 20)
    exact.count_limit = MEMBERS + 2
    assert (exact.count, exact.more) == (MEMBERS + 2, False)


def test_a_large_directory_says_there_are_more_members(community, monkeypatch):
    workspace, _viewer = community
    monkeypatch.setattr(selectors.DirectoryPaginator, "count_limit", 40)
    client = english_client(get_user_model().objects.get(username=scale.VIEWER))
    url = reverse("communities.directory", kwargs={"workspace_slug": workspace.slug})
    page = client.get(url).content.decode()
    assert "More than 40 members: search or filter to find the others." in page
    assert "Page 1 of 2" in page
    assert "47 members" not in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting")
def test_postgresql_prices_random_reads_as_on_ssds():
    # At PostgreSQL's default (4.0), "up to 1,001 members who offer SEO" is planned as a
    # scan of every member instead of a read of the trigram index.
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)
