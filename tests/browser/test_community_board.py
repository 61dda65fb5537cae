"""The board of a community, in a real headless Chromium.

Cowork Sevilla: Ana (owner) offers tax advice for freelancers, María José Núñez and Luis
Ortega are members. María, on her phone and in Spanish, asks the board for a good gestor
in Seville; the board suggests Ana, whose offer meets the ask. Luis, at his desk and in
English, replies, and says “I know someone”: he picks Carmen, one of his own private
contacts. María sees that Luis knows someone and his words, never who the person is, and
accepts; Luis confirms that Carmen agreed and shares her email (her phone is offered only
if he picks it). Only then does María see Carmen's name and email; she marks the ask
solved, and the board shows it solved.
"""

import pytest
from playwright.sync_api import expect

from vinculo.communities import services as community_services

from ..communities.board.conftest import PERSON
from ..communities.conftest import PRIVATE, _join, plant_private_network
from ..factories import UserFactory, make_contact
from .conftest import log_in, section, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}

ASK = "¿Alguien conoce a un buen gestor en Sevilla?"
REPLY = "I know a very good one in Triana: I have offered to introduce you."
# What María reads of Luis's offer: it must not name the person.
MESSAGE = "A gestora in Triana who has done my taxes for years; she takes on freelancers."


def _assert_person_hidden(page):
    """Nothing of the person Luis knows, nor of his private network, is in the page, not
    even in its markup."""
    html = page.content()
    for secret in (*PERSON, *PRIVATE):
        assert secret not in html, secret


