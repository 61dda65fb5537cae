"""The organisers' page and the API's member directory read members a page at a time, as
the web directory does: never every member at once, and a count that stops at a limit."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vinculo.communities import selectors, services

from ..factories import UserFactory
from .conftest import api_client, english_client

pytestmark = pytest.mark.django_db

PAGE = 20


@pytest.fixture
def crowd(user):
    """Club Grande: Ana (owner) and 59 members, "Miembro 01" to "Miembro 59"; by name, Ana
    comes first. Returns the owner's membership and every member's id in directory order."""
    user.display_name = "Ana García"
    user.save()
    owner = services.workspace_create(user=user, name="Club Grande")
    link = services.invitation_link_create(actor=owner)
    ids = [owner.pk]
    for n in range(1, 60):
        member, _new = services.invitation_accept(
            user=UserFactory(username=f"miembro{n:02d}"), invitation=link
        )
        services.profile_update(membership=member, name=f"Miembro {n:02d}")
        ids.append(member.pk)
    return owner, ids


@pytest.fixture
def small_cap(monkeypatch):
    """Counting stops at 50 members instead of 1,000."""
    monkeypatch.setattr(selectors.DirectoryPaginator, "count_limit", 50)


def _manage(owner, **params):
    url = reverse("communities.manage", args=[owner.workspace.slug])
    return english_client(owner.user).get(url, params)


def _shown(response) -> tuple[list[int], str, str]:
    """The member ids listed, the count line and the pager's words."""
    html = response.content.decode()
    section = re.search(r'<section id="members">(.*?)</section>', html, re.S).group(1)
    ids = [int(pk) for pk in re.findall(r'href="/communities/club-grande/members/(\d+)/"', section)]
    count = re.search(r'<p class="muted" id="member-count">(.*?)</p>', section, re.S).group(1)
    pager = re.search(r'<nav class="pager".*?</nav>', section, re.S)
    words = " ".join(re.sub(r"<[^>]+>", " ", pager.group(0)).split()) if pager else ""
    return ids, count, words


def test_the_manage_page_lists_the_members_a_page_at_a_time(crowd):
    owner, ids = crowd

    pages = [_shown(_manage(owner, page=n)) for n in (1, 2, 3)]

    assert pages == [
        (ids[0:20], "60 members", "Page 1 of 3 Next →"),
        (ids[20:40], "60 members", "← Previous Page 2 of 3 Next →"),
        (ids[40:60], "60 members", "← Previous Page 3 of 3"),
    ]


def test_the_manage_page_count_stops_at_the_limit(crowd, small_cap):
    owner, ids = crowd

    first, last = _shown(_manage(owner)), _shown(_manage(owner, page=3))

    more = "More than 50 members: search or filter to find the others."
    assert first == (ids[0:20], more, "Page 1 of 3 Next →")
    assert last == (ids[40:50], more, "← Previous Page 3 of 3")


def test_the_manage_page_searches_members_and_keeps_the_search_in_its_pages(crowd):
    owner, ids = crowd

    one = _shown(_manage(owner, q="miembro 07"))
    response = _manage(owner, q="miembro", page=2)

    assert one == ([ids[7]], "1 member", "")
    assert _shown(response) == (ids[21:41], "59 members", "← Previous Page 2 of 3 Next →")
    assert 'href="?q=miembro&amp;page=3"' in response.content.decode()


def _directory(owner, **params):
    url = reverse("api.communities.members", args=[owner.workspace.slug])
    return api_client(owner.user).get(url, params)


def test_the_api_directory_reads_a_page_at_a_time(crowd):
    owner, ids = crowd
    base = "http://testserver/api/v1/communities/club-grande/members/"

    pages = [_directory(owner, page=n).json() for n in (1, 2, 3)]

    assert [[m["id"] for m in page["results"]] for page in pages] == [
        ids[0:20],
        ids[20:40],
        ids[40:60],
    ]
    assert [(p["count"], p["more"], p["next"], p["previous"]) for p in pages] == [
        (60, False, f"{base}?page=2", None),
        (60, False, f"{base}?page=3", base),
        (60, False, None, f"{base}?page=2"),
    ]
    assert _directory(owner, page=4).status_code == 404


def test_the_api_directory_count_stops_at_the_limit(crowd, small_cap):
    owner, ids = crowd

    first, last = _directory(owner).json(), _directory(owner, page=3).json()

    assert (first["count"], first["more"], [m["id"] for m in first["results"]]) == (
        50,
        True,
        ids[0:20],
    )
    assert (last["next"], [m["id"] for m in last["results"]]) == (None, ids[40:50])
    filtered = _directory(owner, q="miembro 5").json()
    assert (filtered["count"], filtered["more"]) == (15, False)


def test_a_page_of_the_manage_page_reads_the_same_queries_as_the_first(
    crowd, django_assert_num_queries
):
    owner, _ids = crowd
    client = english_client(owner.user)
    url = reverse("communities.manage", args=[owner.workspace.slug])
    client.get(url)  # the session settles

    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url, {"page": 3})
