"""``vinculo import`` with address books: formats, dry run, errors, progress."""

import json

import pytest

from vinculo import cli
from vinculo.cli import main
from vinculo.people.models import Contact

from .conftest import CORPUS

GMAIL = CORPUS / "vcard" / "gmail-30-list3.vcf"


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    monkeypatch.setenv("VINCULO_LANGUAGE", "en")


def test_import_vcard_json(user, capsys):
    status = main(["import", str(GMAIL), "--json"])

    out = capsys.readouterr()
    assert status == 0
    assert json.loads(out.out) == {
        "created": 3,
        "updated": 0,
        "skipped": 0,
        "errors": [],
        "warnings": [],
    }
    assert out.err == ""
    names = Contact.objects.for_user(user).order_by("name").values_list("name", flat=True)
    assert list(names) == ["Arnold Smith", "Chris Beatle", "Doug White"]


def test_import_dry_run_lists_and_writes_nothing(user, capsys):
    status = main(["import", str(GMAIL), "--dry-run"])

    out = capsys.readouterr()
    assert status == 0
    assert out.out == (
        "Contacts: 3 created, 0 updated, 0 skipped.\n"
        "line 1: would create Arnold Smith\n"
        "line 7: would create Chris Beatle\n"
        "line 13: would create Doug White\n"
        "Dry run: nothing was written.\n"
    )
    assert Contact.objects.for_user(user).count() == 0


def test_import_ragged_csv_reports_line_and_field(user, capsys, tmp_path):
    path = tmp_path / "agenda.csv"
    path.write_text("Name,E-mail\nAna,ana@example.es\nLuis,luis@example.es,sobra\n")

    status = main(["import", str(path), "--format", "csv"])

    out = capsys.readouterr()
    assert status == 1
    assert out.err == (
        f"{path}: line 3, field 3: 3 fields where the header has 2: 'sobra' belongs to no column\n"
    )
    assert out.out == "Contacts: 1 created, 0 updated, 1 skipped.\n"


def test_import_linkedin_format_named(user, capsys, tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(
        'Notes:\n"Some e-mails may be missing."\n\n'
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ana,Gil,https://www.linkedin.com/in/ana-gil-ejemplo,,Gil SL,CEO,01 Feb 2022\n"
    )

    status = main(["import", str(path), "--format", "linkedin", "--json"])

    assert status == 0
    assert json.loads(capsys.readouterr().out)["created"] == 1


def test_import_png_is_rejected(user, capsys, tmp_path):
    path = tmp_path / "foto.vcf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))

    status = main(["import", str(path), "--json"])

    out = capsys.readouterr()
    assert status == 1
    assert json.loads(out.out) == {
        "created": 0,
        "updated": 0,
        "skipped": 0,
        "errors": [
            {
                "where": str(path),
                "why": "this is not a contacts file (vCard, CSV or the exchange format)",
            }
        ],
        "warnings": [],
    }
    assert Contact.objects.for_user(user).count() == 0


def test_progress_bar_on_standard_error_for_a_large_file(user, capsys, monkeypatch):
    monkeypatch.setattr(cli, "PROGRESS_BYTES", 10)

    status = main(["import", str(GMAIL)])

    out = capsys.readouterr()
    assert status == 0
    assert out.err == "\rReading contacts [" + "#" * 30 + "] 3/3\n"
    assert out.out == "Contacts: 3 created, 0 updated, 0 skipped.\n"


def test_no_progress_bar_with_json(user, capsys, monkeypatch):
    monkeypatch.setattr(cli, "PROGRESS_BYTES", 10)

    status = main(["import", str(GMAIL), "--json"])

    out = capsys.readouterr()
    assert (status, out.err) == (0, "")
    assert json.loads(out.out)["created"] == 3
