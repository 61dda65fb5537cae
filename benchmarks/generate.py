"""Fill the database of the current VINCULO_HOME with a realistic network, fast.

    python -m benchmarks.generate --contacts 50000 --interactions 200000 --user bench [--seed 1]

Spanish and English names with their accents, organizations, titles, cities in Spain,
Latin America, the UK and the US, tags, two needs and three offers per contact, ties
and interactions over the last three years. Everything is written inside one
transaction: organizations, tags, events and contacts with ``bulk_create`` in batches, the
many small child rows (offers, needs, interactions, ties, tag links) with ``executemany``
(see ``insert_rows``). The searchable column comes from the same ``contact_search_text``
and phones from the same ``phone_normalize`` the app uses, so the rows are what the app
itself would have written. Creation times are spread over three years, as if the network
had been built by hand.
"""

# The word lists below read better as one string split on spaces than as long list literals.
# ruff: noqa: SIM905

import argparse
import contextlib
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vinculo.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402

from vinculo.activity.models import Event, Interaction  # noqa: E402
from vinculo.core.db import statistics_refresh  # noqa: E402
from vinculo.engines.text import fold  # noqa: E402
from vinculo.people.models import Contact, Need, Offer, Organization, Tag, Tie  # noqa: E402
from vinculo.people.phones import phone_normalize  # noqa: E402
from vinculo.people.services import contact_search_text  # noqa: E402

DEFAULT_PASSWORD = "vinculo-bench-2026"  # a throwaway account on a throwaway database
BATCH = 5000
NOTHING = {}  # the ``extra`` of every generated row: one object, so it is encoded once
YEARS = 3

# --- names ---------------------------------------------------------------------------

ES_FIRST = (
    "María José Lucía Begoña Íñigo Álvaro Sofía Inés Ramón Jesús Ángel Ángela Mónica "
    "Verónica Raúl Óscar Adrián Andrés Joaquín Nuria Rocío Aitor Iker Ainhoa Itziar Maite "
    "Susana Javier Héctor Rubén Julián Sebastián Martín Valentina Camila Ximena Renata "
    "Agustín Tomás Matías Lourdes Araceli Concepción Dolores Pilar Consuelo Gonzalo Fernando "
    "Pablo Carmen Elena Marta Laura Paula Sara Irene Alba Noelia Patricia Cristina Beatriz "
    "Yolanda Rosa Isabel Teresa Ana Juan Luis Carlos Miguel Jorge Diego Sergio Alejandro "
    "Daniel David Francisco Antonio Manuel Pedro Emilio Ignacio Nicolás Esteban Leire Amaia "
    "Xabier Jordi Montserrat Núria Mercè Pau Oriol Guadalupe Fátima Zaida Ismael Efraín"
).split()
ES_COMPOUND = (
    "María José",
    "Juan Carlos",
    "José Luis",
    "Ana Belén",
    "María Jesús",
    "José Ángel",
    "Juan Pablo",
    "María Ángeles",
    "Luis Miguel",
    "María Fernanda",
    "José María",
    "Ana Sofía",
)
EN_FIRST = (
    "Zoë Chloë Renée Noël Siân Seán Niamh Aoife Siobhán Ciarán Eoin Máire Dónal Oliver "
    "Amelia Olivia Harry George Jack Emily Charlotte Sophie William James Thomas Henry Grace "
    "Hannah Jessica Matthew Andrew Michael Sarah Rebecca Elizabeth Benjamin Samuel Lucy Ella "
    "Isla Freya Eleanor Joshua Ethan Liam Noah Ava Mia Madison Brooklyn Tyler Ryan Kevin "
    "Jennifer Ashley Brandon Nathan Joe Bronwyn Priya Aisha Rohan Imran Kwame Chidi"
).split()
ES_SURNAMES = (
    "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín Jiménez "
    "Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres "
    "Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco Molina Morales Suárez Ortega Delgado "
    "Castro Ortiz Rubio Marín Sanz Núñez Iglesias Medina Garrido Cortés Castillo Santos "
    "Lozano Guerrero Cano Prieto Méndez Cruz Calvo Gallego Vidal León Márquez Herrera Peña "
    "Flores Cabrera Campos Vega Fuentes Carrasco Díez Caballero Reyes Nieto Aguilar Pascual "
    "Santana Herrero Lorenzo Montero Hidalgo Giménez Ibáñez Ferrer Durán Santiago Benítez "
    "Mora Vicente Vargas Arias Carmona Crespo Román Pastor Soto Sáez Velasco Moya Soler "
    "Parra Esteban Bravo Gallardo Rojas Echeverría Goikoetxea Etxeberria Urquijo "
    "Zubizarreta Aguirre Olabarría Quiñones Peñalver Muñiz Cárdenas Villaseñor Zúñiga Báez "
    "Ordóñez Puig Vilaró Casals Ríos Solís Avendaño Bustamante"
).split()
EN_SURNAMES = (
    "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson "
    "Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel "
    "Jackson Wood Turner Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan "
    "Allen Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly "
    "Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan "
    "Marshall Anderson Simpson Ellis Adams Singh Wilkinson Foster Chapman Powell Webb Rogers "
    "Gray Mason Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd "
    "Butler Russell Barker Fisher Stevens Jenkins O'Brien O'Connor McCarthy Brontë Doyle "
    "Gallagher Okafor Mensah Nguyen"
).split()

