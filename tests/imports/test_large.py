"""A large vCard file: read card after card and written in batches, still one import.

Several thousand cards make more than one batch (``BATCH_SIZE``); what a user relies on must
hold across batches: every card imported once, errors naming their line, a dry run writing
nothing, and a failure in the last batch leaving the account as it was.
"""

import json

import pytest
from django.db import connection

from vinculo.cli import main
from vinculo.people.models import Contact
from vinculo.portability.importers.services import BATCH_SIZE, file_import

from .conftest import phone

CARDS = 3000  # more than one batch
assert CARDS > BATCH_SIZE


def card(n: int, *, email: str = "", name: str = "") -> list[str]:
    return [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"UID:card-{n}",
        f"N:Núñez {n};María;;;",
        f"FN:{name or f'María Núñez {n}'}",
        f"ORG:Empresa {n % 50};Ventas",
        f"EMAIL;TYPE=INTERNET;TYPE=WORK:{email or f'maria{n}@empresa.example'}",
        f"TEL;TYPE=CELL:+34 6{n % 100:02d} {n % 1000:03d} {n % 997:03d}",
        "item1.TEL:91 555 12 34",
        "item1.X-ABLabel:_$!<AssistantPhone>!$_",
        f"ADR;TYPE=WORK:;;Calle Mayor {n}\\, 3º;Sevilla;Andalucía;41001;ES",
        "NOTE:Conocida en la Cámara de Comercio\\; quiere diseño web y ofrece asesor",
        " ía legal.",
        "END:VCARD",
    ]


LINES_PER_CARD = len(card(0))


def vcard_file(count: int = CARDS, special: dict | None = None) -> bytes:
    """``count`` cards; ``special`` maps a card number to its keyword arguments."""
    lines = []
    for n in range(1, count + 1):
        lines += card(n, **(special or {}).get(n, {}))
    return ("\r\n".join(lines) + "\r\n").encode()


def first_line(n: int) -> int:
    return (n - 1) * LINES_PER_CARD + 1


def test_several_batches_import_every_card_once(user, tmp_path):
    path = tmp_path / "big.vcf"
    path.write_bytes(vcard_file())
    seen = []

    with path.open("rb") as data:
        result = file_import(
            user=user, data=data, source_name="big.vcf", progress=lambda d, t: seen.append(d)
        )

    report = result.report
    assert (report.created, report.updated, report.skipped) == (CARDS, 0, 0)
    assert report.errors == []
    assert Contact.objects.for_user(user).count() == CARDS
    assert len(result.contact_ids) == CARDS
    assert set(result.contact_ids) == set(
        Contact.objects.for_user(user).values_list("pk", flat=True)
    )
    assert seen[-1] == CARDS and seen == sorted(seen)
    contact = Contact.objects.for_user(user).get(external_id="card-2345")
    assert contact.name == "María Núñez 2345"
    assert contact.organization.name == "Empresa 45"
    assert contact.emails == ["maria2345@empresa.example"]
    assert contact.phones == [phone("+34 645 345 351"), phone("91 555 12 34")]
    assert contact.city == "Sevilla"
    assert contact.country == "ES"
    assert contact.notes == (
        "Conocida en la Cámara de Comercio; quiere diseño web y ofrece asesoría legal."
    )
    assert contact.strength == 0.3


def test_the_same_file_again_updates_across_batches(user):
    data = vcard_file()
    file_import(user=user, data=data, source_name="big.vcf")

    again = file_import(user=user, data=data, source_name="big.vcf")

    assert (again.report.created, again.report.updated) == (0, CARDS)
    assert Contact.objects.for_user(user).count() == CARDS


def test_an_error_in_card_2500_names_its_line_and_field(user):
    data = vcard_file(special={2500: {"email": "not an address"}, 2999: {"name": " "}})

    report = file_import(user=user, data=data, source_name="big.vcf").report

    email_line = first_line(2500) + 6
    assert report.errors == [
        {
            "where": f"big.vcf: line {email_line}, EMAIL",
            "why": "'not an address' is not an e-mail address; kept in the notes",
        },
    ]
    assert (report.created, report.skipped) == (CARDS, 0)
    kept = Contact.objects.for_user(user).get(external_id="card-2500")
    assert kept.emails == []
    assert kept.notes.endswith("E-mail: not an address")
    # No FN: the name comes from N.
    assert Contact.objects.for_user(user).get(external_id="card-2999").name == "María Núñez 2999"


