import csv
import io

from vinculo.portability.exporters import network_export_file
from vinculo.portability.exporters.csv import header

# Google Contacts' current export ("Google CSV", 2024 onwards), as it writes it for contacts
# with at most one of each: the fixed columns, then the numbered groups.
GOOGLE_HEADER_LINE = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
    "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
    "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,"
    "Address 1 - Label,Address 1 - Formatted,Address 1 - Street,Address 1 - City,"
    "Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,"
    "Address 1 - Extended Address,Website 1 - Label,Website 1 - Value,"
    "Custom Field 1 - Label,Custom Field 1 - Value\r\n"
)
GOOGLE_HEADER = next(csv.reader([GOOGLE_HEADER_LINE]))


def test_header_is_googles():
    assert header() == GOOGLE_HEADER


def _rows(user):
    exported = network_export_file(user=user, format="csv")
    assert exported.content_type == "text/csv; charset=utf-8"
    assert exported.filename.endswith(".csv")
    assert exported.data.startswith("\ufeffFirst Name,".encode())
    text = exported.data.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    columns = next(reader)
    return columns, [dict(zip(columns, row, strict=True)) for row in reader]


def test_csv_export_has_googles_header_and_every_field(user, network):
    columns, rows = _rows(user)
    # Two emails and two phones at most; eleven custom fields for the richest contact.
    assert columns == header(emails=2, phones=2, custom=11)
    assert columns[:17] == GOOGLE_HEADER[:17]
    assert len(rows) == 3
    mj = next(r for r in rows if r["Organization Title"] == "Socia")
    filled = {k: v for k, v in mj.items() if v}
    assert filled == {
        "First Name": "María José",
        "Last Name": "Núñez",
        "Organization Name": "Núñez Abogados; S.L.",
        "Organization Title": "Socia",
        "Notes": "Le gusta el pádel.\nPrefiere WhatsApp; nunca llamar antes de las 10.",
        "Labels": "* myContacts ::: legal ::: familia, amigos",
        "E-mail 1 - Label": "* Other",
        "E-mail 1 - Value": "mj@nunezabogados.example",
        "E-mail 2 - Label": "Other",
        "E-mail 2 - Value": "mariajose@correo.example",
        "Phone 1 - Label": "* Other",
        "Phone 1 - Value": "+34 612 34 56 78",
        "Phone 2 - Label": "Other",
        "Phone 2 - Value": "+34 963 00 00 00",
        "Address 1 - Label": "Other",
        "Address 1 - Formatted": "Valencia\nES",
        "Address 1 - City": "Valencia",
        "Address 1 - Country": "ES",
        "Website 1 - Value": "https://nunezabogados.example",
        "Custom Field 1 - Label": "Does",
        "Custom Field 1 - Value": "Abogada mercantilista, asesora a startups",
        "Custom Field 2 - Label": "Offers",
        "Custom Field 2 - Value": "contratos entre socios ::: constitución de sociedades",
        "Custom Field 3 - Label": "Needs",
        "Custom Field 3 - Value": "un diseñador para su web",
        "Custom Field 4 - Label": "Expects",
        "Custom Field 4 - Value": "Conocer emprendedores con proyectos serios",
        "Custom Field 5 - Label": "Met on",
        "Custom Field 5 - Value": "2026-03-12",
        "Custom Field 6 - Label": "Met where",
        "Custom Field 6 - Value": "Desayuno de la Cámara",
        "Custom Field 7 - Label": "Met at event",
        "Custom Field 7 - Value": "Desayuno de la Cámara de Comercio",
        "Custom Field 8 - Label": "Introduced by",
        "Custom Field 8 - Value": "Luis Pérez",
        "Custom Field 9 - Label": "Strength",
        "Custom Field 9 - Value": "0.7",
        "Custom Field 10 - Label": "Languages",
        "Custom Field 10 - Value": "es ::: en",
        "Custom Field 11 - Label": "Vínculo id",
        "Custom Field 11 - Value": "c1",
    }
    ana = next(r for r in rows if r["First Name"] == "Ana")
    assert {k: v for k, v in ana.items() if v} == {
        "First Name": "Ana",
        "Labels": "* myContacts",
        "Custom Field 1 - Label": "Vínculo id",
        "Custom Field 1 - Value": f"c{network['ana'].pk}",
    }


def test_csv_export_of_an_empty_network_is_the_header(other_user):
    columns, rows = _rows(other_user)
    assert (columns, rows) == (GOOGLE_HEADER, [])
