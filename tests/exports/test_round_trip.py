"""An exported vCard file imported into an empty account: nothing lost."""

import pytest

from tests.factories import UserFactory
from vinculo.portability.exchange import network_export
from vinculo.portability.exporters import network_export_file
from vinculo.portability.exporters.vcard import vcard_fields_read
from vinculo.portability.importers.services import file_import
from vinculo.portability.importers.vcard import vcard_parse


def _contacts(user) -> dict[str, dict]:
    return {c["id"]: c for c in network_export(user=user)["contacts"]}


def test_vinculo_properties_are_read_back(user, network):
    card = {
        "lang": ["es", "en"],
        "x-vinculo-offer": ["contratos entre socios", "constitución de sociedades"],
        "x-vinculo-need": "un diseñador para su web",
        "x-vinculo-tag": ["legal", "familia, amigos"],
        "x-vinculo-expects": "Conocer emprendedores",
        "x-vinculo-introduced-by": "c7",
        "x-vinculo-met-date": "2026-03-12",
        "x-vinculo-met-where": "Desayuno de la Cámara",
        "x-vinculo-met-event": "Desayuno de la Cámara de Comercio",
        "x-vinculo-strength": "0.7",
        "x-vinculo-extra": '{"twitter": "@mjnunez", "met": {"mood": "bueno"}}',
        "x-skype": "mj.nunez",
    }
    assert vcard_fields_read(card) == {
        "languages": ["es", "en"],
        "offers": ["contratos entre socios", "constitución de sociedades"],
        "needs": ["un diseñador para su web"],
        "tags": ["legal", "familia, amigos"],
        "expects": "Conocer emprendedores",
        "introduced_by": "c7",
        "met": {"date": "2026-03-12", "where": "Desayuno de la Cámara", "mood": "bueno"},
        "strength": 0.7,
        "twitter": "@mjnunez",
    }
    # What was read is taken out; the rest stays for the contact's extra fields.
    assert card == {
        "x-vinculo-met-event": "Desayuno de la Cámara de Comercio",
        "x-skype": "mj.nunez",
    }


def test_unjudged_strength_is_read_as_none():
    assert vcard_fields_read({"x-vinculo-strength": "none"}) == {"strength": None}
    assert vcard_fields_read({"x-vinculo-strength": "mucha"}) == {}


def test_the_importer_reads_what_the_exporter_wrote(user, network):
    data = network_export_file(user=user, format="vcard", vcard_version="3.0").data
    entry = next(e for e in vcard_parse(data).entries if e.uid == "c1")
    assert entry.fields == {
        "languages": ["es", "en"],
        "offers": ["contratos entre socios", "constitución de sociedades"],
        "needs": ["un diseñador para su web"],
        "tags": ["legal", "familia, amigos"],
        "expects": "Conocer emprendedores con proyectos serios",
        "introduced_by": "c7",
        "met": {"date": "2026-03-12", "where": "Desayuno de la Cámara"},
        "strength": 0.7,
        "twitter": "@mjnunez",
    }


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_exported_vcard_imports_into_an_empty_account_with_nothing_lost(user, network, version):
    exported = network_export_file(user=user, format="vcard", vcard_version=version)
    empty = UserFactory(username="nueva")

    result = file_import(user=empty, data=exported.data, source_name="red.vcf")

    assert (result.report.created, result.report.errors) == (3, [])
    before, after = _contacts(user), _contacts(empty)
    assert sorted(after) == sorted(before)
    for ref, contact in before.items():
        expected = dict(contact)
        if "met" in expected:  # the event itself is not in a vCard file: its name is kept
            expected["met"] = {k: v for k, v in expected["met"].items() if k != "event"}
        got = dict(after[ref])
        got.pop("vcard", None)  # what the file held beyond the fields, kept aside
        assert got == expected, ref
