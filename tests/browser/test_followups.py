"""The Today list on a phone: what is due, the suggested message, done and snooze in place."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from vinculo.activity import services as activity_services
from vinculo.people.services import contact_create

from ..factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture
def due_today(page, live_server):
    today = timezone.localdate()
    user = UserFactory(username="ana", display_name="Ana Ruiz")
    contact_create(
        owner=user,
        name="Lucía Pérez",
        met_on=today - timedelta(days=1),
        met_where="Desayuno de la Cámara",
        emails=["lucia@example.org"],
        needs=["un diseñador para su web"],
    )
    luis = contact_create(owner=user, name="Luis Gómez", tags=["clientes"])
    activity_services.interaction_log(
        owner=user, contact=luis, kind="call", direction="mutual", date=today - timedelta(days=40)
    )
    activity_services.cadence_set(owner=user, tag=luis.tags.get(), ideal_days=30, max_days=35)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Nombre de usuario").fill("ana")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hola")
    return today


def test_today_done_and_snooze_in_place(page, due_today):
    page.get_by_role("link", name="Hoy", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoy")
    expect(page.locator("#followup-rate")).to_contain_text(
        "0 de 0 personas conocidas en los últimos 90 días"
    )
    items = page.locator("#due article")
    expect(items).to_have_count(2)
    # Most overdue first: Luis's cadence came due ten days ago, Lucía's follow-up is today.
    expect(items.nth(0)).to_contain_text("Luis Gómez")
    expect(items.nth(0)).to_contain_text("10 días de retraso")
    expect(items.nth(0)).to_contain_text("Se está enfriando")
    lucia = items.nth(1)
    expect(lucia).to_contain_text("Os conocisteis en Desayuno de la Cámara")

    lucia.get_by_text("Mensaje sugerido").click()
    expect(lucia.locator("pre.message")).to_contain_text(
        "Fue un placer conocerte en Desayuno de la Cámara. Me comentaste que buscas "
        "«un diseñador para su web»"
    )
    expect(lucia.get_by_role("button", name="Abrir en mi correo")).to_have_attribute(
        "href",
        "mailto:lucia@example.org?subject=Un%20placer%20conocerte%20en%20Desayuno%20de%20la%20C%C3%A1mara&body=Hola%2C%20Luc%C3%ADa%20P%C3%A9rez%3A%0A%0AFue%20un%20placer%20conocerte%20en%20Desayuno%20de%20la%20C%C3%A1mara.%20Me%20comentaste%20que%20buscas%20%C2%ABun%20dise%C3%B1ador%20para%20su%20web%C2%BB%3A%20lo%20tendr%C3%A9%20en%20cuenta%20y%20te%20dir%C3%A9%20si%20conozco%20a%20alguien.%0A%0ASi%20puedo%20ayudarte%20en%20algo%20o%20presentarte%20a%20alguien%2C%20d%C3%ADmelo.%20Me%20encantar%C3%A1%20seguir%20en%20contacto.%0A%0AUn%20abrazo%2C%20Ana%20Ruiz%0A",
    )

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "followups-today-phone.png", full_page=True)

    lucia.get_by_role("button", name="Hecho", exact=True).click()
    expect(page.locator("#due .handled")).to_have_text("Hecho: Lucía Pérez.")

    items.nth(0).get_by_role("button", name="En una semana").click()
    later = (due_today + timedelta(days=7)).strftime("%d/%m/%Y")
    expect(page.locator("#due .handled").nth(0)).to_have_text(
        f"Luis Gómez: aplazado hasta el {later}."
    )
    expect(page.locator("#due article")).to_have_count(0)

    page.reload()
    expect(page.locator("#nothing-due")).to_have_text(
        "Hoy no hay nada pendiente. ¿A quién podrías ayudar?"
    )
    expect(page.locator("#upcoming")).to_contain_text("Luis Gómez")
