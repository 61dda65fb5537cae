"""The import pages: upload → preview (nothing written) → import, and the file in between."""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vinculo.people.models import Contact
from vinculo.web.imports import SESSION_KEY

from .conftest import CORPUS


@pytest.fixture(autouse=True)
def english_pages(client):
    """Pages in English (the account's language would be Spanish)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


CSV = b"Name,E-mail,Phone\nAna Gil,ana@example.es,612345678\nLuis Mora,luis@example,x,y\n"


def upload(client, data: bytes, name: str = "agenda.csv", **fields):
    return client.post(
        reverse("imports.upload"),
        {"file": SimpleUploadedFile(name, data), "format": "auto", **fields},
    )


def pending_file(client, user) -> Path:
    token = client.session[SESSION_KEY]["token"]
    return Path(settings.HOME) / "imports" / str(user.pk) / f"{token}.upload"


def test_upload_page(auth_client):
    response = auth_client.get(reverse("imports.upload"))

    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["file", "format", "strict"]


def test_preview_lists_what_would_happen_and_writes_nothing(auth_client, user):
    response = upload(auth_client, CSV)

    assert response.status_code == 200
    assert response.templates[0].name == "web/imports/preview.html"
    rows = [(r.line, r.name, r.action) for r in response.context["rows"]]
    assert rows == [(2, "Ana Gil", "create"), (3, "", "skip")]
    assert response.context["report"].errors == [
        {
            "where": "agenda.csv: line 3, field 4",
            "why": "4 fields where the header has 3: 'y' belongs to no column",
        }
    ]
    assert "agenda.csv: line 3, field 4" in response.content.decode()
    assert Contact.objects.for_user(user).count() == 0
    assert pending_file(auth_client, user).read_bytes() == CSV


def test_confirm_imports_the_previewed_file(auth_client, user):
    upload(auth_client, CSV)
    waiting = pending_file(auth_client, user)

    response = auth_client.post(reverse("imports.confirm"))

    assert response.status_code == 200
    assert response.templates[0].name == "web/imports/done.html"
    report = response.context["report"]
    assert (report.created, report.updated, report.skipped) == (1, 0, 1)
    ana = Contact.objects.for_user(user).get()
    assert (ana.name, ana.emails, ana.phones) == (
        "Ana Gil",
        ["ana@example.es"],
        ["+34 612 34 56 78"],
    )
    assert not waiting.exists()
    assert SESSION_KEY not in auth_client.session


def test_confirm_shows_probable_duplicates(auth_client, user):
    path = CORPUS / "vcard" / "gmail-30-list3.vcf"
    upload(auth_client, path.read_bytes(), name="uno.vcf")
    auth_client.post(reverse("imports.confirm"))
    # The same people under other ids: a CSV export of the same address book.
    again = b"Name,E-mail\nArnold Smith,asmithk@gmail.com\n"
    upload(auth_client, again)

    response = auth_client.post(reverse("imports.confirm"))

    assert response.context["duplicates"] == 1
    assert response.context["duplicates_url"] == reverse("duplicates.list")


def test_confirm_without_a_previewed_file_goes_back(auth_client, user):
    response = auth_client.post(reverse("imports.confirm"))

    assert response.status_code == 302
    assert response["Location"] == reverse("imports.upload")
    assert Contact.objects.for_user(user).count() == 0


def test_another_session_cannot_import_the_file(auth_client, user, client, other_user):
    upload(auth_client, CSV)
    client.force_login(other_user)

    response = client.post(reverse("imports.confirm"))

    assert response.status_code == 302
    assert Contact.objects.count() == 0


def test_cancel_deletes_the_file(auth_client, user):
    upload(auth_client, CSV)
    waiting = pending_file(auth_client, user)

    response = auth_client.post(reverse("imports.cancel"))

    assert response.status_code == 302
    assert not waiting.exists()
    assert Contact.objects.for_user(user).count() == 0


def test_rejected_file_keeps_nothing_waiting(auth_client, user):
    response = upload(auth_client, b"\x89PNG\r\n\x1a\n\x00\x00", name="foto.vcf")

    assert response.context["report"].rejected is True
    assert response.context["report"].errors == [
        {
            "where": "foto.vcf",
            "why": "this is not a contacts file (vCard, CSV or the exchange format)",
        }
    ]
    assert SESSION_KEY not in auth_client.session


def test_progress_without_an_import(auth_client):
    response = auth_client.get(reverse("imports.progress"))

    assert response.json() == {"done": 0, "total": 0}


def test_progress_of_the_waiting_file(auth_client, user):
    upload(auth_client, CSV)
    pending_file(auth_client, user).with_suffix(".progress").write_text(
        '{"done": 200, "total": 800}'
    )

    response = auth_client.get(reverse("imports.progress"))

    assert response.json() == {"done": 200, "total": 800}


def test_previews_left_for_a_day_are_removed(auth_client, user):
    folder = Path(settings.HOME) / "imports" / str(user.pk)
    folder.mkdir(parents=True, exist_ok=True)
    old, recent = folder / "0ld.upload", folder / "recent.upload"
    old.write_bytes(CSV)
    recent.write_bytes(CSV)
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))

    upload(auth_client, CSV)

    assert not old.exists()
    assert recent.exists()
