"""Member introductions computed by real worker processes (``vinculo worker``), in chunks."""

import pytest
from django_tasks_db.models import DBTaskResult

from tests.tasks.conftest import wait_until
from vinculo.communities import services
from vinculo.communities.models import MemberMatch

from .conftest import join

pytestmark = pytest.mark.django_db(transaction=True)

CHUNK_TASK = "vinculo.communities.tasks.member_matches_chunk"
EXPECTED = [
    ("Lucía Gómez", "un diseñador para mi web", "Marta Ruiz", "diseño web para despachos"),
    ("Lucía Gómez", "un diseñador para mi web", "Tom Baker", "web design for small firms"),
    ("Olga Pérez", "traducción al inglés", "Pedro Sanz", "English translation of documents"),
    ("Tom Baker", "a tax advisor", "Lucía Gómez", "asesoría fiscal para autónomos"),
]


def pairs() -> list[tuple[str, str, str, str]]:
    return [
        (m.needer.name, m.need.text, m.offerer.name, m.offer.text)
        for m in MemberMatch.objects.order_by("needer__name", "-score")
    ]


def all_done() -> bool:
    """Every task of introductions ended (other parts queue work of their own, such as a
    digest that enqueues its next run)."""
    return not DBTaskResult.objects.filter(
        task_path__startswith="vinculo.communities.tasks.", finished_at__isnull=True
    ).exists()


def chunk_outcomes() -> list[tuple]:
    return [
        (r.status, len(r.worker_ids), r.args_kwargs["kwargs"]["first_id"], r.return_value)
        for r in DBTaskResult.objects.filter(task_path=CHUNK_TASK).order_by(
            "args_kwargs__kwargs__first_id"
        )
    ]


def test_a_worker_computes_every_chunk(red, start_workers):
    MemberMatch.objects.all().delete()
    assert services.member_matches_refresh(workspace=red.workspace, chunk_size=1) == 3
    start_workers(1)
    wait_until(all_done, "the chunks to be computed")
    assert pairs() == EXPECTED
    needers = sorted([red.olga.pk, red.lucia.pk, red.tom.pk])
    per_needer = {red.olga.pk: 1, red.lucia.pk: 2, red.tom.pk: 1}
    assert chunk_outcomes() == [
        ("SUCCESSFUL", 1, first, per_needer[needer])
        for first, needer in zip([0, needers[1], needers[2]], needers, strict=True)
    ]


def test_two_workers_share_the_chunks_and_none_is_done_twice(red, start_workers):
    for n in range(8):
        member = join(red.ana, f"socia{n}")
        services.profile_update(
            membership=member, name=f"Socia {n}", needs=[f"asesoría fiscal para mi tienda {n}"]
        )
    MemberMatch.objects.all().delete()
    assert services.member_matches_refresh(workspace=red.workspace, chunk_size=2) == 6
    start_workers(2)
    wait_until(all_done, "the chunks to be computed")
    outcomes = chunk_outcomes()
    assert [(status, runs) for status, runs, _first, _rows in outcomes] == [("SUCCESSFUL", 1)] * 6
    # 8 new needs met by Lucía's offer, and the 4 pairs of the community.
    assert sum(rows for _s, _r, _f, rows in outcomes) == 12
    assert MemberMatch.objects.count() == 12
    assert MemberMatch.objects.filter(offerer=red.lucia).count() == 9
