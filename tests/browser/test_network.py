"""The network pages in a real headless Chromium, with a network of 3,000 people: the health
charts draw, the graph draws every person, and a warm path drafts its message."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from vinculo.portability.exchange import network_import_data

from ..factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PEOPLE = 3000
TAGS = ["legal", "diseño", "marketing", "finanzas", "tecnología", "turismo", "salud", "familia"]


def big_network() -> dict:
    """3,000 contacts in eight tags; a third with a strength of their own, the rest known
    through interactions or only through others; 3,000 ties between them."""
    today = timezone.localdate()
    contacts, knows, interactions = [], [], []
    for i in range(PEOPLE):
        entry = {"id": f"p{i}", "name": f"Persona {i:04d}", "tags": [TAGS[i % len(TAGS)]]}
        if i % 3 == 0:
            entry["strength"] = round(0.1 + (i % 9) / 10, 1)
        contacts.append(entry)
        if i % 3 == 1:
            interactions.append(
                {
                    "contact": f"p{i}",
                    "date": (today - timedelta(days=i % 400)).isoformat(),
                    "kind": "meeting",
                    "direction": "mutual",
                }
            )
        knows.append({"a": f"p{i}", "b": f"p{(i * 7 + 1) % PEOPLE}", "strength": 0.6})
    knows = [k for k in knows if k["a"] != k["b"]]
    contacts[0]["offers"] = ["auditorías de accesibilidad web"]
    return {
        "format": "vinculo/1",
        "owner": {"name": "Ana Ruiz"},
        "contacts": contacts,
        "knows": knows,
        "interactions": interactions,
    }


@pytest.fixture
def network_owner(page, live_server):
    user = UserFactory(username="ana")
    report = network_import_data(user=user, data=json.dumps(big_network()), source_name="red.json")
    assert (report.created, report.errors) == (PEOPLE, [])
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Nombre de usuario").fill("ana")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    return user


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"network-{name}.png", full_page=True)


def test_the_health_page_draws_its_charts(page, live_server, network_owner):
    page.goto(live_server.url + "/network/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Qué salud tiene mi red")
    expect(page.locator("[data-charts]")).to_have_attribute(
        "data-drawn", "4"
    )  # no sectors recorded: no chart for them
    expect(page.locator("#figure-contacts")).to_have_text("3000")
    shot(page, "health")


def test_the_graph_draws_a_few_thousand_people(page, live_server, network_owner):
    page.goto(live_server.url + "/network/graph/")

    graph = page.locator("#graph")
    expect(graph).to_have_attribute("data-nodes", str(PEOPLE), timeout=30_000)
    expect(page.locator("#graph-status")).to_have_text("3000 personas dibujadas")
    # sigma draws on WebGL canvases inside the box.
    assert page.locator("#graph canvas").count() >= 2
    expect(page.locator("#graph-legend li")).to_have_count(len(TAGS) + 1)
    shot(page, "graph")


def test_a_warm_path_drafts_the_ask_with_one_click(page, live_server, network_owner):
    page.goto(live_server.url + "/network/paths/")
    page.get_by_label("o alguien que ofrezca").fill("alguien que haga auditorías de accesibilidad")
    page.get_by_role("button", name="Buscar un camino").click()

    first = page.locator("article.path").first
    expect(first.locator(".path-people")).to_contain_text("Persona 0000")
    first.get_by_role("button").click()
    expect(first.locator("pre.message")).to_contain_text("Persona 0000")
    shot(page, "path-draft")
