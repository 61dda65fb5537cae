"""Sorting the text read from a business card into a contact's fields (no database)."""

from vinculo.engines.cards import CardFields, card_fields


def test_card_fields_spanish_card_with_accents():
    text = """José Núñez Peña
Directora de Innovación
Cooperativa Añil

jose.nunez@cooperativa-anil.es
Tel. 612 34 56 78
+34 91 123 45 67

www.cooperativa-anil.es
"""
    assert card_fields(text) == CardFields(
        name="José Núñez Peña",
        title="Directora de Innovación",
        organization="Cooperativa Añil",
        emails=["jose.nunez@cooperativa-anil.es"],
        phones=["612 34 56 78", "+34 91 123 45 67"],
        urls=["https://www.cooperativa-anil.es"],
        rest=[],
    )


def test_card_fields_english_card_organization_first_and_an_address_kept_apart():
    text = """ACME Widgets Ltd
John Smith
Head of Sales
Mobile: +44 7700 900123 | Fax: +44 20 7946 0958
john@acme.co.uk   acme.com
221B Baker Street, London"""
    assert card_fields(text) == CardFields(
        name="John Smith",
        title="Head of Sales",
        organization="ACME Widgets Ltd",
        emails=["john@acme.co.uk"],
        phones=["+44 7700 900123", "+44 20 7946 0958"],
        urls=["https://acme.com"],
        rest=["221B Baker Street, London"],
    )


def test_card_fields_organization_without_keyword_found_by_the_email_domain():
    text = (
        "Laura Gómez\nEstudio creativo en Bilbao\nLumen\nlaura@lumen.es\nC/ Mayor 3, 48001 Bilbao"
    )
    fields = card_fields(text)
    assert (fields.name, fields.title, fields.organization) == ("Laura Gómez", "", "Lumen")
    assert fields.emails == ["laura@lumen.es"]
    assert fields.rest == ["Estudio creativo en Bilbao", "C/ Mayor 3, 48001 Bilbao"]


def test_card_fields_labels_and_several_numbers_on_one_line():
    fields = card_fields("Móvil: 600 111 222 / Tlf. 91 555 66 77\nE-mail: ana@example.org")
    assert fields.phones == ["600 111 222", "91 555 66 77"]
    assert fields.emails == ["ana@example.org"]
    assert fields.rest == []


def test_card_fields_nothing_readable():
    fields = card_fields("  \n~~ ;; \n")
    assert fields == CardFields()
    assert fields.found_anything is False


def test_card_fields_duplicates_kept_once_and_email_lower_cased():
    fields = card_fields("Ana.Ruiz@Example.ORG\nana.ruiz@example.org\nwww.example.org\nexample.org")
    assert fields.emails == ["ana.ruiz@example.org"]
    assert fields.urls == ["https://www.example.org", "https://example.org"]
