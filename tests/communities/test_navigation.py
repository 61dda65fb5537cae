"""The navigation of every page is kept per process once rendered (``{% cache %}`` in
base.html and the community's _nav.html): what it shows must still follow the language,
the community's name and the viewer's role, as if it were rendered every time."""

import re

from django.test import Client
from django.urls import reverse

from vinculo.communities import services

from .conftest import english_client


def community_nav(html: str) -> str:
    return re.search(r'<nav aria-label="[^"]+" class="community-nav">.*?</nav>', html, re.S)[0]


def test_the_community_navigation_follows_language_name_and_role(world):
    url = reverse("communities.directory", args=[world.slug])
    manage = reverse("communities.manage", args=[world.slug])
    owner = english_client(world.ana.user)
    nav = community_nav(owner.get(url).content.decode())
    assert "<strong>Cowork Sevilla</strong>" in nav
    assert f'<a href="{manage}">Manage</a>' in nav
    assert "Email digest" in nav

    # A plain member of the same community, in the same process: no organiser's links.
    member = community_nav(english_client(world.pedro.user).get(url).content.decode())
    assert "<strong>Cowork Sevilla</strong>" in member
    assert manage not in member

    spanish = Client()
    spanish.force_login(world.pedro.user)
    nav = community_nav(spanish.get(url).content.decode())
    assert "Resumen por correo" in nav
    assert "Email digest" not in nav

    services.workspace_update(actor=world.ana, description="", name="Cowork Triana")
    nav = community_nav(owner.get(url).content.decode())
    assert "<strong>Cowork Triana</strong>" in nav
    assert "Cowork Sevilla" not in nav


def test_the_main_navigation_follows_the_language(user):
    english = english_client(user).get(reverse("web.dashboard")).content.decode()
    spanish_client = Client()
    spanish_client.force_login(user)
    spanish = spanish_client.get(reverse("web.dashboard")).content.decode()
    assert f'<a href="{reverse("contacts.list")}">Contacts</a>' in english
    assert f'<a href="{reverse("contacts.list")}">Contactos</a>' in spanish
    assert "Contacts</a>" not in spanish
    # Signed out, no navigation at all, whatever was kept for those signed in.
    signed_out = Client().get(reverse("accounts.login")).content.decode()
    assert reverse("contacts.list") not in signed_out
