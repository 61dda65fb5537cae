"""Formats and encodings the corpus lacks, written here the way their software writes them."""

import codecs

import pytest

from vinculo.people.models import Contact
from vinculo.portability.importers import detect
from vinculo.portability.importers.services import file_import

LINKEDIN = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    'connections to see or download their email address."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Lucía,Fernández,https://www.linkedin.com/in/lucia-fernandez-ejemplo,,Cowork Sur,Community"
    " Manager,15 Mar 2023\n"
    "Jorge,Ruiz,https://www.linkedin.com/in/jorge-ruiz-ejemplo,jorge@example.mx,Ruiz & Asociados,"
    '"Socio, consultor",02 Jan 2024\n'
)
GOOGLE_CURRENT = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
    "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
    "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,"
    "Phone 1 - Label,Phone 1 - Value,Address 1 - Label,Address 1 - City,Address 1 - Country\n"
    "Marta,,Soler,,,,,,Martu,,Diseño Soler,Diseñadora,,1985-04-02,Conocida en el cowork,,"
    "Clientes ::: * myContacts ::: Valencia,* Work,marta@disenosoler.example,Home,"
    "marta.soler@example.es,Mobile,+34 611 22 33 44,Work,Valencia,ES\n"
)
OUTLOOK_1252 = (
    "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,"
    "Business City,Business Country/Region,Business Phone,Mobile Phone,E-mail Address,"
    "E-mail Display Name,Categories,Notes\r\n"
    ",José,,Muñoz Peña,,Ferretería Núñez,,Gerente,Sevilla,España,954 123 456,"
    "612 345 678,jose@ferreteria.example,José Muñoz (jose@ferreteria.example),"
    'Proveedores;Sevilla,"Le conocí en la feria\r\nde 2023"\r\n'
).encode("cp1252")


def stored(user) -> list[tuple]:
    return [
        (c.name, c.organization.name if c.organization else "", c.title, c.emails, c.phones)
        for c in Contact.objects.for_user(user).select_related("organization").order_by("id")
    ]


def test_linkedin_connections_with_notes_before_the_header(user):
    data = LINKEDIN.encode()
    assert detect.format_detect(data=data, name="Connections.csv") == "linkedin"

    result = file_import(user=user, data=data, source_name="Connections.csv")

    assert (result.report.created, result.report.errors) == (2, [])
    assert [r.line for r in result.rows] == [5, 6]
    assert stored(user) == [
        ("Lucía Fernández", "Cowork Sur", "Community Manager", [], []),
        ("Jorge Ruiz", "Ruiz & Asociados", "Socio, consultor", ["jorge@example.mx"], []),
    ]
    lucia = Contact.objects.for_user(user).get(name="Lucía Fernández")
    assert lucia.urls == ["https://www.linkedin.com/in/lucia-fernandez-ejemplo"]
    assert (str(lucia.met_on), lucia.met_where) == ("2023-03-15", "LinkedIn")


def test_google_current_header_with_labels(user):
    result = file_import(user=user, data=GOOGLE_CURRENT.encode(), source_name="contacts.csv")

    assert (result.report.created, result.report.errors) == (1, [])
    marta = Contact.objects.for_user(user).get()
    assert stored(user) == [
        (
            "Marta Soler",
            "Diseño Soler",
            "Diseñadora",
            ["marta@disenosoler.example", "marta.soler@example.es"],
            ["+34 611 22 33 44"],
        )
    ]
    assert sorted(marta.tags.values_list("name", flat=True)) == ["Clientes", "Valencia"]
    assert (marta.city, marta.country, marta.notes) == ("Valencia", "ES", "Conocida en el cowork")
    assert marta.extra["csv"]["nickname"] == "Martu"
    assert marta.extra["csv"]["birthday"] == "1985-04-02"


def test_outlook_in_windows_1252(user):
    assert detect.encoding_detect(OUTLOOK_1252) == "cp1252"

    result = file_import(user=user, data=OUTLOOK_1252, source_name="outlook.csv")

    assert (result.report.created, result.report.errors) == (1, [])
    assert stored(user) == [
        (
            "José Muñoz Peña",
            "Ferretería Núñez",
            "Gerente",
            ["jose@ferreteria.example"],
            ["+34 954 12 34 56", "+34 612 34 56 78"],
        )
    ]
    jose = Contact.objects.for_user(user).get()
    assert jose.notes == "Le conocí en la feria\nde 2023"
    assert sorted(jose.tags.values_list("name", flat=True)) == ["Proveedores", "Sevilla"]
    assert jose.extra["csv"]["columns"]["Business Country/Region"] == "España"


