"""Importing an address book in a real headless Chromium on a phone-sized screen:
upload → preview → import."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from vinculo.people.models import Contact

from ..factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CORPUS = Path("/work/shared/corpus/contacts")
if not CORPUS.is_dir():
    CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "contacts"
AGENDA = (
    "Name,E-mail,Phone\n"
    "Ana Gil,ana@example.es,612345678\n"
    "Luis Mora,luis@example.es,699111222,sobra\n"
    "Eva Díaz,eva@example.es,\n"
)


def test_upload_preview_and_import(page, live_server, tmp_path):
    user = UserFactory(username="ana")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Nombre de usuario").fill("ana")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url(live_server.url + "/")

    page.goto(live_server.url + "/import/")
    path = tmp_path / "agenda.csv"
    path.write_text(AGENDA, encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(path))
    page.locator("form[data-import-progress] button[type=submit]").click()

    rows = page.locator("table.import-rows tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Ana Gil")
    expect(rows.nth(1)).to_have_class("import-skip")
    expect(rows.nth(2)).to_contain_text("Eva Díaz")
    expect(page.locator(".import-errors")).to_contain_text("agenda.csv")
    expect(page.locator(".import-errors")).to_contain_text("sobra")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "imports-01-preview.png", full_page=True)
    assert Contact.objects.for_user(user).count() == 0

    page.locator("form[data-progress-url] button[type=submit]").click()

    expect(page.locator(".stats strong").first).to_have_text("2")
    names = Contact.objects.for_user(user).order_by("name").values_list("name", flat=True)
    assert list(names) == ["Ana Gil", "Eva Díaz"]


def test_import_a_phone_vcard(page, live_server):
    user = UserFactory(username="ana")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Nombre de usuario").fill("ana")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/import/")

    vcard = CORPUS / "vcard" / "nec-jp-featurephone-21-shiftjis-multi.vcf"
    page.locator("input[type=file]").set_input_files(str(vcard))
    page.locator("form[data-import-progress] button[type=submit]").click()
    expect(page.locator("table.import-rows tbody tr")).to_have_count(3)
    page.locator("form[data-progress-url] button[type=submit]").click()

    expect(page.locator(".stats strong").first).to_have_text("3")
    names = Contact.objects.for_user(user).order_by("name").values_list("name", flat=True)
    assert list(names) == ["安藤ロイド3", "安藤ロイド4", "安藤ロイド5"]
