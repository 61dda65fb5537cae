"""The Content Security Policy in a real browser: it is enforced (an injected inline script
does not run), and the pages with the most JavaScript (the API docs, the health charts)
work under it without a single violation."""

import pytest
from playwright.sync_api import expect

from ..factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def logged_in(page, live_server):
    UserFactory(username="ana", language="es")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Nombre de usuario").fill("ana")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


def test_an_injected_inline_script_does_not_run(logged_in, live_server):
    page = logged_in
    page.goto(live_server.url + "/contacts/")

    with pytest.raises(Exception, match=r"Content Security Policy|Refused"):
        page.add_script_tag(content="window.injected = true;")

    assert page.evaluate("window.injected === undefined") is True
    assert any("inline script" in text for text in page.csp_blocked)
    page.csp_blocked.clear()  # the violation this test caused on purpose


def test_the_api_docs_and_the_health_charts_work_under_the_policy(logged_in, live_server):
    page = logged_in
    page.goto(live_server.url + "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Vínculo API", timeout=30_000)
    expect(page.locator(".opblock").first).to_be_visible()

    page.goto(live_server.url + "/network/")
    expect(page.locator("[data-charts]")).to_have_attribute("data-drawn", "3")

    assert page.csp_blocked == []
