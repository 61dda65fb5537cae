"""Hand-made bad files: each problem names the line and the field, the good rows still come in,
and a file that is not a contacts file (or is empty) changes nothing."""

import base64

from vinculo.people.models import Contact
from vinculo.people.selectors import network_counts
from vinculo.portability.importers.services import DEFAULT_STRENGTH, file_import

RAGGED = (
    "Name,E-mail,Phone\n"
    "Ana Pérez,ana@example.es,612345678\n"
    "Luis Gil,luis@example.es,699111222,extra,more\n"
    "Eva Díaz,eva@example.es,\n"
).encode()
BROKEN_CARD = (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana P\xc3\xa9rez\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Luis Gil\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eva D\xc3\xadaz\r\nEMAIL:eva@example.es\r\nEND:VCARD\r\n"
)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def names(user) -> list[str]:
    return list(Contact.objects.for_user(user).order_by("name").values_list("name", flat=True))


def test_ragged_row_is_reported_and_the_others_imported(user):
    result = file_import(user=user, data=RAGGED, source_name="agenda.csv")

    report = result.report
    assert report.errors == [
        {
            "where": "agenda.csv: line 3, field 4",
            "why": "5 fields where the header has 3: 'extra' belongs to no column",
        }
    ]
    assert (report.created, report.updated, report.skipped) == (2, 0, 1)
    assert names(user) == ["Ana Pérez", "Eva Díaz"]
    ana = Contact.objects.for_user(user).get(name="Ana Pérez")
    assert (ana.emails, ana.phones, ana.strength) == (
        ["ana@example.es"],
        ["+34 612 34 56 78"],
        DEFAULT_STRENGTH,
    )


def test_ragged_row_with_strict_rejects_the_whole_file(user):
    result = file_import(user=user, data=RAGGED, source_name="agenda.csv", strict=True)

    assert result.report.rejected is True
    assert (result.report.created, result.report.skipped) == (0, 3)
    assert [row.action for row in result.rows] == ["skip", "skip", "skip"]
    assert names(user) == []


def test_card_without_end_is_reported_and_the_others_imported(user):
    result = file_import(user=user, data=BROKEN_CARD, source_name="agenda.vcf")

    assert result.report.errors == [
        {"where": "agenda.vcf: line 5", "why": "the card has no END:VCARD"}
    ]
    assert (result.report.created, result.report.skipped) == (2, 1)
    assert names(user) == ["Ana Pérez", "Eva Díaz"]


def test_card_with_nothing_to_name_it_is_skipped(user):
    data = b"BEGIN:VCARD\nVERSION:3.0\nNOTE:nobody\nEND:VCARD\nBEGIN:VCARD\nFN:Ana\nEND:VCARD\n"

    result = file_import(user=user, data=data, source_name="a.vcf")

    assert result.report.errors == [
        {
            "where": "a.vcf: line 1",
            "why": "no name, organization, e-mail or phone: nothing to import",
        }
    ]
    assert (result.report.created, result.report.skipped) == (1, 1)
    assert names(user) == ["Ana"]


def test_email_that_is_not_one_is_reported_and_kept_in_the_notes(user):
    data = b"Name,E-mail 1 - Value\nAna,ana(at)example.es\nLuis,luis@example.es\n"

    result = file_import(user=user, data=data, source_name="google.csv")

    assert result.report.errors == [
        {
            "where": "google.csv: line 2, E-mail 1 - Value",
            "why": "'ana(at)example.es' is not an e-mail address; kept in the notes",
        }
    ]
    assert (result.report.created, result.report.skipped) == (2, 0)
    ana = Contact.objects.for_user(user).get(name="Ana")
    assert (ana.emails, ana.notes) == ([], "E-mail: ana(at)example.es")


def test_bad_email_in_a_card_names_its_line(user):
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nNOTE:hola\r\n"
        b"EMAIL:ana.example.es\r\nEND:VCARD\r\n"
    )

    result = file_import(user=user, data=data, source_name="ana.vcf")

    assert result.report.errors == [
        {
            "where": "ana.vcf: line 5, EMAIL",
            "why": "'ana.example.es' is not an e-mail address; kept in the notes",
        }
    ]
    assert Contact.objects.for_user(user).get().notes == "hola\n\nE-mail: ana.example.es"


def test_empty_file_is_rejected(user):
    for data in (b"", b"\r\n  \n"):
        result = file_import(user=user, data=data, source_name="vacio.vcf")

        assert result.report.rejected is True
        assert result.report.errors == [{"where": "vacio.vcf", "why": "the file is empty"}]
    assert names(user) == []


def test_png_renamed_vcf_is_rejected_and_changes_nothing(user):
    before = network_counts(user=user)

    result = file_import(user=user, data=PNG, source_name="foto.vcf")

    assert result.report.rejected is True
    assert result.report.errors == [
        {
            "where": "foto.vcf",
            "why": "this is not a contacts file (vCard, CSV or the exchange format)",
        }
    ]
    assert network_counts(user=user) == before


def test_csv_that_is_not_an_address_book_is_rejected(user):
    data = b"Fecha,Importe,Concepto\n2024-01-02,12.50,Caf\xc3\xa9\n"

    result = file_import(user=user, data=data, source_name="banco.csv")

    assert result.report.rejected is True
    assert result.report.errors == [
        {
            "where": "banco.csv",
            "why": "the first line is not the header of an address book "
            "(no column for names, e-mails or phones)",
        }
    ]
    assert names(user) == []


def test_vcard_format_forced_on_a_csv_is_rejected(user):
    result = file_import(user=user, data=RAGGED, source_name="agenda.csv", kind="vcard")

    assert result.report.errors == [{"where": "agenda.csv", "why": "this is not a vCard file"}]
    assert names(user) == []


def test_dry_run_lists_what_would_happen_and_writes_nothing(user):
    file_import(user=user, data=b"Name,E-mail\nAna,ana@example.es\n", source_name="a.csv")
    data = b"Name,E-mail\nAna,ana@example.es\nLuis,luis@example.es,x\nEva,eva@example.es\n"

    result = file_import(user=user, data=data, source_name="a.csv", dry_run=True)

    assert [(r.line, r.name, r.action) for r in result.rows] == [
        (2, "Ana", "update"),
        (3, "", "skip"),
        (4, "Eva", "create"),
    ]
    assert (result.report.created, result.report.updated, result.report.skipped) == (1, 1, 1)
    assert result.report.written is False
    assert names(user) == ["Ana"]


def test_reimport_keeps_the_strength_the_owner_set(user):
    data = b"Name,E-mail\nAna,ana@example.es\n"
    file_import(user=user, data=data, source_name="a.csv")
    Contact.objects.for_user(user).update(strength=0.9)

    file_import(user=user, data=data, source_name="a.csv")

    assert Contact.objects.for_user(user).get().strength == 0.9