# --- places, jobs, organizations -----------------------------------------------------

CITIES = {
    "es": [
        ("Madrid", "ES"),
        ("Barcelona", "ES"),
        ("Valencia", "ES"),
        ("Sevilla", "ES"),
        ("Málaga", "ES"),
        ("Bilbao", "ES"),
        ("Zaragoza", "ES"),
        ("A Coruña", "ES"),
        ("San Sebastián", "ES"),
        ("Córdoba", "ES"),
        ("Cádiz", "ES"),
        ("León", "ES"),
        ("Logroño", "ES"),
        ("Alcalá de Henares", "ES"),
        ("Santa Cruz de Tenerife", "ES"),
        ("Palma", "ES"),
        ("Ciudad de México", "MX"),
        ("Guadalajara", "MX"),
        ("Monterrey", "MX"),
        ("Bogotá", "CO"),
        ("Medellín", "CO"),
        ("Lima", "PE"),
        ("Santiago", "CL"),
        ("Buenos Aires", "AR"),
        ("Córdoba", "AR"),
        ("Montevideo", "UY"),
        ("Quito", "EC"),
        ("San José", "CR"),
        ("Asunción", "PY"),
        ("La Paz", "BO"),
        ("Panamá", "PA"),
    ],
    "en": [
        ("London", "GB"),
        ("Manchester", "GB"),
        ("Edinburgh", "GB"),
        ("Bristol", "GB"),
        ("Leeds", "GB"),
        ("Cardiff", "GB"),
        ("Belfast", "GB"),
        ("Glasgow", "GB"),
        ("New York", "US"),
        ("San Francisco", "US"),
        ("Austin", "US"),
        ("Miami", "US"),
        ("Chicago", "US"),
        ("Boston", "US"),
        ("Seattle", "US"),
        ("Los Angeles", "US"),
    ],
}
# Raw numbers as a person would type them; phone_normalize writes them as the app does.
PHONE_PATTERNS = {
    "ES": ("6########", "7########", "91#######", "93#######"),
    "MX": ("+52 55 #### ####", "+52 33 #### ####"),
    "CO": ("+57 3## ### ####",),
    "PE": ("+51 9## ### ###",),
    "CL": ("+56 9 #### ####",),
    "AR": ("+54 9 11 #### ####",),
    "UY": ("+598 9# ### ###",),
    "EC": ("+593 9# ### ####",),
    "CR": ("+506 8### ####",),
    "PY": ("+595 98# ### ###",),
    "BO": ("+591 7### ####",),
    "PA": ("+507 6### ####",),
    "GB": ("+44 7### ######", "+44 20 #### ####"),
    "US": ("+1 212 555 ####", "+1 415 555 ####", "+1 512 555 ####"),
}
TITLES = {
    "es": (
        "Abogada",
        "Abogado mercantilista",
        "Directora de marketing",
        "Consultor de estrategia",
        "Diseñadora gráfica",
        "Fundador y CEO",
        "Gerente",
        "Responsable de compras",
        "Arquitecta",
        "Fisioterapeuta",
        "Asesor fiscal",
        "Ingeniera de software",
        "Jefa de ventas",
        "Fotógrafo",
        "Traductora jurada",
        "Coach ejecutiva",
        "Gestor de patrimonio",
        "Periodista",
        "Profesora de universidad",
        "Directora de RR. HH.",
        "Técnico de prevención",
        "Socia directora",
        "Desarrollador web",
        "Responsable de comunicación",
        "Agente inmobiliario",
        "Economista",
        "Community manager",
        "Directora financiera",
        "Interiorista",
        "Nutricionista",
    ),
    "en": (
        "Partner",
        "Marketing Director",
        "Software Engineer",
        "Head of Sales",
        "Founder & CEO",
        "Chartered Accountant",
        "Product Manager",
        "UX Designer",
        "Recruiter",
        "Solicitor",
        "Operations Manager",
        "Data Scientist",
        "Photographer",
        "Copywriter",
        "Business Coach",
        "Managing Director",
        "Financial Adviser",
        "Architect",
        "Journalist",
        "Procurement Lead",
    ),
}
ORG_WORDS = {
    "es": (
        "Andina Ibérica Atlántica Mediterránea Cantábrica Norte Sur Horizonte Aurora Faro "
        "Olivo Encina Roble Cumbre Brújula Ñandú Cóndor Alborada Marea Sendero Nogal Azahar "
        "Lince Pléyade Océano Ámbar Cierzo Tramontana Quetzal Ceiba"
    ).split(),
    "en": (
        "Northwind Bluebell Oakridge Silverline Harbour Meridian Kestrel Evergreen Lighthouse "
        "Summit Foxglove Riverside Ironbridge Cobalt Heron Willow Granite Beacon Lantern "
        "Maple Orchard Falcon"
    ).split(),
}
ORG_PATTERNS = {
    "es": (
        "{s} Abogados",
        "{s} & {t} Asociados",
        "Estudio {s}",
        "Talleres {s} S.L.",
        "Consultoría {w}",
        "Clínica {s}",
        "{w} Digital",
        "Grupo {s}",
        "Fundación {s}",
        "Cooperativa {w}",
        "Asesoría {s}",
        "Inmobiliaria {w}",
        "Construcciones {s} e Hijos",
        "{w} Ingeniería",
        "Editorial {w}",
        "{w} Arquitectura",
        "Bodegas {s}",
        "Cowork {w}",
        "Agencia {w}",
        "{s} Consultores",
    ),
    "en": (
        "{s} & Partners",
        "{s} Consulting Ltd",
        "{w} Labs",
        "{s} Design Studio",
        "{w} Capital",
        "{s} Solicitors LLP",
        "{w} Analytics Inc.",
        "{s} & {t}",
        "{w} Ventures",
        "{w} Health",
        "{s} Architects",
        "{w} Media",
    ),
}
TAGS = (
    "cliente",
    "proveedor",
    "familia-amigos",
    "mentor",
    "inversor",
    "prensa",
    "cowork",
    "asociación",
    "cámara de comercio",
    "antiguos alumnos",
    "BNI",
    "legal",
    "diseño",
    "tecnología",
    "finanzas",
    "marketing",
    "salud",
    "turismo",
    "educación",
    "startup",
    "ONG",
    "Madrid",
    "LatAm",
    "London",
    "speaker",
    "partner",
    "referral",
    "volunteer",
    "board",
    "hot lead",
)

