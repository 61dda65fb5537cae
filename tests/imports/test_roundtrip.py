"""A network exported as vCard or CSV (``portability.exporters``) and imported into an empty
account comes back with what Vínculo keeps beyond an address book."""

import datetime

import pytest

from vinculo.people.models import Contact
from vinculo.portability.exporters import network_export_file
from vinculo.portability.importers.services import file_import

from ..factories import make_contact


def people(user) -> list[tuple]:
    return [
        (
            c.name,
            c.organization.name if c.organization else "",
            c.emails,
            c.phones,
            c.city,
            c.country,
            sorted(c.tags.values_list("name", flat=True)),
            list(c.offers.values_list("text", flat=True)),
            list(c.needs.values_list("text", flat=True)),
            c.does,
            c.strength,
            c.met_on,
            c.met_where,
        )
        for c in Contact.objects.for_user(user).select_related("organization").order_by("name")
    ]


@pytest.mark.parametrize(("kind", "version"), [("vcard", "4.0"), ("vcard", "3.0"), ("csv", "")])
def test_export_then_import_keeps_the_network(user, other_user, kind, version):
    make_contact(
        user,
        name="María José Núñez",
        organization="Núñez Abogados",
        emails=["mj@nunezabogados.example"],
        phones=["+34 612 34 56 78"],
        city="Sevilla",
        country="ES",
        tags=["legal", "clientes"],
        offers=["contratos entre socios"],
        needs=["un diseñador para su web"],
        does="Abogada mercantil",
        strength=0.8,
        met_on=datetime.date(2024, 5, 6),
        met_where="Desayuno de la Cámara",
    )
    make_contact(user, name="Íñigo Muñoz", emails=["inigo@example.es"], strength=0.5)
    exported = network_export_file(user=user, format=kind, vcard_version=version or "4.0")

    result = file_import(user=other_user, data=exported.data, source_name=exported.filename)

    assert (result.report.created, result.report.errors) == (2, [])
    assert people(other_user) == people(user)
