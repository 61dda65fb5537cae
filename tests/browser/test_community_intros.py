"""Member introductions in a community, in a real headless Chromium.

Red Bilingüe: Ana García (owner), and five members whose needs and offers meet across two
languages. Lucía Gómez writes in Spanish: she needs a designer for her web and offers tax
advice for freelancers. Tom Baker writes in English: he needs a tax advisor and offers web
design. Olga Pérez needs an English translation (only organisers see her need), Peter Walsh
translates into English, and Marta Ruiz designs webs but shows her offer to nobody.

The suggestions are computed as the workers compute them. Ana, at her desk, opens the best
introductions to make this week: Tom and Lucía, and Olga and Peter. Lucía, on her phone,
sees that Tom could help her and that she could help him, each reason in Spanish (never
Marta); she asks to be introduced, with a few words. Tom is asked by email, in English,
without Lucía's email; he opens the link at his desk and accepts. Only then does each see
the other's email, and each is told so by email in their own language; Lucía says it
helped, and Tom is still asked his own answer. Ana sees the pair made and gone from
her list; she may open it, but never sees their emails, nor Lucía's words to Tom. She
proposes that Olga and Peter meet: both are asked by email, each in their language; Olga
accepts, Peter declines and Olga is told by email; neither ever sees the other's email.
"""

import re
from contextlib import ExitStack

import pytest
from playwright.sync_api import expect

from vinculo.communities import matching
from vinculo.communities import services as community_services

from ..communities.conftest import PRIVATE, _join, plant_private_network
from ..factories import UserFactory
from .conftest import PHONE, log_in, section, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}

HOLA = "Hola Tom: ¿hablamos de mi web? Yo te echo una mano con los impuestos."
NOTE = "Olga busca quien le traduzca al inglés, y Peter lo hace a diario."

# What each sees, in their own language, of the pairs the engine found.
TOM_HELPS_LUCIA = (
    "Tom Baker ofrece «web design for small firms», para tu necesidad «un diseñador para mi "
    "web» (en común: diseño web)"
)
LUCIA_HELPS_TOM = (
    "Tom Baker necesita «a tax advisor»; tú ofreces «asesoría fiscal para autónomos» "
    "(en común: impuestos)"
)
TOM_AND_LUCIA = (
    "Tom Baker necesita «a tax advisor»; Lucía Gómez ofrece «asesoría fiscal para autónomos» "
    "(en común: impuestos)"
)
OLGA_AND_PETER = (
    "Olga Pérez necesita «traducción al inglés»; Peter Walsh ofrece «English translation of "
    "documents» (en común: traducción, inglés)"
)


def _assert_private_hidden(page, *emails):
    """No one's private network, nor any of ``emails``, is in the page, not even in its
    markup."""
    html = page.content()
    for secret in (*PRIVATE, *emails):
        assert secret not in html, secret


