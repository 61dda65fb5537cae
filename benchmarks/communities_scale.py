"""A community of 100,000 members: generate it, time its directory search, time the
member introductions computed by background workers.

    python -m benchmarks.communities_scale generate --members 100000 [--seed 1]
    python -m benchmarks.communities_scale search [--requests 200] [--baseline] [--explain]
    python -m benchmarks.communities_scale search-server [--clients 1,2,4] [--requests 100]
    python -m benchmarks.communities_scale workers [--processes 1,2] [--chunk-size 2000]
    python -m benchmarks.communities_scale profile-chunk [--chunk-size 2000]

Run it against PostgreSQL (``DATABASE_URL``) in a database of its own; SQLite works too,
more slowly. Each command uses the database of the current ``VINCULO_HOME`` /
``DATABASE_URL``.

``generate`` writes one workspace (``scale-bench``), its owner ``scale`` (password
``vinculo-bench-2026`` unless ``--password``), a plain member ``scale-viewer`` from whose
eyes the directory is measured, and ``--members`` more members, each a user of their own
with a community profile: Spanish and English names with their accents, a sector, a city
(Spain, Latin America, the UK, the US), what they do, a pitch, three offers and two needs
(the vocabularies of ``benchmarks.generate``), some fields shown to organisers only or to
nobody. The folded columns come from the app's own ``fold_words`` and
``communities.services._refresh_search``, so the rows are what the app itself would have
written. Users, members, offers and needs go in with PostgreSQL's ``COPY`` (SQLite: one
``executemany`` per batch), inside one transaction.

``search`` asks for the directory page (``/communities/scale-bench/directory/``) through
Django's test client in this process, logged in as ``scale-viewer``: the whole Django
stack (middleware, view, template) and the database on its socket, without an HTTP
server in front, in a process set up as the server's workers are (``vinculo.wsgi``: the
views loaded, then the garbage collector's freeze). It reports, per kind of search (text,
each filter, no filter, a deep page), the wall time and the CPU time of this process for
each request: p50 / p95 / max over ``--requests`` requests after a warm-up, and the load
average after each kind. "text search, as typed" asks for the same searches as the search
box does while one types (htmx): the list of results alone, without the page around it.
``--baseline`` measures the same requests inside a transaction that drops the indexes of
migrations communities 0003 and 0004 first (trigrams and the directory's order) and is
rolled back after: the search as it was before them. ``--before`` measures each request
with the paging as it was before a search's page and count were read together
(``count_first_paging``) and as it is, one right after the other. ``--explain`` prints
PostgreSQL's plan of each kind's queries (EXPLAIN ANALYZE), then the execution time of
each query of every distinct request.

``search-server`` asks for the same pages through the production server instead: it
starts ``vinculo serve`` (gunicorn, its workers and threads as deployed) on a free port,
logs ``--clients`` people in over HTTP as ``scale-viewer``, and has them ask at once, each
their next page as soon as the last one answered (a round over every kind, ``--requests``
rounds after ``--warmup`` uncounted ones, each client starting at another search). Per
number of clients (``--clients 1,2,4``, one step each): the wall time of each request as
its client waited for it (loopback HTTP included), p50 / p95 / max per kind, and the
requests per second of the whole step. The clients run in this process, on the same
machine as the server and PostgreSQL.

``workers`` times computing the member introductions of the whole workspace: it clears
their tasks, calls ``communities.services.member_matches_refresh`` (one task per chunk of
members), starts ``vinculo worker --processes N`` and waits until the last task of the
batch is done, for each N of ``--processes``. ``profile-chunk`` runs one chunk in this
process under cProfile, after the matching index it needs. Every result goes to
benchmarks/data/communities_scale.json (not committed).
"""

import argparse
import contextlib
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vinculo.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max, Min  # noqa: E402

from benchmarks.generate import (  # noqa: E402
    CITIES,
    DOES,
    NEEDS,
    OFFERS,
    TITLES,
    Generator,
    ascii_slug,
    insert_rows,
)
from benchmarks.load import group_cpu_seconds, machine_cpu_seconds  # noqa: E402
from benchmarks.pages import (  # noqa: E402
    Browser,
    free_port,
    machine,
    start_server,
    stop,
    wait_for,
)
from vinculo.communities.enums import VISIBLE_FIELDS, Role, Visibility  # noqa: E402
from vinculo.communities.models import (  # noqa: E402
    MemberNeed,
    MemberOffer,
    Membership,
    Workspace,
)
from vinculo.communities.services import _refresh_search  # noqa: E402
from vinculo.engines.text import fold_words  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SLUG = "scale-bench"
OWNER = "scale"
VIEWER = "scale-viewer"
MEMBER_PREFIX = "scale-m"  # the generated members' usernames
DEFAULT_PASSWORD = "vinculo-bench-2026"  # a throwaway account on a throwaway database
BATCH = 10_000

