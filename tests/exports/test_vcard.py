import json

import pytest
import vobject

from vinculo.portability.exporters import network_export_file
from vinculo.portability.exporters.vcard import name_split


def _cards(user, version):
    exported = network_export_file(user=user, format="vcard", vcard_version=version)
    assert exported.content_type == "text/vcard; charset=utf-8"
    assert exported.filename.endswith(".vcf")
    assert exported.contacts == 3
    text = exported.data.decode()
    assert text.startswith(f"BEGIN:VCARD\r\nVERSION:{version}\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # folded
    return {card.uid.value: card for card in vobject.readComponents(text)}


def _values(card, name):
    return [prop.value for prop in card.contents.get(name, [])]


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_vcard_export_parses_back_field_by_field(user, network, version):
    cards = _cards(user, version)
    assert sorted(cards) == sorted(["c1", "c7", f"c{network['ana'].pk}"])
    card = cards["c1"]
    assert card.version.value == version
    assert card.fn.value == "María José Núñez"
    assert (card.n.value.given, card.n.value.family) == ("María José", "Núñez")
    assert card.org.value == ["Núñez Abogados; S.L."]
    assert card.title.value == "Socia"
    assert card.role.value == "Abogada mercantilista, asesora a startups"
    assert _values(card, "email") == ["mj@nunezabogados.example", "mariajose@correo.example"]
    assert _values(card, "tel") == ["+34 612 34 56 78", "+34 963 00 00 00"]
    assert _values(card, "url") == ["https://nunezabogados.example"]
    assert (card.adr.value.city, card.adr.value.country) == ("Valencia", "ES")
    assert card.note.value == "Le gusta el pádel.\nPrefiere WhatsApp; nunca llamar antes de las 10."
    assert card.categories.value == ["legal", "familia, amigos"]
    assert _values(card, "x-vinculo-tag") == ["legal", "familia, amigos"]
    if version == "4.0":
        assert _values(card, "lang") == ["es", "en"]
        assert [p.params["PREF"] for p in card.contents["lang"]] == [["1"], ["2"]]
        assert card.contents["email"][0].params == {"PREF": ["1"]}
        assert "x-vinculo-language" not in card.contents
    else:
        assert _values(card, "x-vinculo-language") == ["es", "en"]
        assert card.contents["email"][0].params == {"TYPE": ["INTERNET", "PREF"]}
        assert "lang" not in card.contents
    assert _values(card, "x-vinculo-offer") == [
        "contratos entre socios",
        "constitución de sociedades",
    ]
    assert _values(card, "x-vinculo-need") == ["un diseñador para su web"]
    assert card.x_vinculo_expects.value == "Conocer emprendedores con proyectos serios"
    assert card.x_vinculo_met_date.value == "2026-03-12"
    assert card.x_vinculo_met_where.value == "Desayuno de la Cámara"
    assert card.x_vinculo_met_event.value == "Desayuno de la Cámara de Comercio"
    assert card.x_vinculo_strength.value == "0.7"
    assert card.x_vinculo_introduced_by.value == "c7"
    assert json.loads(card.x_vinculo_extra.value) == {"twitter": "@mjnunez"}


def test_vcard_export_of_a_bare_contact_has_only_its_name(user, network):
    card = _cards(user, "4.0")[f"c{network['ana'].pk}"]
    assert sorted(card.contents) == ["fn", "n", "prodid", "uid", "version", "x-vinculo-strength"]
    assert card.x_vinculo_strength.value == "none"
    assert (card.fn.value, card.n.value.given, card.n.value.family) == ("Ana", "Ana", "")


def test_vcard_export_is_only_the_owners(user, other_user, network):
    exported = network_export_file(user=other_user, format="vcard")
    assert (exported.data, exported.contacts) == (b"", 0)


def test_vcard_version_must_be_known(user):
    with pytest.raises(ValueError):
        network_export_file(user=user, format="vcard", vcard_version="2.1")


@pytest.mark.parametrize(
    ("name", "given", "family"),
    [
        ("María José Núñez", "María José", "Núñez"),
        ("Núñez Peña, José", "José", "Núñez Peña"),
        ("Ana", "Ana", ""),
        ("  Luis   Pérez ", "Luis", "Pérez"),
    ],
)
def test_name_split(name, given, family):
    assert name_split(name) == (given, family)
