"""The network's contacts as a vCard 4.0 (RFC 6350) or 3.0 (RFC 2426) file, written with
vobject from an exchange document (``exchange.network_export``). Plain Python.

Address books read the standard properties; what only Vínculo knows goes in ``X-VINCULO-*``
properties, which other software keeps and ignores, so a file imported back loses nothing:

=========================== ==================================================
``UID``                     the contact's id in the exchange document (its external
                            id, else a stable ``c<number>``)
``FN``, ``N``               the name
``ORG``, ``TITLE``          organization, job title
``ROLE``                    what they do
``EMAIL``, ``TEL``, ``URL`` every one, in order (the first preferred)
``ADR``                     city and country (ISO code)
``NOTE``                    notes
``CATEGORIES``              tags
``X-VINCULO-TAG``           each tag again, when one holds a comma (readers split at commas)
``LANG`` (4.0)              languages, in order of preference
``X-VINCULO-LANGUAGE``      the same in 3.0, which has no ``LANG``
``X-VINCULO-OFFER``         one per offer, in order
``X-VINCULO-NEED``          one per need, in order
``X-VINCULO-EXPECTS``       what they expect of the relationship
``X-VINCULO-MET-DATE``      when the owner met them (``YYYY-MM-DD``)
``X-VINCULO-MET-WHERE``     where
``X-VINCULO-MET-EVENT``     at which event (its name)
``X-VINCULO-STRENGTH``      the owner's judgement of the tie, 0 to 1 (``none``: not judged)
``X-VINCULO-INTRODUCED-BY`` the ``UID`` of the card of who introduced them
``X-VINCULO-EXTRA``         any other keys the contact keeps, as a JSON object
=========================== ==================================================
"""

import json

import vobject

VERSIONS = ("4.0", "3.0")
PRODID = "-//Vínculo//Vínculo//ES"

# Keys of an exchange contact that a property above writes; any other key of the contact
# goes to X-VINCULO-EXTRA.
WRITTEN = {
    "id",
    "name",
    "organization",
    "title",
    "does",
    "emails",
    "phones",
    "urls",
    "city",
    "country",
    "notes",
    "tags",
    "languages",
    "offers",
    "needs",
    "expects",
    "met",
    "strength",
    "introduced_by",
}
MET_WRITTEN = {"date", "where", "event"}


def name_split(name: str) -> tuple[str, str]:
    """``(given, family)`` for N: "Núñez Peña, José" is written family first; otherwise
    the last word is taken as the family name ("María José" "Núñez")."""
    name = " ".join(name.split())
    if "," in name:
        family, _comma, given = name.partition(",")
        return given.strip(), family.strip()
    given, _space, family = name.rpartition(" ")
    return (given, family) if given else (name, "")


def _add(card, name: str, value, **params) -> None:
    prop = card.add(name)
    prop.value = value
    for key, values in params.items():
        prop.params[key.upper().replace("_", "-")] = values


def _number_text(value) -> str:
    return format(value, "g") if isinstance(value, float) else str(value)