SECTORS = {
    "es": (
        "Tecnología",
        "Turismo y hostelería",
        "Alimentación",
        "Educación",
        "Salud",
        "Consultoría",
        "Diseño y creatividad",
        "Comunicación y marketing",
        "Finanzas",
        "Derecho",
        "Construcción",
        "Energía",
        "Logística",
        "Comercio",
        "Economía social",
        "Agricultura",
        "Industria",
        "Inmobiliaria",
    ),
    "en": (
        "Technology",
        "Hospitality",
        "Food and drink",
        "Education",
        "Healthcare",
        "Consulting",
        "Design",
        "Marketing",
        "Finance",
        "Legal",
        "Construction",
        "Energy",
        "Logistics",
        "Retail",
        "Non-profit",
        "Manufacturing",
        "Real estate",
    ),
}
PITCHES = {
    "es": (
        "{title} con {years} años de experiencia. Puedo ayudarte con {offer}.",
        "Busco {need} y ofrezco {offer}. Escríbeme.",
        "{title} en {city}. Lo mío es {offer}.",
        "Me encanta conectar gente: si necesitas {offer}, hablemos.",
    ),
    "en": (
        "{title} with {years} years of experience. I can help with {offer}.",
        "Looking for {need}; happy to offer {offer}.",
        "{title} based in {city}. Ask me about {offer}.",
        "I love connecting people: if you need {offer}, let's talk.",
    ),
}
# Searches as members type them: surnames common and rare (folded or with accents), a
# first name, the start of a Basque surname, two words at once, a word of a profile.
SEARCHES = ("nunez", "García", "smith", "ibanez", "begoña", "zoe", "etxe", "jose mar", "diseno")
FILTERS = {
    "sector": ("Tecnología", "turismo", "finance", "salud", "diseño", "logistics"),
    "city": ("Madrid", "sevilla", "bogota", "London", "ciudad de mexico", "San Sebastián"),
    "offer": ("diseño", "fiscal", "python", "photography", "seo", "subvenciones"),
    "need": ("abogado", "financiacion", "investors", "socio tecnico", "django", "fotografo"),
}
# The trigram indexes of the directory (migrations communities 0003 and 0004): the baseline
# drops them.
TRIGRAM_INDEXES = (
    "communities_member_search_trgm",
    "communities_member_sector_trgm",
    "communities_member_city_trgm",
    "communities_offer_folded_trgm",
    "communities_need_folded_trgm",
    "communities_member_offers_trgm",
    "communities_member_needs_trgm",
)

# --- writing rows --------------------------------------------------------------------