# --- what people offer and need ------------------------------------------------------

OFFERS = {
    "es": (
        "contratos entre socios",
        "asesoría fiscal para autónomos",
        "diseño de identidad visual",
        "desarrollo de aplicaciones móviles",
        "fotografía de producto",
        "traducción jurada inglés-español",
        "formación en hablar en público",
        "contactos en el sector turístico",
        "financiación para startups",
        "auditoría de ciberseguridad",
        "gestión de redes sociales",
        "reformas de oficinas",
        "mentoría para emprendedores",
        "posicionamiento SEO",
        "coaching de equipos",
        "análisis de datos con Python",
        "preparación de licitaciones públicas",
        "importación desde Asia",
        "un puesto en un cowork",
        "presentaciones a inversores",
        "selección de personal técnico",
        "diseño de páginas web",
        "gestión de subvenciones",
        "asesoría laboral",
        "planes de marketing",
        "catering para eventos",
        "clases de inglés de negocios",
        "organización de eventos",
        "consultoría de sostenibilidad",
        "registro de marcas y patentes",
        "vídeo corporativo",
        "contabilidad para pymes",
        "seguros para empresas",
        "logística de última milla",
        "asesoría en exportación",
    ),
    "en": (
        "business English coaching",
        "brand identity design",
        "mobile app development",
        "product photography",
        "introductions to angel investors",
        "cybersecurity audits",
        "social media management",
        "SEO and content strategy",
        "team coaching",
        "data analysis with Python",
        "office refurbishment",
        "public speaking training",
        "contacts in the fintech scene",
        "hiring engineers",
        "bookkeeping for small businesses",
        "event planning",
        "sustainability consulting",
        "trademark registration",
        "corporate video",
        "export advice for the UK market",
        "UX research",
        "copywriting",
        "cloud infrastructure",
        "pitch deck reviews",
        "legal advice for founders",
    ),
}
NEEDS = {
    "es": (
        "un diseñador para su web",
        "clientes en el sector turismo",
        "un abogado mercantilista",
        "financiación para crecer",
        "un socio técnico",
        "contactos en Ciudad de México",
        "un distribuidor en Reino Unido",
        "un local para abrir una tienda",
        "presentaciones a directores de compras",
        "una gestoría de confianza",
        "un fotógrafo para un evento",
        "un mentor en ventas B2B",
        "desarrolladores con experiencia en Django",
        "espacio para un taller",
        "traducción de su web al inglés",
        "un proveedor de embalaje sostenible",
        "clientes en Latinoamérica",
        "una agencia de comunicación",
        "inversores para una ronda semilla",
        "un contable para su sociedad",
        "ponentes para unas jornadas",
        "un partner en Colombia",
        "formación en marketing digital",
        "un asesor de exportación",
        "contactos en la administración pública",
    ),
    "en": (
        "a designer for the website",
        "clients in hospitality",
        "a startup lawyer",
        "funding to grow",
        "a technical co-founder",
        "contacts in Madrid",
        "a distributor in Spain",
        "a shop to rent",
        "introductions to procurement heads",
        "a reliable accountant",
        "a photographer for an event",
        "a mentor in B2B sales",
        "Django developers",
        "Spanish translation of the website",
        "sustainable packaging suppliers",
        "clients in Latin America",
        "a PR agency",
        "seed investors",
        "speakers for a conference",
        "a partner in Mexico",
    ),
}
QUALIFIERS = {
    "es": (
        "",
        "",
        "",
        " para pymes",
        " en Latinoamérica",
        " para el sector salud",
        " en Madrid",
        " en Barcelona",
        " para hostelería",
        " en remoto",
        " para ONG",
    ),
    "en": (
        "",
        "",
        "",
        " for small businesses",
        " in London",
        " for healthcare",
        " in the US",
        " remotely",
        " for charities",
        " in Latin America",
    ),
}
DOES = {
    "es": ("Se dedica a {x}.", "Ayuda a sus clientes con {x}.", "Trabaja en {x} desde hace años."),
    "en": ("Works on {x}.", "Helps clients with {x}.", "Has done {x} for years."),
}
NOTES = {
    "es": (
        "Conoce a medio sector; buena persona para pedir presentaciones.",
        "Prefiere WhatsApp a email.",
        "Tiene dos hijos; le encanta el trail running.",
        "Hablar de nuevo después del verano.",
        "Muy generosa con su tiempo.",
    ),
    "en": (
        "Knows everyone in the local startup scene.",
        "Prefers a call to an email.",
        "Big football fan (Arsenal).",
        "Follow up after the holidays.",
        "Very generous with introductions.",
    ),
}
PLACES = (
    "Desayuno BNI Chamberí",
    "Feria FITUR",
    "Cowork La Nave",
    "South Summit",
    "Meetup Python Madrid",
    "Cámara de Comercio de Bogotá",
    "Jornada de emprendimiento en Málaga",
    "Web Summit Lisboa",
    "London Tech Week",
    "Networking de la Asociación de Empresarias",
    "Afterwork en el cowork",
    "Congreso de abogados en Sevilla",
    "Antiguos alumnos IE",
    "SXSW Austin",
    "Comida en casa de unos amigos",
)
SUMMARIES = {
    "es": (
        "Café para ponernos al día",
        "Llamada sobre el proyecto",
        "Le presenté a una clienta potencial",
        "Comida en el cowork",
        "Desayuno de networking",
        "Me pasó el contacto de un cliente",
        "Email de seguimiento tras la feria",
        "Le felicité por su nuevo trabajo",
        "Revisamos juntos su propuesta",
        "Me recomendó una gestoría",
        "Videollamada para preparar la reunión",
        "Coincidimos en un evento de la cámara",
    ),
    "en": (
        "Coffee to catch up",
        "Call about the project",
        "Introduced her to a possible client",
        "Lunch at the cowork",
        "Networking breakfast",
        "Sent me a lead",
        "Follow-up email after the fair",
        "Congratulated him on the new job",
        "Reviewed the pitch deck together",
        "Recommended an accountant",
    ),
}
HOW = (
    "compañeros de trabajo",
    "socios",
    "se conocieron en la universidad",
    "cliente y proveedor",
    "former colleagues",
    "same board",
    "neighbours",
    "met at a conference",
    "",
    "",
)
KINDS = ("meeting", "call", "email", "message", "event", "intro", "other")
KIND_WEIGHTS = (30, 20, 25, 15, 6, 2, 2)
DIRECTIONS = ("gave", "received", "mutual")
DIRECTION_WEIGHTS = (30, 25, 45)