def test_suggest_ask_accept_and_propose(page, browser, live_server, settings, mailoutbox):
    ana = community_services.workspace_create(
        user=UserFactory(username="ana", display_name="Ana García"),
        name="Red Bilingüe",
        language="es",
    )
    lucia = _join(ana, UserFactory(username="lucia"))
    tom = _join(ana, UserFactory(username="tom", language="en"))
    olga = _join(ana, UserFactory(username="olga"))
    peter = _join(ana, UserFactory(username="peter", language="en"))
    marta = _join(ana, UserFactory(username="marta"))
    community_services.profile_update(
        membership=lucia,
        name="Lucía Gómez",
        needs=["un diseñador para mi web"],
        offers=["asesoría fiscal para autónomos"],
    )
    community_services.profile_update(
        membership=tom,
        name="Tom Baker",
        language="en",
        needs=["a tax advisor"],
        offers=["web design for small firms"],
    )
    community_services.profile_update(
        membership=olga,
        name="Olga Pérez",
        needs=["traducción al inglés"],
        visibility={"needs": "organisers"},
    )
    community_services.profile_update(
        membership=peter,
        name="Peter Walsh",
        language="en",
        offers=["English translation of documents"],
    )
    community_services.profile_update(
        membership=marta,
        name="Marta Ruiz",
        offers=["diseño web para despachos"],
        visibility={"offers": "me"},
    )
    for member in (ana, lucia, tom, olga, peter, marta):
        plant_private_network(member.user)
    # What the workers do for the whole community (one chunk of needers, every id).
    assert (
        matching.matches_chunk_compute(
            workspace_id=ana.workspace_id, first_id=0, last_id=community_services.LAST_ID
        )
        == 4
    )

    with ExitStack() as stack:

        def person(membership, language, viewport):
            context = browser.new_context(
                locale="es-ES" if language == "es" else "en-GB",
                timezone_id="Europe/Madrid",
                viewport=viewport,
                is_mobile=viewport == PHONE,
                has_touch=viewport == PHONE,
            )
            stack.callback(context.close)
            log_in(context, membership.user, live_server, settings, language)
            other = context.new_page()
            other.on(
                "console",
                lambda message: (
                    page.csp_blocked.append(message.text)
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
            return other

        # Ana, at her desk, looks at the best introductions to make this week.
        desk = person(ana, "es", DESKTOP)
        desk.goto(live_server.url + "/")
        desk.get_by_role("link", name="Comunidades").click()
        desk.get_by_role("link", name="Red Bilingüe").click()
        desk.get_by_role("navigation", name="Comunidad").get_by_role(
            "link", name="Presentaciones"
        ).click()
        # A link styled as a button.
        desk.get_by_role("button", name="Las mejores presentaciones para hacer esta semana").click()
        expect(desk.get_by_role("heading", level=1)).to_have_text(
            "Las mejores presentaciones para hacer esta semana"
        )
        expect(
            desk.get_by_text(
                "4 necesidades y ofertas que encajan, calculadas para esta comunidad; abajo, las "
                "mejores presentaciones aún por hacer."
            )
        ).to_be_visible()
        rows = desk.locator("#to-make article")
        expect(rows.locator("header")).to_have_text(
            ["Tom Baker · Lucía Gómez", "Olga Pérez · Peter Walsh"]
        )
        expect(rows.locator("p")).to_have_text([TOM_AND_LUCIA, OLGA_AND_PETER])
        expect(rows.get_by_role("button", name="Proponer esta presentación")).to_have_count(2)
        latest = section(desk, "Últimas presentaciones")
        expect(latest).to_contain_text("Todavía no hay presentaciones.")
        _assert_private_hidden(desk)
        shot(desk, "intros-01-ana-best-introductions")

        # Lucía, on her phone in Spanish, finds who could help her and whom she could help.
        log_in(page.context, lucia.user, live_server, settings, "es")
        page.goto(live_server.url + "/")
        page.get_by_role("link", name="Comunidades").click()
        page.get_by_role("link", name="Red Bilingüe").click()
        page.get_by_role("navigation", name="Comunidad").get_by_role(
            "link", name="Presentaciones"
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Presentaciones")
        expect(
            page.get_by_role("button", name="Las mejores presentaciones para hacer esta semana")
        ).to_have_count(0)
        helps_her = section(page, "Personas de la comunidad que podrían ayudarte")
        expect(helps_her.get_by_role("article")).to_have_count(1)
        expect(helps_her.get_by_role("article").get_by_role("link")).to_have_text("Tom Baker")
        # Tom could help her and she him: one card with both reasons, one button.
        expect(helps_her.get_by_role("article").locator("p")).to_have_text(
            [TOM_HELPS_LUCIA, f"Y tú podrías ayudarle: {LUCIA_HELPS_TOM}"]
        )
        she_helps = section(page, "Personas a las que podrías ayudar")
        expect(she_helps.get_by_role("article")).to_have_count(0)
        expect(she_helps.locator("p")).to_have_text(
            "Solo las personas de arriba, que también podrían ayudarte."
        )
        expect(section(page, "Mis presentaciones")).to_contain_text(
            "Todavía no tienes presentaciones."
        )
        # Marta shows her offer to nobody: her name is not on Lucía's suggestions.
        assert "Marta Ruiz" not in page.content()
        _assert_private_hidden(page, tom.user.email)
        shot(page, "intros-02-lucia-suggestions")

        helps_her.get_by_label("Unas palabras para esa persona (opcional)").fill(HOLA)
        helps_her.get_by_role("button", name="Pedir que te presenten a Tom Baker").click()
        expect(page.get_by_role("status")).to_have_text(
            "Presentación pedida: preguntaremos a Tom Baker si acepta."
        )
        expect(page.get_by_role("heading", level=1)).to_have_text("Lucía Gómez y Tom Baker")
        article = page.get_by_role("article")
        expect(article.locator("header small")).to_have_text(
            "Aceptada por una parte · pedida por Lucía Gómez"
        )
        expect(article.get_by_text("Falta la respuesta de Tom Baker.")).to_be_visible()
        # Why the two were matched: what Tom needs and Lucía offers, in her words.
        expect(article.locator(".reason")).to_have_text(
            "Lo que una persona necesita y la otra ofrece: impuestos."
        )
        expect(article.locator("blockquote")).to_have_text(HOLA)
        expect(
            article.get_by_text("Cada parte verá el correo de la otra cuando ambas acepten.")
        ).to_be_visible()
        expect(page.get_by_role("button", name="Aceptar")).to_have_count(0)
        _assert_private_hidden(page, tom.user.email)
        shot(page, "intros-03-lucia-asked")
        intro_url = page.url
        assert re.fullmatch(
            re.escape(live_server.url) + r"/communities/red-bilingue/introductions/\d+/",
            intro_url,
        )

        # Tom is asked by email, in English; nothing of Lucía's is in it but her words.
        [asked] = mailoutbox
        assert (asked.to, asked.subject) == (
            [tom.user.email],
            "Lucía Gómez would like to meet you in Red Bilingüe",
        )
        assert asked.body == (
            "Hello Tom Baker: Lucía Gómez, of Red Bilingüe, would like to be introduced to you.\n"
            f"\n{HOLA}\n\n"
            "Your email is shared only if you accept. Accept or decline here:\n"
            f"{intro_url}\n"
        )

        page.get_by_role("link", name="Todas mis presentaciones").click()
        # Tom, now asked, is suggested no more.
        expect(helps_her.get_by_role("article")).to_have_count(0)
        expect(she_helps.get_by_role("article")).to_have_count(0)
        # Her profile has both: nobody else for now, not "add it to your profile".
        expect(helps_her.locator("p")).to_have_text(
            "Nadie más por ahora: las sugerencias llegan a medida que los miembros añaden lo "
            "que ofrecen."
        )
        expect(section(page, "Mis presentaciones").get_by_role("listitem")).to_have_text(
            ["Tom Baker · aceptada por una parte"]
        )
        shot(page, "intros-04-lucia-waits")

        # Tom follows the link in the email, at his desk in English, and accepts.
        tom_page = person(tom, "en", DESKTOP)
        tom_page.goto(intro_url)
        expect(tom_page.get_by_role("heading", level=1)).to_have_text("Lucía Gómez and Tom Baker")
        tom_article = tom_page.get_by_role("article")
        expect(tom_article.locator("header small")).to_have_text(
            "Accepted by one side · asked for by Lucía Gómez"
        )
        expect(tom_article.locator(".reason")).to_have_text(
            "What one needs and the other offers: tax."
        )
        expect(tom_article.get_by_text("Waiting for your answer.")).to_be_visible()
        expect(tom_article.locator("blockquote")).to_have_text(HOLA)
        expect(
            tom_article.get_by_text("Each of you sees the other's email once both accept.")
        ).to_be_visible()
        _assert_private_hidden(tom_page, lucia.user.email)
        shot(tom_page, "intros-05-tom-is-asked")
        tom_page.get_by_role("button", name="Accept").click()
        expect(tom_page.get_by_role("status")).to_have_text(
            "Introduction made: you can now write to each other."
        )
        expect(tom_article.locator("header small")).to_have_text("Made · asked for by Lucía Gómez")
        expect(tom_article.locator(".contact-email")).to_have_text(
            "Write to Lucía Gómez at lucia@example.org"
        )
        expect(tom_article.get_by_role("link", name="lucia@example.org")).to_have_attribute(
            "href", "mailto:lucia@example.org"
        )
        expect(tom_page.get_by_role("button", name="Accept")).to_have_count(0)
        expect(tom_page.get_by_role("button", name="Decline")).to_have_count(0)
        expect(tom_article.get_by_role("button")).to_have_text(["It helped", "It did not help"])
        _assert_private_hidden(tom_page)
        shot(tom_page, "intros-06-tom-accepted")
        tom_page.get_by_role("navigation", name="Community").get_by_role(
            "link", name="Introductions"
        ).click()
        expect(tom_page.get_by_role("article")).to_have_count(0)
        expect(section(tom_page, "My introductions").get_by_role("listitem")).to_have_text(
            ["Lucía Gómez · made"]
        )

        # Both are told by email, each in their own language, with the other's email.
        assert [(m.to, m.subject) for m in mailoutbox[1:]] == [
            ([lucia.user.email], "Tom Baker y tú ya estáis presentados"),
            ([tom.user.email], "You and Lucía Gómez are introduced"),
        ]
        assert mailoutbox[1].body == (
            "Hola, Lucía Gómez: Tom Baker y tú habéis aceptado la presentación en Red "
            "Bilingüe.\n\n"
            "Escribe a Tom Baker a tom@example.org.\n\n"
            f"Después, cuéntanos si sirvió:\n{intro_url}\n"
        )
        assert mailoutbox[2].body == (
            "Hello Tom Baker: you and Lucía Gómez both accepted the introduction in Red "
            "Bilingüe.\n\n"
            "Write to Lucía Gómez at lucia@example.org.\n\n"
            f"Afterwards, tell us whether it helped:\n{intro_url}\n"
        )

        # Lucía now sees Tom's email, and says it helped.
        page.get_by_role("link", name="Tom Baker").click()
        expect(article.locator("header small")).to_have_text("Hecha · pedida por Lucía Gómez")
        expect(article.locator(".contact-email")).to_have_text(
            "Escribe a Tom Baker a tom@example.org"
        )
        expect(article.get_by_role("link", name="tom@example.org")).to_have_attribute(
            "href", "mailto:tom@example.org"
        )
        shot(page, "intros-07-lucia-sees-toms-email")
        article.get_by_role("button", name="Sirvió", exact=True).click()
        expect(page.get_by_role("status")).to_have_text(
            "Gracias: quienes organizan ven cómo van las presentaciones."
        )
        expect(article.get_by_text("¿Te sirvió?")).to_have_text(
            "¿Te sirvió? Dijiste que te sirvió."
        )
        shot(page, "intros-08-lucia-says-it-helped")

        # Tom's page of the introduction, once Lucía has answered.
        tom_page.goto(intro_url)
        expect(tom_article.locator(".contact-email")).to_have_text(
            "Write to Lucía Gómez at lucia@example.org"
        )
        # Her answer is hers: Tom is still asked his own.
        expect(tom_article.get_by_text("Did it help you?")).to_have_text("Did it help you?")
        shot(tom_page, "intros-09-tom-after-lucias-answer")

        # Ana sees it made; the pair leaves her list, and she proposes Olga and Peter.
        desk.reload()
        expect(rows.locator("header")).to_have_text(["Olga Pérez · Peter Walsh"])
        expect(rows.locator("p")).to_have_text([OLGA_AND_PETER])
        expect(latest.get_by_role("listitem")).to_have_text(
            ["Lucía Gómez · Tom Baker · hecha · sirvió"]
        )
        # An organiser sees that it was made, never the emails the two now share.
        _assert_private_hidden(desk, lucia.user.email, tom.user.email)
        shot(desk, "intros-10-ana-sees-it-made")
        latest.get_by_role("link", name="Lucía Gómez · Tom Baker").click()
        expect(desk.get_by_role("heading", level=1)).to_have_text("Lucía Gómez y Tom Baker")
        ana_article = desk.get_by_role("article")
        expect(ana_article.locator("header small")).to_have_text("Hecha · pedida por Lucía Gómez")
        # Not a side: nothing to answer, no email to write to, not Lucía's words to Tom.
        expect(ana_article.get_by_role("button")).to_have_count(0)
        expect(ana_article.locator("blockquote")).to_have_count(0)
        expect(ana_article.locator(".contact-email")).to_have_count(0)
        _assert_private_hidden(desk, lucia.user.email, tom.user.email)
        shot(desk, "intros-11-ana-opens-the-introduction")
        desk.get_by_role("link", name="Todas mis presentaciones").click()
        desk.get_by_role("button", name="Las mejores presentaciones para hacer esta semana").click()
        rows.get_by_label("Unas palabras para las dos personas (opcional)").fill(NOTE)
        rows.get_by_role("button", name="Proponer esta presentación").click()
        expect(desk.get_by_role("status")).to_have_text(
            "Presentación propuesta a Olga Pérez y Peter Walsh."
        )
        expect(rows).to_have_count(0)
        expect(desk.get_by_text("No hay sugerencias por ahora.")).to_be_visible()
        expect(latest.get_by_role("listitem")).to_have_text(
            ["Olga Pérez · Peter Walsh · propuesta", "Lucía Gómez · Tom Baker · hecha · sirvió"]
        )
        shot(desk, "intros-12-ana-proposed")

        assert [(m.to, m.subject) for m in mailoutbox[3:]] == [
            ([olga.user.email], "Ana García te propone conocer a Peter Walsh en Red Bilingüe"),
            ([peter.user.email], "Ana García suggests you meet Olga Pérez in Red Bilingüe"),
        ]
        # Both are sent to the page of the introduction Ana's list links to.
        olga_url = live_server.url + latest.get_by_role(
            "link", name="Olga Pérez · Peter Walsh"
        ).get_attribute("href")
        assert mailoutbox[3].body == (
            "Hola, Olga Pérez: Ana García, que organiza Red Bilingüe, te propone conocer a "
            f"Peter Walsh.\n\n{NOTE}\n\n"
            "Tu correo solo se comparte si ambas partes aceptáis. Acepta o rechaza aquí:\n"
            f"{olga_url}\n"
        )
        assert mailoutbox[4].body == (
            "Hello Peter Walsh: Ana García, an organiser of Red Bilingüe, suggests that you "
            f"meet Olga Pérez.\n\n{NOTE}\n\n"
            "Your email is shared only if you both accept. Accept or decline here:\n"
            f"{olga_url}\n"
        )

        # Olga accepts on her phone; her email is not shared until Peter accepts.
        olga_page = person(olga, "es", PHONE)
        olga_page.goto(olga_url)
        expect(olga_page.get_by_role("heading", level=1)).to_have_text("Olga Pérez y Peter Walsh")
        olga_article = olga_page.get_by_role("article")
        expect(olga_article.locator("header small")).to_have_text(
            "Propuesta · propuesta por Ana García"
        )
        expect(olga_article.locator("blockquote")).to_have_text(NOTE)
        olga_page.get_by_role("button", name="Aceptar").click()
        expect(olga_page.get_by_role("status")).to_have_text(
            "Aceptada: falta la respuesta de la otra persona."
        )
        expect(olga_article.locator("header small")).to_have_text(
            "Aceptada por una parte · propuesta por Ana García"
        )
        expect(olga_article.get_by_text("Falta la respuesta de Peter Walsh.")).to_be_visible()
        expect(
            olga_article.get_by_text("Cada parte verá el correo de la otra cuando ambas acepten.")
        ).to_be_visible()
        expect(olga_page.get_by_role("button", name="Aceptar")).to_have_count(0)
        _assert_private_hidden(olga_page, peter.user.email)
        shot(olga_page, "intros-13-olga-accepted")

        # Peter declines at his desk: nothing is shared, with either.
        peter_page = person(peter, "en", DESKTOP)
        peter_page.goto(olga_url)
        expect(peter_page.get_by_role("heading", level=1)).to_have_text(
            "Olga Pérez and Peter Walsh"
        )
        peter_page.get_by_role("button", name="Decline").click()
        expect(peter_page.get_by_role("status")).to_have_text(
            "Declined. Nothing of yours was shared."
        )
        peter_article = peter_page.get_by_role("article")
        expect(peter_article.locator("header small")).to_have_text(
            "Declined · proposed by Ana García"
        )
        expect(peter_article.get_by_role("button")).to_have_count(0)
        _assert_private_hidden(peter_page, olga.user.email)
        shot(peter_page, "intros-14-peter-declined")

        olga_page.reload()
        expect(olga_article.locator("header small")).to_have_text(
            "Rechazada · propuesta por Ana García"
        )
        expect(olga_article.locator("button")).to_have_count(0)
        _assert_private_hidden(olga_page, peter.user.email)
        shot(olga_page, "intros-15-olga-sees-it-declined")

        desk.reload()
        expect(latest.get_by_role("listitem")).to_have_text(
            ["Olga Pérez · Peter Walsh · rechazada", "Lucía Gómez · Tom Baker · hecha · sirvió"]
        )
        shot(desk, "intros-16-ana-latest-introductions")

    # Olga, who had accepted, is told that Peter cannot, in Spanish; nobody else was written
    # to: six emails in all.
    assert (mailoutbox[5].to, mailoutbox[5].subject) == (
        [olga.user.email],
        "Peter Walsh no puede aceptar la presentación esta vez",
    )
    assert mailoutbox[5].body == (
        "Hola, Olga Pérez: Peter Walsh no puede aceptar la presentación en Red Bilingüe esta "
        f"vez.\n\nNo se ha compartido nada tuyo. La presentación:\n{olga_url}\n"
    )
    assert len(mailoutbox) == 6