def rows_write(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """COPY plain tuples into ``model``'s table on PostgreSQL; executemany elsewhere."""
    if connection.vendor != "postgresql":
        insert_rows(model, fields, rows)
        return
    meta = model._meta
    qn = connection.ops.quote_name
    columns = ", ".join(qn(meta.get_field(name).column) for name in fields)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {qn(meta.db_table)} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _directory_indexes():
    """The migrations that create the directory's PostgreSQL indexes."""
    import importlib

    return [
        importlib.import_module(f"vinculo.communities.migrations.{name}")
        for name in ("0003_directory_search_indexes", "0004_membership_offers_needs_folded")
    ]


@contextlib.contextmanager
def directory_indexes_deferred():
    """Load without the directory's indexes and build them once at the end: a GIN index
    built from the whole table takes a fraction of the time of 500,000 insertions."""
    if connection.vendor != "postgresql":
        yield
        return
    migrations = _directory_indexes()
    editor = type("Editor", (), {"connection": connection})()
    for migration in migrations:
        migration.indexes_drop(None, editor)
    yield
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # The foreign keys are checked at commit; an index cannot be built before.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for migration in migrations:
        migration.indexes_create(None, editor)
    print(f"  {'indexes':<12} {time.perf_counter() - started:7.1f} s", flush=True)


def ids_by(model, key: str, values_filter: dict) -> dict:
    return dict(model.objects.filter(**values_filter).values_list(key, "pk"))


class Community:
    """The members of one generated community, made with one seeded random source."""

    def __init__(self, *, seed: int):
        self.rnd = random.Random(seed)
        self.names = Generator(owner=None, seed=seed, today=datetime.now(UTC).date())
        self.now = datetime.now(UTC)

    def visibility(self) -> str:
        x = self.rnd.random()
        if x < 0.85:
            return Visibility.MEMBERS
        return Visibility.ORGANISERS if x < 0.95 else Visibility.ONLY_ME

    def member(self, number: int) -> dict:
        r = self.rnd
        lang = "es" if r.random() < 0.65 else "en"
        _first, name = self.names.person_name(lang)
        offers = list(dict.fromkeys(self.names.phrase(OFFERS, lang) for _ in range(3)))
        needs = list(dict.fromkeys(self.names.phrase(NEEDS, lang) for _ in range(2)))
        city = r.choice(CITIES[lang])[0] if r.random() < 0.95 else ""
        title = r.choice(TITLES[lang])
        pitch = ""
        if r.random() < 0.8:
            pitch = r.choice(PITCHES[lang]).format(
                title=title,
                years=r.randrange(2, 30),
                offer=offers[0],
                need=needs[0],
                city=city or "remoto",
            )
        joined = self.now - timedelta(days=r.triangular(0, 3 * 365, 0), seconds=r.randrange(86400))
        return {
            "username": f"{MEMBER_PREFIX}{number:06d}-{ascii_slug(name)[:20]}",
            "email": f"{ascii_slug(name)[:30]}.{number}@example.org",
            "language": lang,
            "joined_at": joined,
            "profile": {
                "name": name,
                "does": r.choice(DOES[lang]).format(x=offers[0]) if r.random() < 0.9 else "",
                "pitch": pitch,
                "sector": r.choice(SECTORS[lang]) if r.random() < 0.9 else "",
                "city": city,
                "language": lang,
                **{f"{f}_visibility": self.visibility() for f in VISIBLE_FIELDS},
            },
            "offers": offers,
            "needs": needs,
        }


def generate(*, members: int, seed: int, password: str) -> dict:
    User = get_user_model()
    if Workspace.objects.filter(slug=SLUG).exists():
        raise SystemExit(f"The workspace {SLUG!r} already exists here: use a fresh database.")
    started = time.perf_counter()
    timings = {}

    def lap(label: str, since: float) -> float:
        timings[label] = round(time.perf_counter() - since, 2)
        print(f"  {label:<12} {timings[label]:7.1f} s", flush=True)
        return time.perf_counter()

    community = Community(seed=seed)
    with transaction.atomic(), directory_indexes_deferred():
        owner = User.objects.create_user(username=OWNER, password=password, language="es")
        viewer_user = User.objects.create_user(username=VIEWER, password=password, language="es")
        workspace = Workspace.objects.create(
            name="Red de emprendedores (benchmark)", slug=SLUG, language="es"
        )
        for user, role, name in (
            (owner, Role.OWNER, "Organizadora Bench"),
            (viewer_user, Role.MEMBER, "Miembro Bench"),
        ):
            m = Membership(workspace=workspace, user=user, role=role, name=name, language="es")
            _refresh_search(m)
            m.save()

        t = time.perf_counter()
        people = [community.member(i) for i in range(members)]
        t = lap("profiles", t)
        # Users: every column the model has, with its default where we set none.
        user_fields = [
            f for f in User._meta.concrete_fields if not f.primary_key and f.name != "groups"
        ]
        given = {"username", "email", "language", "date_joined", "password", "display_name"}
        defaults = {
            f.name: (f.get_default() if not f.null else None)
            for f in user_fields
            if f.name not in given
        }
        names = tuple(f.name for f in user_fields)
        for start in range(0, members, BATCH):
            rows = []
            for p in people[start : start + BATCH]:
                values = {
                    **defaults,
                    "username": p["username"],
                    "email": p["email"],
                    "language": p["language"],
                    "date_joined": p["joined_at"],
                    "password": "!benchmark",  # unusable: these members never log in
                    "display_name": p["profile"]["name"],
                }
                rows.append(tuple(_db_value(values[n]) for n in names))
            rows_write(User, names, rows)
        user_ids = ids_by(User, "username", {"username__startswith": MEMBER_PREFIX})
        t = lap("users", t)

        member_fields = (
            "workspace_id",
            "user_id",
            "role",
            "joined_at",
            "updated_at",
            "name",
            "does",
            "pitch",
            "sector",
            "city",
            "language",
            *(f"{f}_visibility" for f in VISIBLE_FIELDS),
            "search_text",
            "sector_folded",
            "city_folded",
            "offers_folded",
            "needs_folded",
        )
        for start in range(0, members, BATCH):
            rows = []
            for p in people[start : start + BATCH]:
                m = Membership(**p["profile"])
                _refresh_search(m)  # name and the fields shown to members, folded
                shown = [m.search_text]
                for field in ("offers", "needs"):
                    if getattr(m, f"{field}_visibility") == Visibility.MEMBERS:
                        shown.extend(p[field])
                search_text = fold_words(" ".join(shown))
                prof = p["profile"]
                rows.append(
                    (
                        workspace.pk,
                        user_ids[p["username"]],
                        Role.MEMBER,
                        p["joined_at"],
                        p["joined_at"],
                        *(prof[k] for k in ("name", "does", "pitch", "sector", "city", "language")),
                        *(prof[f"{f}_visibility"] for f in VISIBLE_FIELDS),
                        search_text,
                        m.sector_folded,
                        m.city_folded,
                        "\n".join(fold_words(text)[:500] for text in p["offers"]),
                        "\n".join(fold_words(text)[:500] for text in p["needs"]),
                    )
                )
            rows_write(Membership, member_fields, rows)
        member_ids = ids_by(Membership, "user_id", {"workspace": workspace})
        t = lap("members", t)

        counts = {}
        for model, key in ((MemberOffer, "offers"), (MemberNeed, "needs")):
            rows = []
            for p in people:
                mid = member_ids[user_ids[p["username"]]]
                for position, text in enumerate(p[key]):
                    rows.append((mid, text, p["language"], fold_words(text)[:500], position))
            rows_write(model, ("membership_id", "text", "language", "folded", "position"), rows)
            counts[key] = len(rows)
            t = lap(key, t)
    if connection.vendor == "postgresql":
        # VACUUM also marks the pages all-visible, for index-only scans; not possible
        # inside a transaction (the tests'), where ANALYZE alone is.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            for model in (User, Membership, MemberOffer, MemberNeed):
                cursor.execute(f"{command} {model._meta.db_table}")
    else:
        from vinculo.core.db import statistics_refresh

        statistics_refresh()
    lap("analyze", t)
    elapsed = round(time.perf_counter() - started, 1)
    print(
        f"{members} members, {counts['offers']} offers, {counts['needs']} needs in "
        f"{elapsed} s (load average {', '.join(f'{x:.1f}' for x in os.getloadavg())})"
    )
    print(f"log in as {OWNER!r} or {VIEWER!r} with the password {password!r}")
    return {"members": members, "seconds": elapsed, "steps": timings, **counts}


def _db_value(value):
    """A Python value as COPY / executemany takes it (JSON columns as text)."""
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return value


# --- search --------------------------------------------------------------------------


def percentiles(values: list[float]) -> dict:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {
        "min": round(min(values), 2),
        "p50": round(statistics.median(values), 2),
        "p95": round(cuts[94], 2),
        "max": round(max(values), 2),
    }


# The search box asks for the results alone as one types (htmx, ``HX-Request``): the
# page's list, without the page around it. Its requests are those of "text search".
AS_TYPED = "text search, as typed"


def search_plan(requests: int) -> list[tuple[str, list[str]]]:
    base = f"/communities/{SLUG}/directory/"

    def urls(values, key):
        return [f"{base}?{urlencode({key: values[i % len(values)]})}" for i in range(requests)]

    from vinculo.communities.selectors import DirectoryPaginator

    members = Membership.objects.filter(workspace__slug=SLUG).count()
    last_page = max(2, min(members, DirectoryPaginator.count_limit) // 20)
    rnd = random.Random(7)
    return [
        ("no filter, page 1", [base] * requests),
        ("text search", urls(SEARCHES, "q")),
        (AS_TYPED, urls(SEARCHES, "q")),
        *((f"filter: {key}", urls(values, key)) for key, values in FILTERS.items()),
        (
            "text + sector + city",
            [
                f"{base}?{urlencode({'q': q, 'sector': s, 'city': c})}"
                for q, s, c in zip(
                    [SEARCHES[i % len(SEARCHES)] for i in range(requests)],
                    [FILTERS["sector"][i % 6] for i in range(requests)],
                    [FILTERS["city"][i % 6] for i in range(requests)],
                    strict=True,
                )
            ],
        ),
        ("a random page", [f"{base}?page={rnd.randrange(1, last_page)}" for _ in range(requests)]),
    ]


def measure(plan, *, warmup: int) -> dict:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=VIEWER))
    results = {}
    for label, urls in plan:
        headers = {"HX-Request": "true"} if label == AS_TYPED else {}
        for url in urls[:warmup]:
            client.get(url, headers=headers)
        walls, cpus = [], []
        for url in urls:
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(url, headers=headers)
            walls.append((time.perf_counter() - started) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"GET {url} answered {response.status_code}.")
        results[label] = {"requests": len(urls), "wall_ms": percentiles(walls)}
        results[label]["cpu_ms"] = percentiles(cpus)
        results[label]["load_average"] = round(os.getloadavg()[0], 2)
        wall, cpu = results[label]["wall_ms"], results[label]["cpu_ms"]
        print(
            f"  {label:<22} wall p50 {wall['p50']:6.1f} p95 {wall['p95']:6.1f} "
            f"max {wall['max']:6.1f} ms; cpu p50 {cpu['p50']:6.1f} p95 {cpu['p95']:6.1f} ms; "
            f"load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
    return results


@contextlib.contextmanager
def count_first_paging():
    """The directory's paging as it was before its page and count were read together
    (2026-11-24): every page counted first, then read as the database plans it."""
    from django.core.paginator import Paginator

    from vinculo.communities import selectors

    current = selectors.DirectoryPaginator

    class CountFirst(current):
        def get_page(self, number):
            return Paginator.get_page(self, number)  # counts, then calls page()

        def page(self, number):
            self.count  # noqa: B018 - counted before the page, as before
            return super().page(number)

    selectors.DirectoryPaginator = CountFirst
    try:
        yield
    finally:
        selectors.DirectoryPaginator = current


def measure_side_by_side(plan, *, warmup: int) -> dict:
    """Each request of ``plan`` with the paging as it was (``count_first_paging``) and as
    it is, one after the other (which goes first alternates), so that both meet the same
    load: wall and CPU p50 / p95 / max of each."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=VIEWER))
    variants = {"before": count_first_paging, "after": contextlib.nullcontext}
    results = {}
    for label, urls in plan:
        times = {name: ([], []) for name in variants}
        for i, url in enumerate(urls[:warmup] + urls):
            order = list(variants) if i % 2 else list(reversed(variants))
            for name in order:
                with variants[name]():
                    started, cpu = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
                if response.status_code != 200:
                    raise SystemExit(f"GET {url} answered {response.status_code}.")
                if i >= warmup:
                    times[name][0].append(wall * 1000)
                    times[name][1].append(cpu * 1000)
        results[label] = {
            name: {"wall_ms": percentiles(walls), "cpu_ms": percentiles(cpus)}
            for name, (walls, cpus) in times.items()
        }
        results[label]["requests"] = len(urls)
        results[label]["load_average"] = round(os.getloadavg()[0], 2)
        b, a = results[label]["before"], results[label]["after"]
        print(
            f"  {label:<22} wall p50 / p95 before {b['wall_ms']['p50']:6.1f} / "
            f"{b['wall_ms']['p95']:6.1f}, after {a['wall_ms']['p50']:6.1f} / "
            f"{a['wall_ms']['p95']:6.1f} ms; cpu p50 before {b['cpu_ms']['p50']:5.1f}, after "
            f"{a['cpu_ms']['p50']:5.1f} ms; load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
    return results


def _directory_queries(client, url: str) -> list[str]:
    """The SQL of the directory's own queries (communities tables) for one request."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return [
        q["sql"]
        for q in queries.captured_queries
        if "communities_" in q["sql"] and not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]


