"""A bilingual community for member introductions, and real workers for its tasks.

Red Bilingüe (Spanish): Ana (owner), Olga (organiser), Lucía, Tom (writes in English),
Marta and Pedro (members). Each profile's offers and needs are written so that the pairs
the engine must find are known exactly, in Spanish, in English and across them.

The worker fixtures come from tests/tasks: importing them here also puts the SQLite test
database in a file, so that worker processes reach it.
"""

from dataclasses import dataclass

import pytest

from tests.factories import UserFactory
from tests.tasks.conftest import home, start_workers  # noqa: F401  (fixtures)
from vinculo.communities import services
from vinculo.communities.models import Membership


@dataclass
class Red:
    ana: Membership
    olga: Membership
    lucia: Membership
    tom: Membership
    marta: Membership
    pedro: Membership

    @property
    def workspace(self):
        return self.ana.workspace

    @property
    def slug(self) -> str:
        return self.ana.workspace.slug


def join(owner: Membership, username: str, *, role: str = "member", language: str = "es"):
    user = UserFactory(username=username, language=language)
    link = services.invitation_link_create(actor=owner)
    member, _new = services.invitation_accept(user=user, invitation=link)
    if role != "member":
        member = services.member_set_role(actor=owner, member=member, role=role)
    return member


@pytest.fixture
def red(user) -> Red:
    user.display_name = "Ana García"
    user.save()
    ana = services.workspace_create(user=user, name="Red Bilingüe", language="es")
    olga = join(ana, "olga", role="organiser")
    lucia = join(ana, "lucia")
    tom = join(ana, "tom", language="en")
    marta = join(ana, "marta")
    pedro = join(ana, "pedro")
    services.profile_update(
        membership=olga,
        name="Olga Pérez",
        needs=["traducción al inglés"],
        visibility={"needs": "organisers"},
    )
    services.profile_update(
        membership=lucia,
        name="Lucía Gómez",
        needs=["un diseñador para mi web"],
        offers=["asesoría fiscal para autónomos"],
    )
    services.profile_update(
        membership=tom,
        name="Tom Baker",
        language="en",
        needs=["a tax advisor"],
        offers=["web design for small firms"],
    )
    services.profile_update(
        membership=marta,
        name="Marta Ruiz",
        offers=["diseño web para despachos"],
        visibility={"offers": "me"},
    )
    services.profile_update(
        membership=pedro, name="Pedro Sanz", offers=["English translation of documents"]
    )
    for m in (ana, olga, lucia, tom, marta, pedro):
        m.refresh_from_db()
    return Red(ana, olga, lucia, tom, marta, pedro)