def contact_card(contact: dict, *, version: str = "4.0", events: dict | None = None):
    """One exchange contact as a vobject vCard component."""
    if version not in VERSIONS:
        raise ValueError(f"vCard version must be one of {VERSIONS}, not {version!r}")
    v4 = version == "4.0"
    card = vobject.vCard()
    _add(card, "version", version)
    _add(card, "prodid", PRODID)
    _add(card, "uid", contact["id"])
    _add(card, "fn", contact["name"])
    given, family = name_split(contact["name"])
    _add(card, "n", vobject.vcard.Name(family=family, given=given))
    if contact.get("organization"):
        _add(card, "org", [contact["organization"]])
    if contact.get("title"):
        _add(card, "title", contact["title"])
    if contact.get("does"):
        _add(card, "role", contact["does"])
    for kind, key in (("email", "emails"), ("tel", "phones"), ("url", "urls")):
        for position, value in enumerate(contact.get(key, ())):
            params = {}
            if kind == "email" and not v4:
                params["type"] = ["INTERNET", "PREF"] if position == 0 else ["INTERNET"]
            elif position == 0 and kind != "url":
                params = {"pref": ["1"]} if v4 else {"type": ["PREF"]}
            _add(card, kind, value, **params)
    if contact.get("city") or contact.get("country"):
        address = vobject.vcard.Address(
            city=contact.get("city", ""), country=contact.get("country", "")
        )
        _add(card, "adr", address)
    if contact.get("notes"):
        _add(card, "note", contact["notes"])
    if contact.get("tags"):
        _add(card, "categories", list(contact["tags"]))
        if any("," in tag for tag in contact["tags"]):
            # Many readers split categories at every comma, escaped or not: the exact tags.
            for tag in contact["tags"]:
                _add(card, "x-vinculo-tag", tag)
    for position, language in enumerate(contact.get("languages", ()), start=1):
        if v4:
            _add(card, "lang", language, pref=[str(position)])
        else:
            _add(card, "x-vinculo-language", language)
    for offer in contact.get("offers", ()):
        _add(card, "x-vinculo-offer", offer)
    for need in contact.get("needs", ()):
        _add(card, "x-vinculo-need", need)
    if contact.get("expects"):
        _add(card, "x-vinculo-expects", contact["expects"])
    met = contact.get("met") or {}
    if met.get("date"):
        _add(card, "x-vinculo-met-date", met["date"])
    if met.get("where"):
        _add(card, "x-vinculo-met-where", met["where"])
    if met.get("event"):
        _add(card, "x-vinculo-met-event", (events or {}).get(met["event"], met["event"]))
    # Always written: "none" says the owner has not judged the tie (an importer would
    # otherwise give the contact its default strength for address books).
    strength = contact.get("strength")
    _add(card, "x-vinculo-strength", "none" if strength is None else _number_text(strength))
    if contact.get("introduced_by"):
        _add(card, "x-vinculo-introduced-by", contact["introduced_by"])
    extra = {k: v for k, v in contact.items() if k not in WRITTEN}
    met_extra = {k: v for k, v in met.items() if k not in MET_WRITTEN}
    if met_extra:
        extra["met"] = met_extra
    if extra:
        _add(card, "x-vinculo-extra", json.dumps(extra, ensure_ascii=False, sort_keys=True))
    return card


def vcard_write(document: dict, *, version: str = "4.0") -> str:
    """Every contact of an exchange document as one vCard file (CRLF line ends, folded at
    75 octets, UTF-8)."""
    events = {e["id"]: e["name"] for e in document.get("events", ())}
    return "".join(
        contact_card(contact, version=version, events=events).serialize()
        for contact in document.get("contacts", ())
    )


def vcard_fields_read(properties: dict) -> dict:
    """The exchange keys that the properties above hold, read back from a card.

    ``properties`` maps lower-case property names to their unescaped text, a list of texts
    when the property repeats (as ``importers.vcard`` keeps the properties it does not know).
    The properties read are removed from it. ``X-VINCULO-MET-EVENT`` stays: a vCard file has
    no events to point at.
    """

    def texts(name: str) -> list[str]:
        value = properties.pop(name, [])
        values = value if isinstance(value, list) else [value]
        return [v["value"] if isinstance(v, dict) else str(v) for v in values if v]

    if "lang" not in properties and not any(key.startswith("x-vinculo-") for key in properties):
        return {}  # a card Vínculo did not write
    fields: dict = {}
    languages = texts("lang") + texts("x-vinculo-language")
    if languages:
        fields["languages"] = list(dict.fromkeys(languages))
    for key, name in (
        ("offers", "x-vinculo-offer"),
        ("needs", "x-vinculo-need"),
        ("tags", "x-vinculo-tag"),
    ):
        if values := texts(name):
            fields[key] = values
    for key, name in (
        ("expects", "x-vinculo-expects"),
        ("introduced_by", "x-vinculo-introduced-by"),
    ):
        if values := texts(name):
            fields[key] = values[0]
    met = {}
    for key in ("date", "where"):
        if values := texts(f"x-vinculo-met-{key}"):
            met[key] = values[0]
    if met:
        fields["met"] = met
    if values := texts("x-vinculo-strength"):
        try:
            fields["strength"] = None if values[0] == "none" else float(values[0])
        except ValueError:
            properties["x-vinculo-strength"] = values[0]
    for value in texts("x-vinculo-extra"):
        try:
            kept = json.loads(value)
        except ValueError:
            kept = None
        if isinstance(kept, dict):
            met_kept = kept.pop("met", None)
            if isinstance(met_kept, dict):
                fields.setdefault("met", {}).update(met_kept)
            fields.update({k: v for k, v in kept.items() if k not in fields})
        else:
            properties.setdefault("x-vinculo-extra", value)
    return fields