@pytest.mark.parametrize(
    "encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32", "shift_jis"]
)
def test_csv_in_other_encodings(user, encoding):
    text = "Name\tE-mail\tPhone\n山田 花子\thanako@example.jp\t+81 3-1234-5678\n"
    if encoding == "utf-16":  # with its byte-order mark (little endian here)
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    else:
        data = text.encode(encoding)

    result = file_import(user=user, data=data, source_name="agenda.csv")

    assert (result.report.created, result.report.errors) == (1, [])
    assert stored(user) == [("山田 花子", "", "", ["hanako@example.jp"], ["+81 3-1234-5678"])]


def test_vcard_without_version_with_cr_line_ends_and_unknown_fields(user):
    data = (
        "BEGIN:VCARD\rFN:Íñigo Muñoz\rORG:Cámara de Comercio;Formación\r"
        "X-CUSTOM-FIELD:lo que sea\ritem1.URL:https://camara.example\r"
        "item1.X-ABLabel:_$!<HomePage>!$_\rTEL;TYPE=CELL:600 11 22 33\rEND:VCARD\r"
    ).encode()

    result = file_import(user=user, data=data, source_name="inigo.vcf")

    assert (result.report.created, result.report.errors) == (1, [])
    inigo = Contact.objects.for_user(user).get()
    assert stored(user) == [("Íñigo Muñoz", "Cámara de Comercio", "", [], ["+34 600 11 22 33"])]
    assert inigo.urls == ["https://camara.example"]
    assert inigo.extra["vcard"]["x-custom-field"] == "lo que sea"
    assert inigo.extra["vcard"]["department"] == "Formación"


def test_vcard_21_quoted_printable_latin1_with_soft_break(user):
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        b"N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:N=FA=F1ez;Mar=EDa Jos=\r\n=E9\r\n"
        b"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Abogada=0D=0Aen Sevilla\r\n"
        b"END:VCARD\r\n"
    )

    result = file_import(user=user, data=data, source_name="mj.vcf")

    assert result.report.created == 1
    contact = Contact.objects.for_user(user).get()
    assert (contact.name, contact.notes) == ("María José Núñez", "Abogada\nen Sevilla")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty"),
        (b"  \r\n", "empty"),
        (b'{"format": "vinculo/1"}', "json"),
        (b"\xef\xbb\xbfBEGIN:VCARD\r\n", "vcard"),
        ("BEGIN:VCARD\r\n".encode("utf-16-be"), "vcard"),
        (b"begin:vcard\nfn:x\nend:vcard\n", "vcard"),
        (LINKEDIN.encode(), "linkedin"),
        (b"Vorname\tNachname\nMax\tMustermann\n", "csv"),
        (b"Name;E-mail\nPepa;p@example.es\n", "csv"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "unknown"),
        (b"%PDF-1.4\n", "unknown"),
        (b"hola\nque tal\n", "unknown"),
    ],
)
def test_format_detect(data, expected):
    assert detect.format_detect(data=data, name="x") == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Muñoz".encode(), "utf-8"),
        ("Muñoz, Peña".encode("cp1252"), "cp1252"),
        ("Iksiński".encode("cp1250"), "cp1250"),
        ("山田花子".encode("shift_jis"), "shift_jis"),
        (codecs.BOM_UTF16_BE + "Ana".encode("utf-16-be"), "utf-16-be"),
        ("Ana,Luis".encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_encoding_detect(data, expected):
    assert detect.encoding_detect(data) == expected


def test_strength_column_overrides_the_default(user):
    data = b'Name,E-mail,Fuerza\nAna,ana@example.es,"0,9"\nLuis,luis@example.es,mucha\n'

    result = file_import(user=user, data=data, source_name="red.csv")

    assert result.report.created == 2
    strengths = dict(Contact.objects.for_user(user).values_list("name", "strength"))
    assert strengths == {"Ana": 0.9, "Luis": 0.3}
    luis = Contact.objects.for_user(user).get(name="Luis")
    assert luis.extra["csv"]["columns"] == {"Fuerza": "mucha"}