def _explained(sql: str) -> tuple[float, list[str]]:
    """EXPLAIN (ANALYZE, BUFFERS) of ``sql``: its execution time in ms and its plan."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        lines = [row[0] for row in cursor.fetchall()]
    ms = float(lines[-1].split(":")[1].split()[0])  # "Execution Time: 1.234 ms"
    return ms, lines


def explain(plan, *, rounds: int = 5, before: bool = False) -> dict:
    """EXPLAIN ANALYZE of every query of one request of each kind (the plans printed),
    then of each distinct request of every kind: per request, the best of ``rounds`` of
    each query's execution time and of their sum (the least disturbed by the load of a
    shared machine), slowest first within a kind; with ``before``, the same for the
    paging before (``count_first_paging``), side by side."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=VIEWER))
    for label, urls in plan:
        url = urls[len(urls) // 2]
        print(f"\n=== {label}: {url}")
        for sql in _directory_queries(client, url):
            ms, lines = _explained(sql)
            print(f"--- {ms} ms: {sql[:300]}")
            print("\n".join(lines))
    variants = {"after": contextlib.nullcontext}
    if before:
        variants = {"before": count_first_paging, **variants}
    print(
        f"\nexecution time of each query (best of {rounds}), ms"
        + (": before | after" if before else "")
    )
    result = {}
    for label, urls in plan:
        rows = []
        for url in dict.fromkeys(urls):
            measured = {}
            for name, variant in variants.items():
                with variant():
                    queries = _directory_queries(client, url)
                times = [[_explained(sql)[0] for sql in queries] for _ in range(rounds)]
                measured[name] = {
                    "total_ms": round(min(sum(t) for t in times), 2),
                    "queries_ms": [round(min(t[i] for t in times), 2) for i in range(len(queries))],
                }
            request = url.split("?", 1)[1] if "?" in url else "(none)"
            rows.append({"request": request, **measured})
        rows.sort(key=lambda row: -row["after"]["total_ms"])
        result[label] = rows
        print(f"  {label} (load {os.getloadavg()[0]:.1f})")
        for row in rows[:9]:
            cells = [
                f"{row[name]['total_ms']:7.2f} = "
                + " + ".join(f"{x:.2f}" for x in row[name]["queries_ms"])
                for name in variants
            ]
            print(f"    {row['request']:<48} " + " | ".join(cells))
    return result


def search(
    *, requests: int, warmup: int, baseline: bool, show_plans: bool, before: bool = False
) -> dict:
    plan = search_plan(requests)
    # The process set-up of the server's workers (``vinculo.wsgi``): every view module
    # loaded, and what is loaded by then kept out of the garbage collector's full passes.
    import vinculo.wsgi  # noqa: F401

    if show_plans or before:  # the same queries as "text search"
        plan = [(label, urls) for label, urls in plan if label != AS_TYPED]
    if show_plans:
        return {"explain": explain(plan, before=before)}
    if before:
        print("the paging before its page and count were read together, and after:")
        return {"side_by_side": measure_side_by_side(plan, warmup=warmup)}
    print("with the trigram indexes (as deployed):")
    results = {"indexed": measure(plan, warmup=warmup)}
    if baseline:
        print("baseline: the same, without the trigram indexes:")
        with transaction.atomic():
            with connection.cursor() as cursor:
                for name in (*TRIGRAM_INDEXES, "communities_member_directory_order"):
                    if connection.vendor == "postgresql":
                        cursor.execute(f"DROP INDEX IF EXISTS {name}")
            results["baseline"] = measure(plan, warmup=warmup)
            transaction.set_rollback(True)
    return results


def _client_run(browser: Browser, plan, *, offset: int, warmup: int) -> dict[str, list[float]]:
    """One client's requests: a round over every kind, again and again (``offset`` shifts
    where in each kind's list this client starts, so clients ask different searches)."""
    times: dict[str, list[float]] = {label: [] for label, _ in plan}
    for i in range(-warmup, len(plan[0][1])):
        for label, urls in plan:
            url = urls[(i + offset) % len(urls)]
            headers = {"HX-Request": "true"} if label == AS_TYPED else {}
            status, _, _, elapsed = browser.request("GET", url, headers=headers)
            if status != 200:
                raise SystemExit(f"GET {url} answered {status}.")
            if i >= 0:
                times[label].append(elapsed)
    return times


def search_server(*, requests: int, warmup: int, clients: list[int], password: str) -> dict:
    """The directory's searches through the production server (``vinculo serve``: gunicorn
    and its workers, as deployed), from ``clients`` people at once, each asking their next
    page as soon as the last one answered. Wall time as each client waited for it,
    loopback HTTP included."""
    import concurrent.futures

    plan = search_plan(requests)
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="vinculo-bench-"))
    process, _, stack = start_server(port, workdir, "serve")
    results = {"stack": stack, "steps": {}}
    try:
        wait_for(port, process)
        for count in clients:
            browsers = [Browser("127.0.0.1", port) for _ in range(count)]
            for browser in browsers:
                browser.login(VIEWER, password)
            print(f"{count} client{'s' if count > 1 else ''} at once:", flush=True)
            started, load_before = time.perf_counter(), os.getloadavg()[0]
            server_cpu, machine_cpu = group_cpu_seconds(process.pid), machine_cpu_seconds()[0]
            own_cpu = time.process_time()
            with concurrent.futures.ThreadPoolExecutor(count) as pool:
                jobs = [
                    pool.submit(_client_run, browser, plan, offset=n * 3, warmup=warmup)
                    for n, browser in enumerate(browsers)
                ]
                runs = [job.result() for job in jobs]
            seconds = time.perf_counter() - started
            step = {"load_average_before": round(load_before, 2), "kinds": {}}
            for label, _ in plan:
                walls = [t for run in runs for t in run[label]]
                step["kinds"][label] = {"requests": len(walls), "wall_ms": percentiles(walls)}
                wall = step["kinds"][label]["wall_ms"]
                print(
                    f"  {label:<22} wall p50 {wall['p50']:6.1f} p95 {wall['p95']:6.1f} "
                    f"max {wall['max']:6.1f} ms",
                    flush=True,
                )
            total = count * (requests + warmup) * len(plan)
            step["requests_per_second"] = round(total / seconds, 1)
            # CPU per request: the server's processes, these clients, and the rest of the
            # machine (PostgreSQL, chiefly, when nothing else runs).
            server_cpu = group_cpu_seconds(process.pid) - server_cpu
            own_cpu = time.process_time() - own_cpu
            other_cpu = machine_cpu_seconds()[0] - machine_cpu - server_cpu - own_cpu
            step["cpu_ms_per_request"] = {
                name: round(value * 1000 / total, 2)
                for name, value in (
                    ("server", server_cpu),
                    ("clients", own_cpu),
                    ("rest", other_cpu),
                )
            }
            step["load_average_after"] = round(os.getloadavg()[0], 2)
            cpu = step["cpu_ms_per_request"]
            print(
                f"  {step['requests_per_second']} requests/s; CPU per request: server "
                f"{cpu['server']} ms, clients {cpu['clients']}, the rest {cpu['rest']}; "
                f"load {load_before:.1f} -> {step['load_average_after']:.1f}",
                flush=True,
            )
            results["steps"][str(count)] = step
    finally:
        stop(process)
        shutil.rmtree(workdir, ignore_errors=True)
    return results