def test_ask_reply_i_know_someone_and_solve(page, browser, live_server, settings, mailoutbox):
    ana = community_services.workspace_create(
        user=UserFactory(username="ana", display_name="Ana García"), name="Cowork Sevilla"
    )
    maria = _join(ana, UserFactory(username="maria", display_name="María José Núñez"))
    luis = _join(ana, UserFactory(username="luis", display_name="Luis Ortega"))
    community_services.profile_update(
        membership=ana,
        does="Dirijo el cowork",
        offers=["asesoría fiscal para autónomos"],
        needs=["más miembros para el cowork"],
    )
    community_services.profile_update(
        membership=maria,
        does="Abogada de contratos",
        offers=["contratos entre socios"],
        needs=["un gestor para mis impuestos"],
    )
    community_services.profile_update(
        membership=luis,
        language="en",
        does="Web designer",
        offers=["web design for small businesses"],
        needs=["clients in Seville"],
    )
    # Luis's own network, private to him: Carmen, and people no page may ever show.
    plant_private_network(luis.user)
    make_contact(luis.user, name=PERSON[0], emails=[PERSON[1]], phones=[PERSON[2]], city="Sevilla")

    # María, on her phone in Spanish, asks the board.
    log_in(page.context, maria.user, live_server, settings, "es")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Comunidades").click()
    page.get_by_role("link", name="Cowork Sevilla").click()
    page.get_by_role("link", name="Tablón", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Peticiones y ofertas")
    expect(page.get_by_text("0 publicaciones", exact=True)).to_be_visible()
    expect(page.get_by_text("Aún no hay nada en el tablón: pide u ofrece algo.")).to_be_visible()
    page.get_by_role("button", name="Pide u ofrece algo").click()
    expect(page.get_by_label("pido algo")).to_be_checked()
    expect(page.get_by_label("Idioma")).to_have_value("es")
    page.get_by_label("Texto").fill(ASK)
    shot(page, "board-00-maria-writes")
    page.get_by_role("button", name="Publicar").click()
    expect(page.get_by_role("status")).to_have_text("Publicado en el tablón.")
    expect(page.get_by_role("heading", level=1)).to_have_text(ASK)
    # The board suggests the one member whose offer meets the ask.
    helpers = section(page, "Miembros que podrían ayudar").get_by_role("listitem")
    expect(helpers).to_have_count(1)
    expect(helpers.get_by_role("link")).to_have_text("Ana García")
    expect(helpers.locator("small")).to_have_text("asesoría fiscal para autónomos")
    expect(page.get_by_role("heading", name="0 respuestas")).to_be_visible()
    expect(page.get_by_role("button", name="Conozco a alguien")).to_have_count(0)
    shot(page, "board-01-maria-asks")
    ask_url = page.url

    desk = browser.new_context(locale="en-GB", timezone_id="Europe/Madrid", viewport=DESKTOP)
    try:
        luis_page = desk.new_page()
        luis_page.on(
            "console",
            lambda message: (
                page.csp_blocked.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        log_in(desk, luis.user, live_server, settings, "en")

        # Luis, at his desk in English, finds the ask, replies, and knows someone.
        luis_page.goto(live_server.url + "/")
        luis_page.get_by_role("link", name="Communities").click()
        luis_page.get_by_role("link", name="Cowork Sevilla").click()
        luis_page.get_by_role("link", name="Board").click()
        expect(luis_page.get_by_text("1 post", exact=True)).to_be_visible()
        row = luis_page.get_by_role("listitem").filter(has_text=ASK)
        expect(row.locator(".tag")).to_have_text(["Ask"])
        expect(row).to_contain_text("María José Núñez · ")
        expect(row).to_contain_text(" · 0 replies")
        row.get_by_role("link", name=ASK).click()
        helpers = section(luis_page, "Members who could help").get_by_role("listitem")
        expect(helpers).to_have_count(1)
        expect(helpers.get_by_role("link")).to_have_text("Ana García")
        expect(helpers.locator("small")).to_have_text("asesoría fiscal para autónomos")
        luis_page.get_by_label("Your reply").fill(REPLY)
        luis_page.get_by_role("button", name="Reply", exact=True).click()
        replies = section(luis_page, "1 reply").get_by_role("listitem")
        expect(replies).to_have_count(1)
        expect(replies.locator("strong")).to_have_text("Luis Ortega")
        expect(replies.get_by_role("paragraph")).to_have_text(REPLY)

        luis_page.get_by_role("button", name="I know someone").click()
        expect(luis_page.get_by_role("heading", level=1)).to_have_text("I know someone")
        expect(luis_page.get_by_role("main")).to_contain_text(
            "María José Núñez will see only that you know someone who could help, and your "
            "words. If they accept, you ask the person; only when you confirm they agreed will "
            "María José Núñez learn their name and the details you choose to share."
        )
        expect(luis_page.get_by_role("link", name="← Back to the ask")).to_have_attribute(
            "href", ask_url.removeprefix(live_server.url)
        )
        shot(luis_page, "board-02a-luis-opens-i-know-someone")
        luis_page.get_by_role(
            "searchbox", name="Find the person among your contacts (only you see this)"
        ).press_sequentially("carmen")
        expect(luis_page.get_by_role("radio")).to_have_count(1)
        expect(luis_page.get_by_text("Whom do you know? (only you see this)")).to_be_visible()
        luis_page.get_by_role("radio", name=f"{PERSON[0]} · Sevilla").check()
        luis_page.get_by_label("How could this person help? (the asker reads this)").fill(MESSAGE)
        shot(luis_page, "board-02b-luis-picks-carmen")
        luis_page.get_by_role("button", name="Offer the introduction").click()
        expect(luis_page.get_by_role("status")).to_have_text(
            "Thank you: the asker will see your offer, not who the person is."
        )
        assert luis_page.url == ask_url
        mine = section(luis_page, "Your offer to introduce someone").get_by_role("listitem")
        expect(mine).to_have_count(1)
        expect(mine.locator("strong")).to_have_text(PERSON[0])
        expect(mine.locator(".tag")).to_have_text("Offered")
        expect(mine.locator("small")).to_have_text(MESSAGE)
        expect(mine.get_by_role("button", name="Withdraw")).to_be_visible()
        expect(mine.get_by_role("button", name="They agreed: introduce them")).to_have_count(0)

        # María sees the reply and Luis's offer, but not whom he knows.
        page.get_by_role("link", name="Tablón", exact=True).click()
        row = page.get_by_role("listitem").filter(has_text=ASK)
        expect(row).to_contain_text(" · 1 respuesta")
        row.get_by_role("link", name=ASK).click()
        offers = section(page, "Quienes conocen a alguien").get_by_role("listitem")
        expect(offers).to_have_count(1)
        expect(offers.locator("strong")).to_have_text(
            "Luis Ortega conoce a alguien que podría ayudar"
        )
        expect(offers.locator(".tag")).to_have_text("Ofrecida")
        expect(offers.locator("small")).to_have_text(MESSAGE)
        replies = section(page, "1 respuesta").get_by_role("listitem")
        expect(replies.locator("strong")).to_have_text("Luis Ortega")
        expect(replies.get_by_role("paragraph")).to_have_text(REPLY)
        _assert_person_hidden(page)
        shot(page, "board-03-maria-sees-the-offer")
        offers.get_by_role("button", name="Sí, preséntanos, por favor").click()
        expect(page.get_by_role("status")).to_have_text(
            "Aceptado: le preguntarán a la persona y te avisaremos."
        )
        expect(offers.locator(".tag")).to_have_text("Aceptada")
        expect(offers.get_by_text("Esperando a que la persona acepte.")).to_be_visible()
        expect(offers.get_by_role("button")).to_have_count(0)
        _assert_person_hidden(page)
        shot(page, "board-03b-maria-accepted")

        # Luis asked Carmen, who agreed: he shares her email, not her phone.
        luis_page.reload()
        expect(mine.locator(".tag")).to_have_text("Accepted")
        mine.get_by_role("button", name="They agreed: introduce them").click()
        expect(luis_page.get_by_role("heading", level=1)).to_have_text("Introduce them")
        expect(luis_page.get_by_label("Their name")).to_have_value(PERSON[0])
        expect(luis_page.get_by_label("Email to share")).to_have_value(PERSON[1])
        # The phone is his to add, not shared unless he picks it.
        expect(luis_page.get_by_label("Phone to share")).to_have_value("")
        shot(luis_page, "board-04-luis-confirms")
        luis_page.get_by_role("button", name="They agreed: introduce them").click()
        expect(luis_page.get_by_role("status")).to_have_text(
            "Introduction made: both of you have an email."
        )
        expect(mine.locator(".tag")).to_have_text("Made")
        expect(mine.get_by_role("button", name="Withdraw")).to_have_count(0)

        # Now María learns who Carmen is, with the email Luis chose to share.
        page.reload()
        expect(offers.locator("strong")).to_have_text(PERSON[0])
        expect(offers.locator(".tag")).to_have_text("presentación de Luis Ortega")
        expect(offers.get_by_role("link", name=PERSON[1])).to_have_attribute(
            "href", f"mailto:{PERSON[1]}"
        )
        html = page.content()
        assert PERSON[2] not in html  # the phone Luis chose not to share
        assert [secret for secret in PRIVATE if secret in html] == []
        shot(page, "board-05-maria-meets-carmen")

        page.get_by_role("button", name="Marcar como resuelta").click()
        expect(page.get_by_role("article").locator(".tag")).to_have_text(["Petición", "Resuelta"])
        expect(page.get_by_role("button", name="Volver a abrir")).to_be_visible()
        expect(page.get_by_role("heading", name="Miembros que podrían ayudar")).to_have_count(0)
        shot(page, "board-06-maria-solved-her-ask")
        page.get_by_role("link", name="← Tablón").click()
        row = page.get_by_role("listitem").filter(has_text=ASK)
        expect(row.locator(".tag")).to_have_text(["Petición", "Resuelta"])
        expect(row).to_contain_text(" · 1 respuesta")
        page.get_by_label("Mostrar").select_option(label="Abiertas")
        expect(page.get_by_text("0 publicaciones", exact=True)).to_be_visible()
        expect(page.get_by_text("Nada en el tablón coincide con eso.")).to_be_visible()
        page.get_by_label("Mostrar").select_option(label="Peticiones resueltas")
        expect(page.get_by_text("1 publicación", exact=True)).to_be_visible()
        expect(row.locator(".tag")).to_have_text(["Petición", "Resuelta"])
        expect(page).to_have_url(
            f"{live_server.url}/communities/cowork-sevilla/board/?q=&show=solved&kind="
        )
        shot(page, "board-07-solved-on-the-board")

        # Luis sees the ask solved: no more offers to introduce someone on it.
        luis_page.reload()
        expect(luis_page.get_by_role("article").locator(".tag")).to_have_text(["Ask", "Solved"])
        expect(luis_page.get_by_role("button", name="I know someone")).to_have_count(0)
        expect(mine.locator(".tag")).to_have_text("Made")
        shot(luis_page, "board-08-luis-sees-it-solved")
    finally:
        desk.close()

    # Everyone was told by email, each in their own language.
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (
            [ana.user.email],
            "María José Núñez pide algo en lo que quizá puedas ayudar, en Cowork Sevilla",
        ),
        ([maria.user.email], "Luis Ortega conoce a alguien que podría ayudarte"),
        ([luis.user.email], "María José Núñez would like your introduction"),
        ([maria.user.email], f"Luis Ortega te presenta a {PERSON[0]}"),
        ([luis.user.email], f"Your introduction of {PERSON[0]} to María José Núñez"),
    ]
    assert all(PERSON[2] not in m.body for m in mailoutbox if m.to == [maria.user.email])
    # The one that introduces Carmen leads back to the ask, to mark it solved.
    assert mailoutbox[3].body.endswith(
        f"Tu petición, para marcarla como resuelta cuando tengas lo que necesitabas:\n{ask_url}\n"
    )