@contextlib.contextmanager
def creation_times_kept(*models):
    """Let bulk_create keep the creation times set here (spread over years, as if the
    network had been typed in over time) instead of stamping every row with now."""
    fields = [
        f for m in models for f in m._meta.concrete_fields if f.name in {"created_at", "updated_at"}
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def insert_rows(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """INSERT plain tuples with one ``executemany`` per batch.

    The child tables are most of the rows (750,000 at full size); a model instance and
    compiled SQL per row, as ``bulk_create`` does, would more than double the time it
    takes. Where the database form of a value differs from the Python one (times, dates,
    JSON), it goes through the same adapter of the database backend that the ORM calls, so
    every row is stored exactly as the ORM would store it.
    """
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    ops = connection.ops

    def remembering(fn):
        """Rows of one contact share their times and every row has the same ``{}``: adapt
        a value once when it is the very object adapted just before."""
        last = [object(), None]

        def adapt(value):
            if value is not last[0]:
                last[0], last[1] = value, fn(value)
            return last[1]

        return adapt

    # One of each for all the columns of its kind, so that ``created_at`` and
    # ``updated_at`` holding the same time adapt it once.
    datetime_adapter = remembering(ops.adapt_datetimefield_value)
    json_adapters = {}

    def adapter(field):
        if isinstance(field, models.DateTimeField):
            return datetime_adapter
        if isinstance(field, models.DateField):
            return ops.adapt_datefield_value
        if isinstance(field, models.JSONField):
            return json_adapters.setdefault(
                field.name, remembering(lambda value: field.get_db_prep_save(value, connection))
            )
        return None

    adapt = [(i, fn) for i, f in enumerate(columns) if (fn := adapter(f))]
    qn = ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        qn(meta.db_table),
        ", ".join(qn(f.column) for f in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = []
            for row in rows[start : start + BATCH]:
                if adapt:
                    row = list(row)
                    for i, fn in adapt:
                        row[i] = fn(row[i])
                batch.append(row)
            cursor.executemany(sql, batch)


def ascii_slug(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


class Generator:
    def __init__(self, *, owner, seed: int, today: date):
        self.owner = owner
        self.rnd = random.Random(seed)
        self.today = today
        self.now = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)
        self.counts: dict[str, int] = {}

    def moment(self, days_back_max: float) -> datetime:
        """A time in the last ``days_back_max`` days, more of them recent."""
        days = self.rnd.triangular(0, days_back_max, 0)
        return self.now - timedelta(days=days, seconds=self.rnd.randrange(86400))

    def phone(self, country: str) -> str:
        pattern = self.rnd.choice(PHONE_PATTERNS[country])
        raw = "".join(str(self.rnd.randrange(10)) if ch == "#" else ch for ch in pattern)
        return phone_normalize(raw, region=country)

    def person_name(self, lang: str) -> tuple[str, str]:
        r = self.rnd
        if lang == "es":
            first = r.choice(ES_COMPOUND) if r.random() < 0.2 else r.choice(ES_FIRST)
            surnames = r.sample(ES_SURNAMES, 2) if r.random() < 0.75 else [r.choice(ES_SURNAMES)]
            return first, f"{first} {' '.join(surnames)}"
        first = r.choice(EN_FIRST)
        middle = f" {r.choice('ABCDEJKLMPRST')}." if r.random() < 0.1 else ""
        return first, f"{first}{middle} {r.choice(EN_SURNAMES)}"

    def phrase(self, table, lang: str) -> str:
        return self.rnd.choice(table[lang]) + self.rnd.choice(QUALIFIERS[lang])

    # --- rows ------------------------------------------------------------------------

    def tags(self) -> list[Tag]:
        created = self.moment(YEARS * 365)
        rows = [Tag(owner=self.owner, name=n, created_at=created, updated_at=created) for n in TAGS]
        return Tag.objects.bulk_create(rows)

    def organizations(self, n: int) -> list[Organization]:
        r, seen, rows = self.rnd, set(), []
        while len(rows) < n:
            lang = "es" if r.random() < 0.65 else "en"
            surnames = ES_SURNAMES if lang == "es" else EN_SURNAMES
            s, t = r.sample(surnames, 2)
            name = r.choice(ORG_PATTERNS[lang]).format(s=s, t=t, w=r.choice(ORG_WORDS[lang]))
            if name.casefold() in seen:
                continue
            seen.add(name.casefold())
            created = self.moment(YEARS * 365)
            rows.append(
                Organization(
                    owner=self.owner,
                    name=name,
                    website=f"https://{ascii_slug(name)[:40]}.example" if r.random() < 0.6 else "",
                    created_at=created,
                    updated_at=created,
                )
            )
        return Organization.objects.bulk_create(rows, batch_size=BATCH)

    def events(self, n: int) -> list[Event]:
        rows = []
        for i in range(n):
            when = self.moment(YEARS * 365)
            place = PLACES[i % len(PLACES)]
            rows.append(
                Event(
                    owner=self.owner,
                    name=f"{place} {when:%Y-%m}",
                    date=when.date(),
                    place=place,
                    kind=self.rnd.choice(("breakfast", "fair", "meetup", "conference")),
                    created_at=when,
                    updated_at=when,
                )
            )
        return Event.objects.bulk_create(rows, batch_size=BATCH)

    def contacts(self, n, *, organizations, tags, events) -> list[Contact]:
        r = self.rnd
        created_times = sorted(self.moment(YEARS * 365) for _ in range(n))
        contacts: list[Contact] = []
        tag_rows, offer_rows, need_rows, attendee_rows = [], [], [], []
        owner_id = self.owner.pk
        for start in range(0, n, BATCH):
            batch, texts = [], []
            for created in created_times[start : start + BATCH]:
                lang = "es" if r.random() < 0.65 else "en"
                first, name = self.person_name(lang)
                org = r.choice(organizations) if r.random() < 0.8 else None
                city, country = r.choice(CITIES[lang]) if r.random() < 0.95 else ("", "")
                local = ascii_slug(first) + "." + ascii_slug(name.split()[-1])
                emails = []
                if r.random() < 0.85:
                    domain = (
                        f"{ascii_slug(org.name)[:30]}.example"
                        if org and r.random() < 0.6
                        else r.choice(("gmail.com", "outlook.com", "yahoo.es", "proton.me"))
                    )
                    emails.append(f"{local}@{domain}")
                    if r.random() < 0.1:
                        emails.append(f"{ascii_slug(first)}{r.randrange(100)}@gmail.com")
                phones = [self.phone(country)] if country and r.random() < 0.7 else []
                offers = [self.phrase(OFFERS, lang) for _ in range(3)]
                needs = [self.phrase(NEEDS, lang) for _ in range(2)]
                event = r.choice(events) if events and r.random() < 0.2 else None
                met_on = None
                if event:
                    met_on = event.date
                elif r.random() < 0.5:
                    met_on = (created - timedelta(days=r.randrange(30))).date()
                contact = Contact(
                    owner=self.owner,
                    name=name,
                    organization=org,
                    title=r.choice(TITLES[lang]) if r.random() < 0.9 else "",
                    emails=emails,
                    phones=phones,
                    urls=[f"https://www.linkedin.com/in/{ascii_slug(name)}"]
                    if r.random() < 0.25
                    else [],
                    city=city,
                    country=country,
                    languages=[lang]
                    if r.random() < 0.85
                    else [lang, "en" if lang == "es" else "es"],
                    does=r.choice(DOES[lang]).format(x=offers[0]) if r.random() < 0.6 else "",
                    expects="",
                    notes=r.choice(NOTES[lang]) if r.random() < 0.15 else "",
                    met_on=met_on,
                    met_where=event.place if event else (r.choice(PLACES) if met_on else ""),
                    met_event=event,
                    introduced_by=r.choice(contacts) if contacts and r.random() < 0.1 else None,
                    strength=round(r.random(), 2) if r.random() < 0.4 else None,
                    created_at=created,
                    updated_at=created,
                )
                contact.search_text = contact_search_text(contact)
                batch.append(contact)
                texts.append((offers, needs, event))
            Contact.objects.bulk_create(batch, batch_size=BATCH)
            for contact, (offers, needs, event) in zip(batch, texts, strict=True):
                pk, at = contact.pk, contact.created_at
                for pos, text in enumerate(offers):
                    offer_rows.append((owner_id, pk, text, pos, at, at, NOTHING))
                for pos, text in enumerate(needs):
                    need_rows.append((owner_id, pk, text, pos, at, at, NOTHING))
                k = r.choices((0, 1, 2, 3), weights=(35, 35, 20, 10))[0]
                for tag in r.sample(tags, k):
                    tag_rows.append((pk, tag.pk))
                if event:
                    attendee_rows.append((event.pk, pk))
            contacts.extend(batch)
        trait = ("owner", "contact", "text", "position", "created_at", "updated_at", "extra")
        insert_rows(Offer, trait, offer_rows)
        insert_rows(Need, trait, need_rows)
        insert_rows(Contact.tags.through, ("contact", "tag"), tag_rows)
        insert_rows(Event.attendees.through, ("event", "contact"), attendee_rows)
        self.counts.update(
            offers=len(offer_rows),
            needs=len(need_rows),
            tag_links=len(tag_rows),
            event_attendees=len(attendee_rows),
        )
        return contacts

    def interactions(self, n: int, contacts: list[Contact]) -> None:
        """Skewed like real life: a few people get hundreds, many get none."""
        r, total = self.rnd, len(contacts)
        # A random order, so the busiest contacts are not simply the oldest.
        order = contacts[:]
        r.shuffle(order)
        owner_id, rows = self.owner.pk, []
        kinds = r.choices(KINDS, weights=KIND_WEIGHTS, k=n)
        directions = r.choices(DIRECTIONS, weights=DIRECTION_WEIGHTS, k=n)
        for i in range(n):
            contact = order[int(total * r.random() ** 2)]
            when = self.moment(YEARS * 365)
            lang = contact.languages[0]
            rows.append(
                (
                    owner_id,
                    contact.pk,
                    kinds[i],
                    directions[i],
                    when.date(),
                    when if r.random() < 0.3 else None,
                    r.choice(SUMMARIES[lang]) if r.random() < 0.8 else "",
                    when,
                    when,
                    NOTHING,
                )
            )
        fields = ("owner", "contact", "kind", "direction", "date", "at", "summary")
        insert_rows(Interaction, (*fields, "created_at", "updated_at", "extra"), rows)

    def ties(self, n: int, contacts: list[Contact]) -> None:
        r, total = self.rnd, len(contacts)
        n = min(n, total * (total - 1) // 2)
        order = contacts[:]
        r.shuffle(order)
        seen: set[tuple[int, int]] = set()
        owner_id, rows = self.owner.pk, []
        while len(rows) < n:
            # Some people know many others (brokers); most know a few.
            x = order[int(total * r.random() ** 1.5)].pk
            y = order[r.randrange(total)].pk
            pair = (min(x, y), max(x, y))
            if x == y or pair in seen:
                continue
            seen.add(pair)
            created = self.moment(YEARS * 365)
            strength = round(r.random(), 2) if r.random() < 0.6 else None
            rows.append((owner_id, *pair, strength, r.choice(HOW), created, created, NOTHING))
        fields = ("owner", "a", "b", "strength", "how", "created_at", "updated_at", "extra")
        insert_rows(Tie, fields, rows)

    def profile(self) -> None:
        owner = self.owner
        owner.display_name = "Elena Vidal Núñez"
        owner.does = "Consultora de estrategia para pymes."
        owner.save(update_fields=["display_name", "does"])
        offers = ["planes de marketing para pymes", "presentaciones a inversores", "mentoría"]
        needs = ["clientes en Latinoamérica", "un socio técnico"]
        Offer.objects.bulk_create(
            Offer(owner=owner, contact=None, text=t, position=i) for i, t in enumerate(offers)
        )
        Need.objects.bulk_create(
            Need(owner=owner, contact=None, text=t, position=i) for i, t in enumerate(needs)
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__)
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--interactions", type=int, default=200_000)
    parser.add_argument("--ties", type=int, default=None, help="default: twice the contacts")
    parser.add_argument(
        "--organizations", type=int, default=None, help="default: a tenth of the contacts"
    )
    parser.add_argument("--user", default="bench")
    parser.add_argument("--password", default=DEFAULT_PASSWORD)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    n_orgs = args.organizations if args.organizations is not None else max(1, args.contacts // 10)
    n_ties = args.ties if args.ties is not None else 2 * args.contacts

    database = settings.DATABASES["default"]
    print(f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    User = get_user_model()
    if User.objects.filter(username=args.user).exists():
        print(
            f"User {args.user!r} already exists in this database: use another --user or a "
            "fresh VINCULO_HOME.",
            file=sys.stderr,
        )
        return 1
    owner = User.objects.create_user(username=args.user, password=args.password, language="es")
    steps = []

    def step(label, fn, *a, **kw):
        t, cpu = time.perf_counter(), time.process_time()
        result = fn(*a, **kw)
        steps.append((label, time.perf_counter() - t))
        print(
            f"  {label:<14} {steps[-1][1]:6.1f} s  (cpu {time.process_time() - cpu:5.1f} s)",
            flush=True,
        )
        return result

    gen = Generator(owner=owner, seed=args.seed, today=date.today())
    with (
        transaction.atomic(),
        creation_times_kept(Tag, Organization, Event, Contact, Offer, Need, Interaction, Tie),
    ):
        tags = step("tags", gen.tags)
        orgs = step("organizations", gen.organizations, n_orgs)
        events = step("events", gen.events, max(1, args.contacts // 250))
        contacts = step(
            "contacts", gen.contacts, args.contacts, organizations=orgs, tags=tags, events=events
        )
        step("interactions", gen.interactions, args.interactions, contacts)
        step("ties", gen.ties, n_ties, contacts)
    gen.profile()
    statistics_refresh()  # as the app does after an import
    elapsed = time.perf_counter() - started
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{args.user}: {len(contacts)} contacts, {len(orgs)} organizations, {len(tags)} tags, "
        f"{len(events)} events, {gen.counts['offers']} offers, {gen.counts['needs']} needs, "
        f"{gen.counts['tag_links']} tag links, {args.interactions} interactions, "
        f"{n_ties} ties in {elapsed:.1f} s (cpu {time.process_time():.1f} s; load average {load})"
    )
    print(f"log in as {args.user!r} with the password {args.password!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
