"""The directory's rows and its offer and need filters: the members' folded offers and
needs kept on the membership row by the services that write them, never matching for a
viewer who may not see them, and each directory row worked out once in the selector."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import translation

from benchmarks import communities_scale as scale
from vinculo.communities import selectors, services
from vinculo.communities.models import Membership, Workspace

from .conftest import english_client

pytestmark = pytest.mark.django_db

fill = importlib.import_module("vinculo.communities.migrations.0004_membership_offers_needs_folded")


def names(viewer, **filters) -> list[str]:
    return [m.name for m in selectors.directory_search(viewer=viewer, **filters)]


def folded(member: Membership) -> tuple[str, str]:
    member.refresh_from_db()
    return member.offers_folded, member.needs_folded


def test_profile_update_keeps_the_folded_offers_and_needs_on_the_row(world):
    assert folded(world.pedro) == ("diseno web para despachos", "clientes en sevilla")
    services.profile_update(
        membership=world.pedro, offers=["Fotografía de producto", "  Diseño   web "], needs=[]
    )
    assert folded(world.pedro) == ("fotografia de producto\ndiseno web", "")
    services.profile_update(membership=world.pedro, needs=["Un Abogado"])
    assert folded(world.pedro) == ("fotografia de producto\ndiseno web", "un abogado")
    # Other fields change, the items stay (and a hidden field keeps them too).
    services.profile_update(membership=world.pedro, name="Pedro R.", visibility={"offers": "me"})
    assert folded(world.pedro) == ("fotografia de producto\ndiseno web", "un abogado")


def test_filters_follow_edits_of_offers_and_needs(world):
    services.profile_update(membership=world.pedro, offers=["Fotografía de producto"])
    assert names(world.mj, offer="fotografia") == ["Pedro Ruiz"]
    assert names(world.mj, offer="despachos") == []
    services.profile_update(membership=world.pedro, needs=["un abogado mercantil"])
    assert names(world.mj, need="mercantil abogado") == ["Pedro Ruiz"]
    assert names(world.mj, need="clientes") == []


def test_words_of_a_filter_may_come_from_different_offers(world):
    services.profile_update(membership=world.pedro, offers=["fotografía", "contabilidad"])
    assert names(world.mj, offer="contabilidad fotografia") == ["Pedro Ruiz"]
    # A word never runs from the end of one offer into the next.
    assert names(world.mj, offer="fotografiacontabilidad") == []
    assert names(world.mj, offer="fotografia contabilidad mentoria") == []


@pytest.mark.parametrize(
    ("level", "seen_by"),
    [
        ("members", ["ana", "olga", "mj", "pedro"]),
        ("organisers", ["ana", "olga", "pedro"]),
        ("me", ["pedro"]),
    ],
)
def test_a_hidden_offer_or_need_never_matches_for_who_may_not_see_it(world, level, seen_by):
    services.profile_update(
        membership=world.pedro,
        offers=["traducción jurada"],
        needs=["un traductor jurado"],
        visibility={"offers": level, "needs": level},
    )
    for viewer in ("ana", "olga", "mj", "pedro"):
        expected = ["Pedro Ruiz"] if viewer in seen_by else []
        member = getattr(world, viewer)
        assert names(member, offer="traduccion") == expected
        assert names(member, need="traductor") == expected
    # Nor in another community, whatever its members offer.
    assert names(world.berta, offer="traduccion") == []


def test_hiding_offers_after_the_fact_hides_them_from_the_filter(world):
    assert names(world.mj, offer="despachos") == ["Pedro Ruiz"]
    services.profile_update(membership=world.pedro, visibility={"offers": "organisers"})
    assert names(world.mj, offer="despachos") == []
    assert names(world.olga, offer="despachos") == ["Pedro Ruiz"]


def test_the_migration_fills_the_folded_columns_from_the_stored_items(world):
    expected = {m.pk: folded(m) for m in (world.olga, world.mj, world.pedro, world.berta)}
    Membership.objects.update(offers_folded="", needs_folded="")
    editor = type("Editor", (), {"connection": connection})()

    fill.folded_fill(apps, editor)

    for member in (world.olga, world.mj, world.pedro, world.berta):
        assert folded(member) == expected[member.pk]
    assert expected[world.mj.pk] == ("contratos entre socios", "un disenador para su web")
    assert folded(world.ana) == ("", "")


def test_directory_rows_hold_what_the_viewer_may_see(world):
    member_url = reverse(
        "communities.member", kwargs={"workspace_slug": world.slug, "member_id": 4321}
    ).replace("4321", "{id}")
    members = selectors.directory_search(viewer=world.pedro)
    with translation.override("en"):
        rows = selectors.directory_rows(viewer=world.pedro, members=members, member_url=member_url)
    base = f"/communities/{world.slug}/members"
    assert rows == [
        selectors.DirectoryRow(
            id=world.ana.pk,
            name="Ana García",
            url=f"{base}/{world.ana.pk}/",
            role_label="owner",
            does="Dirijo el cowork",
            place="",
            offers="",
            needs="",
        ),
        selectors.DirectoryRow(
            id=world.mj.pk,
            name="María José Núñez",
            url=f"{base}/{world.mj.pk}/",
            role_label="",
            does="Abogada de contratos",
            place="Legal · Sevilla",
            offers="contratos entre socios",
            needs="",  # for organisers only
        ),
        selectors.DirectoryRow(
            id=world.olga.pk,
            name="Olga Pérez",
            url=f"{base}/{world.olga.pk}/",
            role_label="organiser",
            does="",
            place="Legal · Córdoba",
            offers="mentoría para abogados",
            needs="",
        ),
        selectors.DirectoryRow(
            id=world.pedro.pk,
            name="Pedro Ruiz",
            url=f"{base}/{world.pedro.pk}/",
            role_label="",
            does="Diseño web",
            place="Diseño · Málaga",  # his city is for himself only: he is the viewer
            offers="diseño web para despachos",
            needs="clientes en Sevilla",
        ),
    ]


def test_directory_rows_for_an_organiser_and_for_another_member(world):
    member_url = "/m/{id}/"
    services.profile_update(
        membership=world.pedro, offers=["diseño web", "logos"], visibility={"offers": "members"}
    )
    members = list(selectors.directory_search(viewer=world.olga, query="pedro"))
    [as_organiser] = selectors.directory_rows(
        viewer=world.olga, members=members, member_url=member_url
    )
    [as_member] = selectors.directory_rows(viewer=world.mj, members=members, member_url=member_url)
    assert (as_organiser.url, as_organiser.place, as_organiser.offers) == (
        f"/m/{world.pedro.pk}/",
        "Diseño",  # Málaga is for Pedro only
        "diseño web; logos",
    )
    assert (as_organiser.needs, as_member.needs) == ("clientes en Sevilla",) * 2
    mj_row = selectors.directory_rows(
        viewer=world.olga,
        members=selectors.directory_search(viewer=world.olga, query="nunez"),
        member_url=member_url,
    )[0]
    assert mj_row.needs == "un diseñador para su web"


def test_directory_page_links_each_member_and_shows_their_card(world):
    client = english_client(world.pedro.user)
    html = client.get(reverse("communities.directory", args=[world.slug])).content.decode()
    base = f"/communities/{world.slug}/members"
    assert (
        f'<li><a href="{base}/{world.olga.pk}/">Olga Pérez</a> <span class="tag">organiser</span>'
        in html
    )
    assert f'<li><a href="{base}/{world.mj.pk}/">María José Núñez</a>\n' in html
    assert "<small>Legal · Sevilla</small>" in html
    assert '<p class="card-items"><strong>Offers:</strong> contratos entre socios</p>' in html
    assert '<p class="card-items"><strong>Needs:</strong> clientes en Sevilla</p>' in html
    assert html.count('<p class="card-items"><strong>Needs:</strong>') == 1


def test_directory_page_follows_the_language_of_the_viewer(world):
    client = english_client(world.pedro.user)
    client.cookies["django_language"] = "es"
    html = client.get(reverse("communities.directory", args=[world.slug])).content.decode()
    assert '<p class="card-items"><strong>Ofrece:</strong> contratos entre socios</p>' in html
    assert 'Olga Pérez</a> <span class="tag">organizador</span>' in html
    assert 'Ana García</a> <span class="tag">propietario</span>' in html


@pytest.fixture
def generated():
    scale.generate(members=30, seed=3, password="x" * 12)
    return Workspace.objects.get(slug=scale.SLUG)


def test_a_generated_community_has_its_folded_items_as_the_app_writes_them(generated):
    members = Membership.objects.filter(workspace=generated, user__username__startswith="scale-m")
    assert members.count() == 30
    for member in members:
        stored = (member.offers_folded, member.needs_folded)
        services._refresh_search(member)
        assert (member.offers_folded, member.needs_folded) == stored
        assert stored[0].count("\n") == member.offers.count() - 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the indexes are PostgreSQL's")
def test_postgresql_answers_the_offer_and_need_filters_from_their_indexes(generated):
    viewer = Membership.objects.get(workspace=generated, user__username=scale.VIEWER)

    def plan(queryset) -> str:
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            for setting in ("enable_seqscan", "enable_indexscan", "enable_sort"):
                cursor.execute(f"SET LOCAL {setting} = off")
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())

    members = Membership.objects.all()
    assert "communities_member_offers_trgm" in plan(members.filter(offers_folded__contains="dis"))
    assert "communities_member_needs_trgm" in plan(members.filter(needs_folded__contains="abog"))
    # The directory's filters are those lookups on the membership row: no join, no EXISTS.
    offer = selectors.directory_search(viewer=viewer, offer="diseno").prefetch_related(None)
    need = selectors.directory_search(viewer=viewer, need="abogado").prefetch_related(None)
    assert '"communities_membership"."offers_folded"::text LIKE' in str(offer.query)
    assert '"communities_membership"."needs_folded"::text LIKE' in str(need.query)
    assert "communities_memberoffer" not in str(offer.query)
    assert "communities_memberneed" not in str(need.query)


def ordered_names(workspace) -> list[str]:
    return list(
        Membership.objects.filter(workspace=workspace)
        .order_by("name", "pk")
        .values_list("name", flat=True)
    )


@pytest.mark.parametrize("two_steps_from", [0, 200])
def test_directory_page_reads_the_plain_order_in_one_or_two_steps(
    generated, monkeypatch, two_steps_from
):
    monkeypatch.setattr(selectors.DirectoryPaginator, "two_steps_from", two_steps_from)
    viewer = Membership.objects.get(workspace=generated, user__username=scale.VIEWER)
    page, rows = selectors.directory_page(viewer=viewer, number=2, member_url="/m/{id}/")
    assert [r.name for r in rows] == ordered_names(generated)[20:32]
    assert [r.url for r in rows] == [f"/m/{m.pk}/" for m in page.object_list]
    assert (page.paginator.count, page.paginator.num_pages, page.number) == (32, 2, 2)


def test_directory_page_reads_a_fixed_number_of_queries(generated, django_assert_num_queries):
    client = english_client(
        Membership.objects.get(workspace=generated, user__username=scale.VIEWER).user
    )
    url = reverse("communities.directory", args=[generated.slug])
    client.get(url)
    # session, user, membership, then: the listing's count and its page; a search's page
    # with its count in one query, its members' fields read with the matches; then the
    # page's offers and needs
    for params, queries in (
        ({}, 6),
        ({"page": 2}, 6),
        ({"offer": "a"}, 5),
        ({"q": "a", "need": "e"}, 5),
    ):
        with django_assert_num_queries(queries):
            response = client.get(url, params)
        assert len(response.context["cards"]) > 0


def test_directory_links_hold_the_member_id_whatever_the_slug(user):
    owner = services.workspace_create(user=user, name="Club 987654321")
    client = english_client(user)
    html = client.get(reverse("communities.directory", args=[owner.workspace.slug])).content
    assert f'href="/communities/club-987654321/members/{owner.pk}/"'.encode() in html