def test_dry_run_of_several_batches_writes_nothing(user, capsys):
    Contact.objects.create(owner=user, name="Already here", external_id="card-7")
    report = file_import(user=user, data=vcard_file(), source_name="big.vcf", dry_run=True)

    assert (report.report.created, report.report.updated) == (CARDS - 1, 1)
    assert report.report.written is False
    assert [r.action for r in report.rows].count("create") == CARDS - 1
    assert [(r.line, r.action) for r in report.rows if r.action == "update"] == [
        (first_line(7), "update")
    ]
    assert list(Contact.objects.for_user(user).values_list("name", flat=True)) == ["Already here"]


def _fail_on_insert_of(name: str) -> None:
    """A real trigger in the database: inserting a contact with this name fails."""
    table = Contact._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE TEMP TRIGGER import_fails BEFORE INSERT ON {table} "
                f"WHEN NEW.name = '{name}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION pg_temp.import_fails() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.name = '{name}' THEN RAISE EXCEPTION 'refused'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER import_fails BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION pg_temp.import_fails()"
            )


def test_a_failure_in_the_last_batch_leaves_the_account_unchanged(user, tmp_path, capsys):
    old = Contact.objects.create(owner=user, name="Old name", external_id="card-3", strength=0.9)
    path = tmp_path / "big.vcf"
    path.write_bytes(vcard_file(special={CARDS: {"name": "Refused"}}))
    _fail_on_insert_of("Refused")

    status = main(["import", str(path), "--json"])

    out = capsys.readouterr()
    assert status != 0
    assert "the import failed and nothing was written" in out.err
    assert list(Contact.objects.for_user(user).values_list("pk", "name", "strength")) == [
        (old.pk, "Old name", 0.9)
    ]


def test_strict_rejects_for_an_error_in_the_last_batch(user):
    data = vcard_file(special={CARDS: {"email": "nope"}})

    report = file_import(user=user, data=data, source_name="big.vcf", strict=True).report

    assert report.rejected is True
    assert report.skipped == CARDS
    assert report.errors == [
        {
            "where": f"big.vcf: line {first_line(CARDS) + 6}, EMAIL",
            "why": "'nope' is not an e-mail address; kept in the notes",
        }
    ]
    assert Contact.objects.for_user(user).count() == 0


def test_an_introduction_across_batches(user):
    lines = []
    for n in range(1, 6):
        lines += card(n)[:-1]
        if n == 1:
            lines.append("X-VINCULO-INTRODUCED-BY:card-5")
        lines.append("END:VCARD")
    data = ("\r\n".join(lines) + "\r\n").encode()

    result = file_import(user=user, data=data, source_name="small.vcf", batch_size=2)

    assert (result.report.created, result.report.errors) == (5, [])
    first = Contact.objects.for_user(user).get(external_id="card-1")
    assert first.introduced_by.external_id == "card-5"


def test_cli_json_of_a_large_file(user, tmp_path, capsys):
    path = tmp_path / "big.vcf"
    path.write_bytes(vcard_file())

    status = main(["import", str(path), "--json"])

    out = capsys.readouterr()
    assert status == 0
    assert json.loads(out.out) == {
        "created": CARDS,
        "updated": 0,
        "skipped": 0,
        "errors": [],
        "warnings": [],
    }


@pytest.mark.parametrize("ending", [b"\r\n", b"\n", b"\r"])
def test_line_ends_across_chunks(user, ending, monkeypatch):
    """Lines split between two chunks (the file is read a megabyte at a time)."""
    from vinculo.portability.importers import services

    monkeypatch.setattr(services, "_CHUNK", 7)  # every line falls across chunks
    data = vcard_file(40).replace(b"\r\n", ending)

    report = file_import(user=user, data=data, source_name="small.vcf").report

    assert (report.created, report.errors, report.warnings) == (40, [], [])
    contact = Contact.objects.for_user(user).get(external_id="card-33")
    assert contact.notes == (
        "Conocida en la Cámara de Comercio; quiere diseño web y ofrece asesoría legal."
    )
