"""The first minutes of a new user, in a real headless Chromium on a phone-sized screen."""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from vinculo.people.services import contact_create

from ..factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UserModel = get_user_model()
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture
def screenshot(page, request):
    """Keep a picture of the page at a named step, to look at after the run."""

    def take(step: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{request.node.name}-{step}.png", full_page=True)

    return take


@dataclass
class LoggedIn:
    contact_url: str


@pytest.fixture
def logged_in(page, live_server):
    user = UserFactory(username="ana")
    contact = contact_create(owner=user, name="Íñigo Muñoz", organization="Cámara de Comercio")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Nombre de usuario").fill("ana")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hola")
    return LoggedIn(contact_url=contact.get_absolute_url())


def test_signup_quick_add_search_open_and_switch_language(page, live_server, screenshot):
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Nombre de usuario").fill("lucia")
    page.get_by_label("Correo electrónico").fill("lucia@example.org")
    page.get_by_label("Contraseña:", exact=True).fill("una clave bien larga 42")
    page.get_by_label("Contraseña (confirmación)").fill("una clave bien larga 42")
    page.get_by_role("button", name="Crear mi cuenta").click()
    expect(page.get_by_role("heading", name="Mi perfil")).to_be_visible()
    screenshot("01-profile-after-signup")

    # Two taps: "I just met someone", then save.
    page.get_by_role("link", name="Conocí a alguien").click()
    page.get_by_label("Nombre").fill("María José Núñez")
    page.get_by_label("Dónde").fill("Desayuno de la Cámara")
    page.get_by_label("Una línea para recordar a esta persona").fill("Abogada, busca diseñador web")
    screenshot("02-quick-add")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("status")).to_have_text(
        "María José Núñez ya está en tu red. ¿Añades a alguien más?"
    )

    # Find her by typing without accents; htmx updates the rows as you type.
    page.get_by_role("link", name="Contactos").click()
    page.get_by_role("searchbox").fill("nunez")
    expect(page).to_have_url(re.compile(r"\?q=nunez"))
    rows = page.locator("#rows .contact-rows li")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("María José Núñez")
    screenshot("03-search-without-accents")

    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("María José Núñez")
    expect(page.locator("#timeline-items li")).to_have_count(1)
    expect(page.locator("#timeline-items li").first).to_contain_text("Reunión")
    screenshot("04-contact-page-es")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    expect(page.locator("#timeline-items li").first).to_contain_text("Meeting")
    screenshot("05-contact-page-en")

    page.get_by_role("button", name="Español").click()
    expect(page.get_by_role("heading", name="Historial")).to_be_visible()


def test_log_an_interaction_without_reloading(page, live_server, logged_in, screenshot):
    contact_url = logged_in.contact_url
    page.goto(live_server.url + contact_url)
    timeline = page.locator("#timeline")
    timeline.get_by_text("Registrar una interacción").click()
    timeline.get_by_label("Tipo").select_option("call")
    timeline.get_by_label("Resumen").fill("Le pasé el contacto de una diseñadora")
    timeline.get_by_role("button", name="Registrar", exact=True).click()
    first = page.locator("#timeline-items li").first
    expect(first).to_contain_text("Llamada")
    expect(first).to_contain_text("Le pasé el contacto de una diseñadora")
    # The page was not reloaded: the form is still open and empty.
    expect(timeline.get_by_label("Resumen")).to_have_value("")
    screenshot("06-interaction-logged")


def test_propose_a_suggested_introduction(page, live_server, logged_in, screenshot):
    owner = UserModel.objects.get(username="ana")
    contact_create(
        owner=owner,
        name="María José Núñez",
        emails=["mj@nunez.example"],
        needs=["busco un diseñador para la web del despacho"],
        languages=["es"],
    )
    contact_create(
        owner=owner,
        name="Kate Smith",
        emails=["kate@smith.example"],
        offers=["web design for law firms"],
        languages=["en"],
    )
    page.goto(live_server.url + "/introductions/")
    suggestion = page.locator("#suggestions article").first
    expect(suggestion).to_contain_text("María José Núñez necesita «busco un diseñador")
    screenshot("01-suggestions")
    suggestion.get_by_role("button", name="Proponer la presentación").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("María José Núñez → Kate Smith")
    expect(page.locator("pre.message")).to_contain_text("¿Quieres que os presente?")
    screenshot("02-ask-drafted")