# --- workers -------------------------------------------------------------------------


def _task_model():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult


def workers(*, processes: list[int], chunk_size: int, home: str, timeout: float) -> dict:
    import resource
    import signal

    from django.apps import apps

    from vinculo.communities import services

    refresh = getattr(services, "member_matches_refresh", None)
    if refresh is None:
        raise SystemExit("communities.services.member_matches_refresh does not exist yet.")
    workspace = Workspace.objects.get(slug=SLUG)
    matches = apps.get_model("communities", "MemberMatch").objects.filter(workspace=workspace)
    # Only the chunks: other apps may queue work of their own (digests) meanwhile.
    chunks = _task_model().objects.filter(task_path__endswith=".member_matches_chunk")
    done_states = ["SUCCESSFUL", "FAILED"]
    results = {}
    for n in processes:
        _task_model().objects.all().delete()
        matches.delete()
        enqueued_at = time.perf_counter()
        tasks = refresh(workspace=workspace, chunk_size=chunk_size)
        enqueue_seconds = time.perf_counter() - enqueued_at
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        worker = subprocess.Popen(
            [sys.executable, "-m", "vinculo", "worker", "--processes", str(n)],
            env={**os.environ, "VINCULO_HOME": home},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        started = time.perf_counter()
        finished = True
        try:
            while True:
                time.sleep(1)
                left = chunks.exclude(status__in=done_states).count()
                if chunks.filter(status="FAILED").exists():
                    raise SystemExit("A task failed; see the worker's output.")
                if not left:
                    break
                if worker.poll() is not None:
                    raise SystemExit(worker.stderr.read().decode()[-2000:])
                elapsed = time.perf_counter() - started
                if int(elapsed) % 30 == 0:
                    print(f"    {elapsed:5.0f} s: {tasks - left} of {tasks} tasks done", flush=True)
                if elapsed > timeout:
                    finished = False
                    break
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
        seconds = time.perf_counter() - started
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = chunks.filter(status="SUCCESSFUL").count()
        span = chunks.aggregate(first=Min("started_at"), last=Max("finished_at"))
        first_to_last = (span["last"] - span["first"]).total_seconds() if finished else None
        results[str(n)] = {
            "processes": n,
            "tasks": tasks,
            "tasks_done": done,
            "finished": finished,
            "chunk_size": chunk_size,
            "enqueue_seconds": round(enqueue_seconds, 2),
            "seconds": round(seconds, 1),
            "first_start_to_last_end_seconds": first_to_last and round(first_to_last, 1),
            "worker_cpu_seconds": round(
                cpu_after.ru_utime + cpu_after.ru_stime - cpu_before.ru_utime - cpu_before.ru_stime,
                1,
            ),
            "matches": matches.count(),
            "load_average": os.getloadavg(),
        }
        r = results[str(n)]
        print(
            f"  {n} worker process(es): {done} of {tasks} tasks in {seconds:.1f} s, "
            f"{first_to_last} s from the first start to the last end "
            f"({'all done' if finished else 'stopped at the time limit'}; workers' CPU "
            f"{r['worker_cpu_seconds']} s; enqueued in {enqueue_seconds:.1f} s); "
            f"{r['matches']} matches; load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
    return results


def chunk_profile(*, chunk_size: int, top: int) -> dict:
    """Where one chunk task spends its time: the index built by a fresh worker process,
    then the chunk itself, each under cProfile (cumulative time, the ``top`` heaviest)."""
    import cProfile
    import pstats

    from vinculo.communities import matching

    workspace = Workspace.objects.get(slug=SLUG)
    needers = list(
        MemberNeed.objects.filter(membership__workspace=workspace)
        .order_by("membership_id")
        .values_list("membership_id", flat=True)
        .distinct()[:chunk_size]
    )
    result = {}
    for label, call in (
        ("index build", lambda: matching.workspace_index(workspace_id=workspace.pk, workers=None)),
        (
            "chunk",
            lambda: matching.matches_chunk_compute(
                workspace_id=workspace.pk, first_id=needers[0], last_id=needers[-1]
            ),
        ),
    ):
        profiler = cProfile.Profile()
        started, cpu = time.perf_counter(), time.process_time()
        profiler.runcall(call)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
        print(f"\n=== {label}: {wall:.1f} s wall, {cpu:.1f} s cpu in this process")
        print(out.getvalue())
        result[label] = {"seconds": round(wall, 2), "cpu_seconds": round(cpu, 2)}
    return result


# --- main ----------------------------------------------------------------------------


def save(kind: str, result: dict) -> None:
    DATA.mkdir(exist_ok=True)
    path = DATA / "communities_scale.json"
    saved = json.loads(path.read_text()) if path.exists() else {}
    saved[kind] = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "machine": {**machine(), "load_average": os.getloadavg()},
        "result": result,
    }
    path.write_text(json.dumps(saved, indent=2, ensure_ascii=False))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.communities_scale",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate")
    gen.add_argument("--members", type=int, default=100_000)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--password", default=DEFAULT_PASSWORD)
    find = commands.add_parser("search")
    find.add_argument("--requests", type=int, default=200)
    find.add_argument("--warmup", type=int, default=10)
    find.add_argument("--baseline", action="store_true")
    find.add_argument("--explain", action="store_true")
    find.add_argument(
        "--before",
        action="store_true",
        help="each request with the paging before and after its page and count were "
        "read together, side by side",
    )
    served = commands.add_parser("search-server")
    served.add_argument("--requests", type=int, default=100, help="per kind and client")
    served.add_argument("--warmup", type=int, default=3, help="rounds per client, not counted")
    served.add_argument("--clients", default="1,2,4", help="people at once, one step each")
    served.add_argument("--password", default=DEFAULT_PASSWORD)
    work = commands.add_parser("workers")
    work.add_argument("--processes", default="1,2")
    work.add_argument("--chunk-size", type=int, default=2000)
    work.add_argument("--timeout", type=float, default=1800, help="stop after so many seconds")
    prof = commands.add_parser("profile-chunk")
    prof.add_argument("--chunk-size", type=int, default=2000)
    prof.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)

    database = settings.DATABASES["default"]
    print(f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}")
    with contextlib.redirect_stdout(io.StringIO()):
        call_command("migrate", verbosity=0)
    if args.command == "generate":
        result = generate(members=args.members, seed=args.seed, password=args.password)
    elif args.command == "search":
        result = search(
            requests=args.requests,
            warmup=args.warmup,
            baseline=args.baseline,
            show_plans=args.explain,
            before=args.before,
        )
    elif args.command == "search-server":
        result = search_server(
            requests=args.requests,
            warmup=args.warmup,
            clients=[int(n) for n in args.clients.split(",")],
            password=args.password,
        )
    elif args.command == "profile-chunk":
        result = chunk_profile(chunk_size=args.chunk_size, top=args.top)
    else:
        result = workers(
            processes=[int(n) for n in args.processes.split(",")],
            chunk_size=args.chunk_size,
            home=os.environ.get("VINCULO_HOME", ""),
            timeout=args.timeout,
        )
    if result:
        kind = args.command
        if args.command == "search" and (args.explain or args.before):
            kind = "explain" if args.explain else "side_by_side"
        save(kind, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
