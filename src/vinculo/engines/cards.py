"""Business cards: the text that OCR read from a card, sorted into a contact's fields.

Plain Python (no Django): the caller runs the OCR, hands the text here, and normalises
the phone numbers found with its own rules. A card says who (a name), what (a job
title), where (an organization), and how to reach them (emails, phones, a web page);
everything else read (addresses, slogans) comes back in ``rest`` so nothing is lost.
"""

import re
from dataclasses import dataclass, field

from .text import fold

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A web address: with a scheme, or www., or a bare domain with a path-less common ending.
URL = re.compile(
    r"(?:https?://)?(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*"
    r"\.(?:com|es|org|net|io|eu|info|biz|co|mx|ar|cl|pe|uy|cat|gal|eus|dev|app|me)"
    r"(?:/[\w./%-]*)?",
    re.IGNORECASE,
)
# Labels printed before a phone number on Spanish and English cards.
PHONE_LABEL = re.compile(
    r"^\s*(?:tel[eé]fono|tel[eé]f|tel|tlf|tfno|t|m[oó]vil|movil|mov|m|cel(?:ular)?|"
    r"phone|mobile|mob|cell|fax|f|whatsapp|wa)\b\s*[.:]?\s*",
    re.IGNORECASE,
)
PHONE = re.compile(r"\+?\(?\d[\d\s().\-/]{5,}\d")
ADDRESS = re.compile(
    r"^(?:c/|calle|avda|avenida|av\.|plaza|pza|paseo|camino|carrera|cra|ronda|"
    r"street|st\.|road|rd\.|p\.?\s?o\.? box|apartado)\b|\b\d{5}\b",
    re.IGNORECASE,
)


def _word_set(text: str) -> set[str]:
    return set(text.split())


# Words (folded) that make a line a job title.
TITLE_WORDS = _word_set(
    """
    director directora direccion gerente ceo cto cfo coo cmo fundador fundadora cofundador
    cofundadora founder cofounder co-founder socio socia partner presidente presidenta
    president vicepresidente vicepresidenta manager jefe jefa head responsable coordinador
    coordinadora consultor consultora consultant asesor asesora advisor ingeniero ingeniera
    engineer disenador disenadora designer abogado abogada lawyer arquitecto arquitecta
    architect tecnico tecnica analista analyst desarrollador desarrolladora developer
    programador programadora comercial ventas sales marketing officer lead especialista
    specialist administrador administradora secretario secretaria gestor gestora agente
    agent representante delegado delegada owner propietario propietaria autonomo autonoma
    freelance profesor profesora investigador investigadora doctor doctora dr dra executive
    ejecutivo ejecutiva account chief vp economista periodista fotografo fotografa traductor
    traductora psicologo psicologa coach mentor mentora editor editora productor productora
    """
)
# Words (folded) that make a line an organization.
ORGANIZATION_WORDS = _word_set(
    """
    s.l. s.l sl s.a. s.a sa slu s.l.u. sas s.c. sc sca ltd ltd. llc inc inc. gmbh corp corp.
    co. cooperativa coop coop. asociacion association fundacion foundation grupo group
    consulting consultoria abogados asesores estudio studio agencia agency camara chamber
    universidad university instituto institute ayuntamiento ministerio banco bank hotel
    restaurante clinica centro center centre escuela school labs lab laboratorio solutions
    soluciones servicios services systems sistemas tecnologias technologies partners capital
    ventures media digital comunicacion editorial cowork coworking federacion colegio club
    red network company compania empresa industrias industries holding sociedad
    """
)


@dataclass
class CardFields:
    """What a card says, sorted. Phones are as read (the caller normalises them)."""

    name: str = ""
    title: str = ""
    organization: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    rest: list[str] = field(default_factory=list)

    @property
    def found_anything(self) -> bool:
        return bool(self.name or self.emails or self.phones or self.urls)


def _tidy(line: str) -> str:
    line = line.replace("|", " ").replace("•", " ").replace("·", " ")
    return " ".join(line.split()).strip(" ,;:-–—_")


