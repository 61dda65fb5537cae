"""Real headless Chromium, driven by Playwright, for the tests in this folder.

Each test gets a fresh browser context shaped like a phone with Spanish as its
language; at the end of every test a screenshot is saved to
artifacts/screenshots/<test name>.png. Pages are served by pytest-django's
``live_server``.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
# htmx marks what it is fetching, swapping in and settling; until the marks are gone the new
# content may not listen to its events yet (typing into it then would be lost).
HTMX_BUSY = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API keeps an event loop running in this thread until it stops,
    # and Django refuses database calls from a thread with a running loop; the calls
    # made by tests and fixtures here are plain synchronous code, so allow them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, request):
    context = browser.new_context(
        locale="es-ES",
        timezone_id="Europe/Madrid",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    # Whatever the Content Security Policy blocks (an inline script or style, a foreign
    # source) is reported on the console: every browser test fails on it.
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.csp_blocked = blocked
    yield page
    try:
        if not page.is_closed():
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
            page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    finally:
        context.close()
    assert blocked == [], "blocked by the Content Security Policy"


def htmx_settled(page) -> None:
    """Wait until htmx has finished every request, swap and settle on ``page``."""
    page.wait_for_function(f"() => !document.querySelector({HTMX_BUSY!r})")


def log_in(context, user, live_server, settings, language: str = "en") -> None:
    """``user`` logged in to the browser ``context`` (the session cookie a login sets),
    reading the site in ``language``."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ]
    )


def section(page, heading: str):
    """The ``<section>`` of ``page`` under ``heading``."""
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading))


def shot(page, name: str) -> None:
    """A screenshot of the whole page, to artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
