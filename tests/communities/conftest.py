"""Two communities with several members each, and private data for everyone that a
community page must never show.

Cowork Sevilla: Ana (owner), Olga (organiser), María José Núñez and Pedro (members).
Club Madrid: Bruno (owner) and Berta (member). Nadia belongs to no community.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from vinculo.activity import services as activity_services
from vinculo.communities import services
from vinculo.communities.models import Membership
from vinculo.people import services as people_services

from ..factories import UserFactory, make_contact

# Words in the members' own networks: no community page or endpoint may ever show them.
PRIVATE = (
    "Contacto Privadísimo",
    "privado@example.org",
    "Nota confidencial",
    "Necesidad Privada",
    "Llamada privada",
)


def plant_private_network(user) -> None:
    contact = make_contact(
        user,
        name=f"{PRIVATE[0]} de {user.username}",
        emails=[PRIVATE[1]],
        notes=PRIVATE[2],
        needs=[PRIVATE[3]],
    )
    friend = make_contact(user, name=f"Amistad privada de {user.username}")
    people_services.tie_create(owner=user, a=contact, b=friend, strength=0.8)
    activity_services.interaction_log(
        owner=user,
        contact=contact,
        kind="call",
        direction="gave",
        date=datetime.date(2026, 1, 5),
        summary=PRIVATE[4],
    )


@dataclass
class World:
    ana: Membership
    olga: Membership
    mj: Membership
    pedro: Membership
    bruno: Membership
    berta: Membership
    nadia: object

    @property
    def slug(self) -> str:
        return self.ana.workspace.slug

    @property
    def other_slug(self) -> str:
        return self.bruno.workspace.slug


def _join(owner: Membership, user, *, role: str = "member") -> Membership:
    link = services.invitation_link_create(actor=owner)
    member, _new = services.invitation_accept(user=user, invitation=link)
    if role != "member":
        member = services.member_set_role(actor=owner, member=member, role=role)
    return member


@pytest.fixture
def world(user) -> World:
    user.display_name = "Ana García"
    user.does = "Dirijo el cowork"
    user.save()
    users = {
        name: UserFactory(username=name)
        for name in ("olga", "mj", "pedro", "bruno", "berta", "nadia")
    }
    ana = services.workspace_create(
        user=user, name="Cowork Sevilla", description="Gente que trabaja en el cowork."
    )
    olga = _join(ana, users["olga"], role="organiser")
    mj = _join(ana, users["mj"])
    pedro = _join(ana, users["pedro"])
    bruno = services.workspace_create(user=users["bruno"], name="Club Madrid")
    berta = _join(bruno, users["berta"])
    services.profile_update(
        membership=olga,
        name="Olga Pérez",
        sector="Legal",
        city="Córdoba",
        offers=["mentoría para abogados"],
    )
    services.profile_update(
        membership=mj,
        name="María José Núñez",
        does="Abogada de contratos",
        sector="Legal",
        city="Sevilla",
        offers=["contratos entre socios"],
        needs=["un diseñador para su web"],
        visibility={"needs": "organisers"},
    )
    services.profile_update(
        membership=pedro,
        name="Pedro Ruiz",
        does="Diseño web",
        pitch="Hago webs que venden.",
        sector="Diseño",
        city="Málaga",
        offers=["diseño web para despachos"],
        needs=["clientes en Sevilla"],
        visibility={"city": "me", "pitch": "organisers"},
    )
    services.profile_update(membership=berta, name="Berta Club", offers=["contratos entre socios"])
    for u in (user, *users.values()):
        plant_private_network(u)
    for m in (ana, olga, mj, pedro, bruno, berta):
        m.refresh_from_db()
    return World(ana, olga, mj, pedro, bruno, berta, users["nadia"])


def english_client(user=None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def api_client(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