def _words(line: str) -> list[str]:
    return [w.strip(",;:()") for w in fold(line).split()]


def _has_word(line: str, words: set[str]) -> bool:
    return any(w in words for w in _words(line))


def _is_personal_name(line: str) -> bool:
    """Two to five words, letters only, most of them capitalised: "José Núñez Peña"."""
    words = line.split()
    if not 2 <= len(words) <= 5:
        return False
    if any(ch.isdigit() or ch in "@/&" for ch in line):
        return False
    connectors = {"de", "del", "la", "las", "los", "y", "i", "van", "von", "da", "do", "dos"}
    capitalised = 0
    for word in words:
        bare = word.strip(".,'’-")
        if not bare or not all(ch.isalpha() or ch in "'’-." for ch in word):
            return False
        if bare.lower() in connectors:
            continue
        if bare[0].isupper():
            capitalised += 1
        else:
            return False
    return capitalised >= 2


def _phones_in(line: str) -> list[str]:
    """The phone numbers on a line ("Tel. 612 34 56 78 / 91 123 45 67")."""
    found = []
    for part in re.split(r"\s[/|]\s|\s{2,}|;", line):
        part = PHONE_LABEL.sub("", part.strip())
        for match in PHONE.finditer(part):
            raw = match.group(0).strip()
            digits = re.sub(r"\D", "", raw)
            if 7 <= len(digits) <= 15:
                found.append(raw)
    return found


def _url(raw: str) -> str:
    raw = raw.rstrip("./")
    return raw if "://" in raw else "https://" + raw


def card_fields(text: str) -> CardFields:
    """Sort the lines of a card's text into a contact's fields."""
    card = CardFields()
    remaining: list[str] = []
    for raw_line in text.splitlines():
        line = _tidy(raw_line)
        if not line:
            continue
        emails = EMAIL.findall(line)
        for email in emails:
            email = email.strip(".").lower()
            if email not in card.emails:
                card.emails.append(email)
        without_emails = EMAIL.sub(" ", line)
        urls = [u for u in URL.findall(without_emails) if not re.fullmatch(r"[\d.]+", u)]
        for url in urls:
            url = _url(url.lower())
            if url not in card.urls:
                card.urls.append(url)
        leftover = _tidy(URL.sub(" ", without_emails)) if urls else _tidy(without_emails)
        phones = _phones_in(leftover)
        for phone in phones:
            if phone not in card.phones:
                card.phones.append(phone)
        if emails or urls or phones:
            # Labels such as "Email:" or "Web:" left behind are not worth keeping.
            continue
        if sum(ch.isalnum() for ch in line) >= 2:  # not OCR noise from a logo or border
            remaining.append(line)

    # The line that spells the email's or web's domain is the organization ("Cooperativa
    # Añil" for @cooperativa-anil.es), whatever other lines look like one.
    domains = [e.split("@", 1)[1] for e in card.emails] + [
        re.sub(r"^https?://(www\.)?", "", u).split("/")[0] for u in card.urls
    ]
    stems = {re.sub(r"[^a-z0-9]", "", d.rsplit(".", 1)[0]) for d in domains} - {""}
    for line in remaining:
        squeezed = re.sub(r"[^a-z0-9]", "", fold(line))
        spelled = len(squeezed) >= 3 and any(squeezed in s or s in squeezed for s in stems)
        if spelled and (not _is_personal_name(line) or _has_word(line, ORGANIZATION_WORDS)):
            card.organization = line
            remaining.remove(line)
            break

    unused = []
    for line in remaining:
        if ADDRESS.search(line):
            unused.append(line)
            continue
        if not card.name and _is_personal_name(line) and not _has_word(line, ORGANIZATION_WORDS):
            card.name = line
        elif not card.title and _has_word(line, TITLE_WORDS):
            card.title = line
        elif not card.organization and _has_word(line, ORGANIZATION_WORDS):
            card.organization = line
        else:
            unused.append(line)

    if not card.name:
        for line in unused:
            if _is_personal_name(line):
                card.name = line
                unused.remove(line)
                break
    card.rest = unused
    return card
