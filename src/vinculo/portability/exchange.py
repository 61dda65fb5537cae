"""The exchange format ``vinculo/1`` (exchange-format.md): one person's whole network as one
JSON document, written by ``network_export`` and read back by ``network_import``.

How an import behaves, beyond what the format itself says:

* The whole document is checked before anything is written. An entry with an error is
  skipped and reported (``where``: the file and the entry, ``why``: what is wrong), and so is
  an entry that refers to it; with ``strict`` any error rejects the file. A document that is
  wrong as a whole (not an object, another ``format``, a section that is not a list) is always
  rejected. Whatever happens, the import is one transaction: it finishes or changes nothing.
* Contacts are matched by external id (the file's ``id``), events by id (by name and date when
  they have none), ties by pair, and the other entries by a natural key: interactions by
  (contact, date, time, kind, summary), introductions by (a, b, date), referrals by (from, to,
  date, description), follow-ups by (contact, due, note). Importing a file twice therefore
  updates instead of duplicating.
* A contact made in the app has no external id: an export names it ``c<pk>`` and says so with
  ``"exported_from"``, a token of the account (``account_token``). Imported back into that
  same account, such an entry is that contact (it takes the id as its external id from then
  on) instead of a second one; imported into any other account, it is a new contact.
* On an entry that already exists, the keys the file gives replace the stored values, and the
  keys it leaves out leave them alone (``null`` clears a value); lists given (offers, needs,
  tags, attendees) replace the old ones. Keys the format does not name are kept in the
  entry's ``extra`` (the owner's and the document's in ``User.exchange_extra``) and written back
  on export.
* Text is stored as written, except where the services tidy it for everyone (surrounding
  spaces of names, offers and needs; repeated spaces in organization and tag names; empty
  offers, needs and tags; repeated tags): each such change is reported as a warning.
* Where a column keeps a value in a poorer form than the file wrote it (a timestamp given for
  a date, the offset of a timestamp), the text as written is kept in ``extra`` under the same
  key and written back on export for as long as it still says the same thing.

The report counts contacts: ``created`` new ones, ``updated`` the ones matched by id (whether
or not anything in them changed), ``skipped`` the entries not imported because of an error.
``details`` has the same three counts for every section.

Export lists everything in the order it was created, so exporting, importing into an empty
account and exporting again gives the same document, byte for byte.
"""

import contextlib
import json
import math
import re
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from vinculo.activity import services as activity_services
from vinculo.activity.enums import Direction, InteractionKind
from vinculo.activity.models import Event, FollowUp, Interaction
from vinculo.giving.enums import IntroductionStatus
from vinculo.giving.matching import matches_rebuild
from vinculo.giving.models import Introduction, Referral
from vinculo.people import services as people_services
from vinculo.people.models import Contact, Need, Offer, Organization, Tag, Tie
from vinculo.people.selectors import profile_needs, profile_offers

from .errors import ExchangeError

FORMAT = "vinculo/1"
ME = "me"  # the owner, on either side of a referral
SECTIONS = (
    "contacts",
    "knows",
    "interactions",
    "events",
    "introductions",
    "referrals",
    "followups",
)
# The account whose export gave ids to contacts that had none (``account_token``).
EXPORTED_FROM = "exported_from"
TOP_KEYS = ("format", EXPORTED_FROM, "owner", *SECTIONS)
_BATCH = 500


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    # Per section: {"created": n, "updated": n, "skipped": n}.
    details: dict[str, dict[str, int]] = field(default_factory=dict)
    # False when nothing was saved: a dry run, or a file rejected.
    written: bool = False
    # True when the file as a whole was refused: not JSON, not an exchange document, or
    # (strict) any error.
    rejected: bool = False

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "errors": self.errors,
            "warnings": self.warnings,
        }


# --- Reading a file ------------------------------------------------------------------------


def document_parse(*, data: bytes | str, source_name: str):
    """The JSON value in ``data``; ``ExchangeError`` says where it is not UTF-8 or not JSON."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ExchangeError(
                f"{source_name}: " + _("line %(line)d") % {"line": line},
                _("not UTF-8 text (byte 0x%(byte)02x)") % {"byte": data[exc.start]},
            ) from None
    try:
        return json.loads(data.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        raise ExchangeError(
            f"{source_name}: "
            + _("line %(line)d, column %(column)d") % {"line": exc.lineno, "column": exc.colno},
            _("invalid JSON: %(reason)s") % {"reason": exc.msg},
        ) from None
    except RecursionError:
        raise ExchangeError(source_name, _("invalid JSON: nested too deeply")) from None
    except ValueError as exc:  # e.g. a number with thousands of digits
        raise ExchangeError(source_name, _("invalid JSON: %(reason)s") % {"reason": exc}) from None


def format_detect(*, data: bytes, name: str = "") -> str:
    """``json``, ``vcard``, ``linkedin`` or ``csv`` by the content, else by the file name;
    ``unknown`` when neither tells."""
    head = data[:4096].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    lowered = head.lower()
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if head.startswith(("{", "[")):
        return "json"
    if lowered.startswith("begin:vcard"):
        return "vcard"
    if "first name" in lowered and "connected on" in lowered:
        return "linkedin"
    if suffix == "json":
        return "json"
    if suffix in ("vcf", "vcard"):
        return "vcard"
    if suffix == "csv" or "," in head.partition("\n")[0] or ";" in head.partition("\n")[0]:
        return "csv"
    return "unknown"


# --- Checking values -----------------------------------------------------------------------


class _Bad(Exception):
    """A value that does not fit; ``sub`` continues the path to it (``[2]``, ``.date``)."""

    def __init__(self, why: str, sub: str = ""):
        super().__init__(why)
        self.why = why
        self.sub = sub


def _type_name(value) -> str:
    if value is None:
        return _("null")
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, int | float):
        return _("a number")
    if isinstance(value, str):
        return _("a string")
    if isinstance(value, list):
        return _("a list")
    return _("an object")


def _expected(what: str, value) -> _Bad:
    return _Bad(
        _("expected %(expected)s, got %(got)s") % {"expected": what, "got": _type_name(value)}
    )


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _strip(text: str) -> str:
    return text.strip()


def _max(model, name: str) -> int | None:
    return model._meta.get_field(name).max_length


def _text(max_length: int | None = None, *, required: bool = False, tidy=None):
    def check(value):
        if not isinstance(value, str):
            raise _expected(_("a string"), value)
        if "\x00" in value:
            raise _Bad(_("contains a NUL character"))
        stored = tidy(value) if tidy else value
        if required and not stored.strip():
            raise _Bad(_("must not be empty"))
        if max_length and len(stored) > max_length:
            raise _Bad(_("longer than %(max)d characters") % {"max": max_length})
        return value

    return check


def _texts(max_length: int | None = None, *, required: bool = False, tidy=None):
    check_item = _text(max_length, required=required, tidy=tidy)

    def check(value):
        if not isinstance(value, list):
            raise _expected(_("a list"), value)
        for index, item in enumerate(value):
            try:
                check_item(item)
            except _Bad as bad:
                raise _Bad(bad.why, f"[{index}]") from None
        return list(value)

    return check


_ident = _text(_max(Contact, "external_id"), required=True)
_idents = _texts(_max(Contact, "external_id"), required=True)


@dataclass(frozen=True)
class _When:
    """A date from the file, with its time when it was a timestamp, and the text as written."""

    day: date
    at: datetime | None
    text: str

    @property
    def residual(self) -> str | None:
        """The text, when the date column alone would not give it back."""
        return None if self.text == self.day.isoformat() else self.text


_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_STAMP_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)"
)


def _when_parse(text: str) -> _When | None:
    try:
        if _DATE_RE.fullmatch(text):
            return _When(date.fromisoformat(text), None, text)
        if _STAMP_RE.fullmatch(text):
            at = datetime.fromisoformat(text)
            return _When(at.date(), at, text) if at.tzinfo else None
    except ValueError:
        pass
    return None


def _when(value) -> _When:
    if not isinstance(value, str):
        raise _expected(_("a date"), value)
    when = _when_parse(value)
    if when is None:
        raise _Bad(
            _(
                "expected a date (YYYY-MM-DD) or a timestamp with offset "
                "(YYYY-MM-DDThh:mm:ss+hh:mm), got '%(value)s'"
            )
            % {"value": value}
        )
    return when


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _strength(value) -> float:
    if not _is_number(value):
        raise _expected(_("a number from 0 to 1"), value)
    if not (0 <= value <= 1) or not math.isfinite(value):
        raise _Bad(_("expected a number from 0 to 1, got %(value)s") % {"value": json.dumps(value)})
    return float(value)


def _bool(value) -> bool:
    if not isinstance(value, bool):
        raise _expected(_("true or false"), value)
    return value


def _choice(choices):
    values = list(choices.values)

    def check(value):
        if not isinstance(value, str):
            raise _expected(_("a string"), value)
        if value not in values:
            raise _Bad(
                _("expected one of %(choices)s, got '%(value)s'")
                % {"choices": ", ".join(values), "value": value}
            )
        return value

    return check


_MONEY = Referral._meta.get_field("value")
_MONEY_LIMIT = Decimal(10) ** (_MONEY.max_digits - _MONEY.decimal_places)
_CENT = Decimal(1).scaleb(-_MONEY.decimal_places)


def _money(value) -> Decimal:
    if not _is_number(value):
        raise _expected(_("a number"), value)
    if isinstance(value, float) and not math.isfinite(value):
        raise _Bad(_("not a finite number"))
    if abs(value) >= _MONEY_LIMIT:
        raise _Bad(_("too large: %(value)s") % {"value": json.dumps(value)})
    amount = Decimal(str(value))
    if amount != amount.quantize(_CENT):
        raise _Bad(
            _("more than %(places)d decimals: %(value)s")
            % {"places": _MONEY.decimal_places, "value": json.dumps(value)}
        )
    return amount


@dataclass(frozen=True)
class _Met:
    when: _When | None
    where: str
    event: str | None
    extra: dict


_MET_KEYS = ("date", "where", "event")


def _met(value) -> _Met:
    if not isinstance(value, dict):
        raise _expected(_("an object"), value)
    checks = {"date": _when, "where": _text(_max(Contact, "met_where")), "event": _ident}
    found = {}
    for key, check in checks.items():
        if value.get(key) is not None:
            try:
                found[key] = check(value[key])
            except _Bad as bad:
                raise _Bad(bad.why, f".{key}{bad.sub}") from None
    return _Met(
        when=found.get("date"),
        where=found.get("where", ""),
        event=found.get("event"),
        extra={k: v for k, v in value.items() if k not in _MET_KEYS},
    )


# Every entry of every section: key -> (check, required). The order is the order of export.
OWNER_SPEC = {
    "name": (_text(_max(get_user_model(), "display_name")), False),
    "does": (_text(), False),
    "offers": (_texts(_max(Offer, "text"), tidy=_strip), False),
    "needs": (_texts(_max(Need, "text"), tidy=_strip), False),
    "pitch": (_text(), False),
}
CONTACT_SPEC = {
    "id": (_ident, True),
    "name": (_text(_max(Contact, "name"), required=True, tidy=_strip), True),
    "organization": (_text(_max(Organization, "name"), tidy=_collapse), False),
    "title": (_text(_max(Contact, "title")), False),
    "emails": (_texts(), False),
    "phones": (_texts(), False),
    "urls": (_texts(), False),
    "city": (_text(_max(Contact, "city")), False),
    "country": (_text(_max(Contact, "country")), False),
    "languages": (_texts(), False),
    "tags": (_texts(_max(Tag, "name"), tidy=_collapse), False),
    "does": (_text(), False),
    "offers": (_texts(_max(Offer, "text"), tidy=_strip), False),
    "needs": (_texts(_max(Need, "text"), tidy=_strip), False),
    "expects": (_text(), False),
    "notes": (_text(), False),
    "met": (_met, False),
    "introduced_by": (_ident, False),
    "strength": (_strength, False),
}
KNOWS_SPEC = {
    "a": (_ident, True),
    "b": (_ident, True),
    "strength": (_strength, False),
    "how": (_text(_max(Tie, "how")), False),
}
INTERACTION_SPEC = {
    "contact": (_ident, True),
    "date": (_when, True),
    "kind": (_choice(InteractionKind), False),
    "direction": (_choice(Direction), False),
    "summary": (_text(), False),
}
EVENT_SPEC = {
    "id": (_ident, False),
    "name": (_text(_max(Event, "name"), required=True), True),
    "date": (_when, False),
    "place": (_text(_max(Event, "place")), False),
    "kind": (_text(_max(Event, "kind")), False),
    "attendees": (_idents, False),
    "notes": (_text(), False),
}
INTRODUCTION_SPEC = {
    "a": (_ident, True),
    "b": (_ident, True),
    "date": (_when, False),
    "status": (_choice(IntroductionStatus), False),
    "reason": (_text(), False),
    "outcome": (_text(), False),
}
REFERRAL_SPEC = {
    "from": (_ident, True),
    "to": (_ident, True),
    "date": (_when, False),
    "description": (_text(), False),
    "value": (_money, False),
    "currency": (_text(_max(Referral, "currency")), False),
    "status": (_text(_max(Referral, "status")), False),
}
FOLLOWUP_SPEC = {
    "contact": (_ident, True),
    "due": (_when, True),
    "done": (_bool, False),
    "note": (_text(), False),
}
_SPECS = {
    "contacts": CONTACT_SPEC,
    "knows": KNOWS_SPEC,
    "interactions": INTERACTION_SPEC,
    "events": EVENT_SPEC,
    "introductions": INTRODUCTION_SPEC,
    "referrals": REFERRAL_SPEC,
    "followups": FOLLOWUP_SPEC,
}


@dataclass
class _Item:
    index: int
    values: dict  # the keys the file gave, checked (None: given as null)
    extra: dict  # the keys the format does not name
    target: object = None  # the row it was written to


@dataclass
class _Plan:
    fatal: bool = False
    owner: _Item | None = None
    top_extra: dict = field(default_factory=dict)
    exported_from: str = ""
    items: dict[str, list[_Item]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)


class _Reader:
    """Checks a whole document and keeps the entries that can be imported."""

    def __init__(self, source: str):
        self.source = source
        self._errors: list[tuple] = []
        self._warnings: list[tuple] = []
        self.contact_ids: dict[str, int] = {}  # defined in the file -> first position
        self.contacts: dict[str, _Item] = {}  # fit to import
        self.event_ids: dict[str, int] = {}
        self.events: dict[str, _Item] = {}

    # Messages are sorted by section, then entry, in the order found within an entry.
    def _note(self, notes, path: str | None, why: str, section: str | None, index: int):
        rank = TOP_KEYS.index(section) if section else -1
        where = f"{self.source}: {path}" if path else self.source
        notes.append((rank, index, len(notes), {"where": where, "why": why}))

    def error(self, path, why, section=None, index=-1):
        self._note(self._errors, path, why, section, index)

    def warn(self, path, why, section=None, index=-1):
        self._note(self._warnings, path, why, section, index)

    def results(self) -> tuple[list[dict], list[dict]]:
        return [n[3] for n in sorted(self._errors, key=lambda n: n[:3])], [
            n[3] for n in sorted(self._warnings, key=lambda n: n[:3])
        ]

    def entry(self, section: str, index: int, raw, spec, path: str | None = None) -> _Item | None:
        path = path or f"{section}[{index}]"
        if not isinstance(raw, dict):
            self.error(path, _expected(_("an object"), raw).why, section, index)
            return None
        values, fit = {}, True
        for key, (check, required) in spec.items():
            if key not in raw:
                if required:
                    self.error(f"{path}.{key}", _("required key is missing"), section, index)
                    fit = False
            elif raw[key] is None and not required:
                values[key] = None
            else:
                try:
                    values[key] = check(raw[key])
                except _Bad as bad:
                    self.error(f"{path}.{key}{bad.sub}", bad.why, section, index)
                    fit = False
        if not fit:
            return None
        extra = {k: v for k, v in raw.items() if k not in spec}
        return _Item(index=index, values=values, extra=extra)

    def tidy_warnings(self, section: str, index: int, path: str, values: dict) -> None:
        """Say where the services will tidy the text (see the module's docstring)."""
        for key, tidy in (("name", _strip), ("organization", _collapse)):
            text = values.get(key)
            if text and tidy(text) != text:
                self.warn(
                    f"{path}.{key}",
                    _("stored as '%(value)s' (extra spaces removed)") % {"value": tidy(text)},
                    section,
                    index,
                )
        for key, tidy in (("tags", _collapse), ("offers", _strip), ("needs", _strip)):
            seen = set()
            for position, text in enumerate(values.get(key) or ()):
                where = f"{path}.{key}[{position}]"
                if not tidy(text):
                    self.warn(where, _("empty text ignored"), section, index)
                elif key == "tags" and tidy(text) in seen:
                    self.warn(where, _("repeated tag ignored"), section, index)
                elif tidy(text) != text:
                    self.warn(
                        where,
                        _("stored as '%(value)s' (extra spaces removed)") % {"value": tidy(text)},
                        section,
                        index,
                    )
                seen.add(tidy(text))

    def contact_problem(self, ref: str) -> str | None:
        if ref not in self.contact_ids:
            return _("unknown contact id '%(id)s'") % {"id": ref}
        if ref not in self.contacts:
            return _("contact '%(id)s' has errors and is not imported") % {"id": ref}
        return None

    def event_problem(self, ref: str) -> str | None:
        if ref not in self.event_ids:
            return _("unknown event id '%(id)s'") % {"id": ref}
        if ref not in self.events:
            return _("event '%(id)s' has errors and is not imported") % {"id": ref}
        return None

    def refs_fit(self, section: str, item: _Item, keys, allow_me=False) -> bool:
        fit = True
        for key in keys:
            ref = item.values.get(key)
            if ref is None or (allow_me and ref == ME):
                continue
            problem = self.contact_problem(ref)
            if problem:
                self.error(f"{section}[{item.index}].{key}", problem, section, item.index)
                fit = False
        return fit


def _settle(reader: _Reader) -> None:
    """Drop the contacts and events that refer to an unfit one, until none is left."""
    changed = True
    while changed:
        changed = False
        for ref, item in list(reader.contacts.items()):
            problems = []
            introducer = item.values.get("introduced_by")
            if introducer == ref:
                problems.append(("introduced_by", _("a contact cannot introduce themselves")))
            elif introducer is not None and reader.contact_problem(introducer):
                problems.append(("introduced_by", reader.contact_problem(introducer)))
            met = item.values.get("met")
            if met and met.event and reader.event_problem(met.event):
                problems.append(("met.event", reader.event_problem(met.event)))
            for key, why in problems:
                reader.error(f"contacts[{item.index}].{key}", why, "contacts", item.index)
            if problems:
                del reader.contacts[ref]
                changed = True
        for ref, item in list(reader.events.items()):
            problems = [
                (position, reader.contact_problem(attendee))
                for position, attendee in enumerate(item.values.get("attendees") or ())
                if reader.contact_problem(attendee)
            ]
            for position, why in problems:
                where = f"events[{item.index}].attendees[{position}]"
                reader.error(where, why, "events", item.index)
            if problems:
                del reader.events[ref]
                changed = True
    for item in reader.events.values():
        seen = set()
        for position, attendee in enumerate(item.values.get("attendees") or ()):
            if attendee in seen:
                reader.warn(
                    f"events[{item.index}].attendees[{position}]",
                    _("repeated attendee '%(id)s' ignored") % {"id": attendee},
                    "events",
                    item.index,
                )
            seen.add(attendee)


def _read(document, source: str) -> _Plan:
    reader = _Reader(source)
    plan = _Plan()
    if not isinstance(document, dict):
        reader.error(
            None,
            _('expected a JSON object with "format": "%(format)s", got %(got)s')
            % {"format": FORMAT, "got": _type_name(document)},
        )
        plan.fatal = True
        plan.errors, plan.warnings = reader.results()
        return plan
    if "format" not in document:
        reader.error(
            "format",
            _("required key is missing: this is not a Vínculo exchange document"),
            "format",
        )
    elif document["format"] != FORMAT:
        reader.error(
            "format",
            _('unsupported format %(got)s (expected "%(expected)s")')
            % {"got": json.dumps(document["format"], ensure_ascii=False), "expected": FORMAT},
            "format",
        )
    owner = document.get("owner")
    if owner is not None and not isinstance(owner, dict):
        reader.error("owner", _expected(_("an object"), owner).why, "owner")
    raw: dict[str, list] = {}
    for section in SECTIONS:
        value = document.get(section)
        if value is not None and not isinstance(value, list):
            reader.error(section, _expected(_("a list"), value).why, section)
        raw[section] = value if isinstance(value, list) else []
        plan.totals[section] = len(raw[section])
    plan.top_extra = {k: v for k, v in document.items() if k not in TOP_KEYS}
    if isinstance(document.get(EXPORTED_FROM), str):
        plan.exported_from = document[EXPORTED_FROM]
    if reader._errors:
        plan.fatal = True
        plan.errors, plan.warnings = reader.results()
        return plan

    if owner is not None:
        plan.owner = reader.entry("owner", -1, owner, OWNER_SPEC, path="owner")
        if plan.owner:  # the owner's name is kept as written; offers and needs are tidied
            tidied = {k: v for k, v in plan.owner.values.items() if k in ("offers", "needs")}
            reader.tidy_warnings("owner", -1, "owner", tidied)

    # Contacts and events refer to each other (met.event, attendees): each entry is checked
    # alone first, then ``_settle`` drops the ones that refer to something unfit.
    for index, entry in enumerate(raw["contacts"]):
        item = reader.entry("contacts", index, entry, CONTACT_SPEC)
        ref = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(ref, str) and ref.strip():
            where = f"contacts[{index}].id"
            if ref == ME:
                reader.error(where, _("'me' is reserved for the owner"), "contacts", index)
                item = None
            elif ref in reader.contact_ids:
                first = reader.contact_ids[ref]
                reader.error(
                    where,
                    _("duplicate contact id '%(id)s' (first at contacts[%(first)d])")
                    % {"id": ref, "first": first},
                    "contacts",
                    index,
                )
                item = None
            else:
                reader.contact_ids[ref] = index
        if item:
            reader.contacts[ref] = item
            reader.tidy_warnings("contacts", index, f"contacts[{index}]", item.values)
    anonymous_events = []
    for index, entry in enumerate(raw["events"]):
        item = reader.entry("events", index, entry, EVENT_SPEC)
        ref = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(ref, str) and ref.strip():
            if ref in reader.event_ids:
                reader.error(
                    f"events[{index}].id",
                    _("duplicate event id '%(id)s' (first at events[%(first)d])")
                    % {"id": ref, "first": reader.event_ids[ref]},
                    "events",
                    index,
                )
                item = None
            else:
                reader.event_ids[ref] = index
        if item and isinstance(ref, str):
            reader.events[ref] = item
        elif item:
            anonymous_events.append(item)
    for item in anonymous_events:
        reader.events[f"\x00{item.index}"] = item  # fit, but no one can refer to it
    _settle(reader)
    plan.items["contacts"] = sorted(reader.contacts.values(), key=lambda i: i.index)
    plan.items["events"] = sorted(reader.events.values(), key=lambda i: i.index)

    def fit(section: str, keys, allow_me=False):
        items = []
        for index, entry in enumerate(raw[section]):
            item = reader.entry(section, index, entry, _SPECS[section])
            if item and reader.refs_fit(section, item, keys, allow_me):
                items.append(item)
        return items

    plan.items["knows"] = []
    pairs: dict[frozenset, int] = {}
    for item in fit("knows", ("a", "b")):
        a, b = item.values["a"], item.values["b"]
        where = f"knows[{item.index}]"
        if a == b:
            reader.error(f"{where}.b", _("a contact cannot know themselves"), "knows", item.index)
        elif frozenset((a, b)) in pairs:
            reader.error(
                where,
                _("the tie between '%(a)s' and '%(b)s' is already at knows[%(first)d]")
                % {"a": a, "b": b, "first": pairs[frozenset((a, b))]},
                "knows",
                item.index,
            )
        else:
            pairs[frozenset((a, b))] = item.index
            plan.items["knows"].append(item)
    plan.items["interactions"] = fit("interactions", ("contact",))
    plan.items["introductions"] = []
    for item in fit("introductions", ("a", "b")):
        if item.values["a"] == item.values["b"]:
            reader.error(
                f"introductions[{item.index}].b",
                _("a contact cannot be introduced to themselves"),
                "introductions",
                item.index,
            )
        else:
            plan.items["introductions"].append(item)
    plan.items["referrals"] = []
    for item in fit("referrals", ("from", "to"), allow_me=True):
        if item.values["from"] == ME and item.values["to"] == ME:
            reader.error(
                f"referrals[{item.index}]",
                _("a referral needs a contact on at least one side"),
                "referrals",
                item.index,
            )
        else:
            plan.items["referrals"].append(item)
    plan.items["followups"] = fit("followups", ("contact",))
    plan.errors, plan.warnings = reader.results()
    return plan


# --- Writing -------------------------------------------------------------------------------


def _chunked(values, size: int = _BATCH):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _extra_merged(old, unknown: dict, residuals: dict) -> dict:
    """The stored ``extra`` with the file's unknown keys, and the texts kept for known keys
    (``None``: nothing to keep any more)."""
    extra = {**(old if isinstance(old, dict) else {}), **unknown}
    for key, kept in residuals.items():
        if kept is None:
            extra.pop(key, None)
        else:
            extra[key] = kept
    return extra


def _natural_upsert(model, *, user, key: tuple[str, ...], fields: tuple[str, ...], rows):
    """Create or update rows of ``model`` matched by a natural key; returns (created, updated).

    ``key`` and ``fields`` are attribute names (``contact_id`` for a foreign key): the key
    columns, and the other columns that an entry may change. ``rows`` are (key, values,
    unknown keys, residuals), ``values`` by attribute name. Equal keys pair up one to one, so
    an entry that a file holds twice is stored twice, once.
    """
    if not rows:  # nothing to match: the stored rows need not be read
        return 0, 0
    pool: dict[tuple, deque] = defaultdict(deque)
    stored = model.objects.for_user(user).order_by("id")
    for row in stored.values("id", *key, *fields, "extra"):
        pool[tuple(row[k] for k in key)].append(row)
    now = timezone.now()
    new, changed, updated = [], [], 0
    for row_key, values, unknown, residuals in rows:
        if pool.get(row_key):
            row = pool[row_key].popleft()
            extra = _extra_merged(row["extra"], unknown, residuals)
            after = {f: values.get(f, row[f]) for f in fields}
            if extra != row["extra"] or any(after[f] != row[f] for f in fields):
                changed.append(model(id=row["id"], extra=extra, updated_at=now, **after))
            updated += 1
        else:
            extra = _extra_merged({}, unknown, residuals)
            new.append({**values, "owner_id": user.pk, "extra": extra})
    people_services.rows_insert(model, new)
    model.objects.bulk_update(changed, [*fields, "extra", "updated_at"], batch_size=_BATCH)
    return len(new), updated


def _owner_write(user, plan: _Plan) -> None:
    extra = dict(user.exchange_extra or {})
    extra.update(plan.top_extra)
    changes = {}
    if plan.owner is not None:
        values = plan.owner.values
        old = extra.get("owner") if isinstance(extra.get("owner"), dict) else {}
        if {**old, **plan.owner.extra}:
            extra["owner"] = {**old, **plan.owner.extra}
        if "name" in values:
            changes["display_name"] = values["name"] or ""
        for key in ("does", "pitch"):
            if key in values:
                changes[key] = values[key] or ""
        for key in ("offers", "needs"):
            if key in values:
                changes[key] = values[key] or []
    user.exchange_extra = extra
    user.save(update_fields=["exchange_extra"])
    if changes:
        people_services.profile_update(user=user, **changes)


def _events_write(user, items: list[_Item]) -> tuple[dict[str, Event], int, int]:
    by_id: dict[str, Event] = {}
    by_key: dict[tuple, deque] = defaultdict(deque)
    for event in Event.objects.for_user(user).order_by("id"):
        if event.external_id:
            by_id.setdefault(event.external_id, event)
        else:
            by_key[(event.name, event.date)].append(event)
    events, created, updated = {}, 0, 0
    for item in items:
        values = item.values
        when = values.get("date")
        fields = {"name": values["name"]}
        residuals = {}
        if "date" in values:
            fields["date"] = when.day if when else None
            residuals["date"] = when.residual if when else None
        for key in ("place", "kind", "notes"):
            if key in values:
                fields[key] = values[key] or ""
        ref = values.get("id")
        if ref:
            event = by_id.get(ref)
        else:
            pool = by_key.get((values["name"], when.day if when else None))
            event = pool.popleft() if pool else None
        if event is None:
            extra = _extra_merged({}, item.extra, residuals)
            event = activity_services.event_create(
                owner=user, external_id=ref or "", extra=extra, **fields
            )
            created += 1
        else:
            extra = _extra_merged(event.extra, item.extra, residuals)
            activity_services.event_update(event=event, extra=extra, **fields)
            updated += 1
        item.target = event
        if ref:
            events[ref] = event
    return events, created, updated


_CONTACT_TEXTS = ("organization", "title", "city", "country", "does", "expects", "notes")
_CONTACT_LISTS = ("emails", "phones", "urls", "languages", "tags", "offers", "needs")


def _contacts_write(user, items: list[_Item], events: dict[str, Event]):
    stored_extra: dict[str, dict] = {}
    for chunk in _chunked(item.values["id"] for item in items):
        # No ordering, and ``!= ""`` spelled out: SQLite then seeks the external id index.
        query = Contact.objects.for_user(user).order_by().exclude(external_id="")
        query = query.filter(external_id__in=chunk)
        stored_extra.update(query.values_list("external_id", "extra"))
    rows = []
    for item in items:
        values = item.values
        row = {"external_id": values["id"], "name": values["name"]}
        for key in _CONTACT_TEXTS:
            if key in values:
                row[key] = values[key] or ""
        for key in _CONTACT_LISTS:
            if key in values:
                row[key] = values[key] or []
        for key in ("strength", "introduced_by"):
            if key in values:
                row[key] = values[key]
        residuals = {}
        if "met" in values:
            met = values["met"] or _Met(None, "", None, {})
            row["met_on"] = met.when.day if met.when else None
            row["met_where"] = met.where
            row["met_event"] = events[met.event] if met.event else None
            kept = dict(met.extra)
            if met.when and met.when.residual:
                kept["date"] = met.when.residual
            residuals["met"] = kept or None
        row["extra"] = _extra_merged(stored_extra.get(values["id"]), item.extra, residuals)
        rows.append(row)
    results = people_services.contacts_upsert_bulk(owner=user, items=rows)
    for item, (contact, _created) in zip(items, results, strict=True):
        item.target = contact
    created = sum(1 for _contact, was_created in results if was_created)
    return {c.external_id: c for c, _created in results}, created, len(results) - created


def _knows_write(user, items, contacts) -> tuple[int, int]:
    rows = []
    for item in items:
        values = item.values
        a, b = sorted((contacts[values["a"]].pk, contacts[values["b"]].pk))
        fields = {"a_id": a, "b_id": b}
        if "strength" in values:
            fields["strength"] = values["strength"]
        if "how" in values:
            fields["how"] = values["how"] or ""
        rows.append(((a, b), fields, item.extra, {}))
    return _natural_upsert(
        Tie, user=user, key=("a_id", "b_id"), fields=("strength", "how"), rows=rows
    )


def _interactions_write(user, items, contacts) -> tuple[int, int]:
    rows = []
    for item in items:
        values = item.values
        contact, when = contacts[values["contact"]].pk, values["date"]
        kind = values.get("kind") or InteractionKind.MEETING
        summary = values.get("summary") or ""
        fields = {"contact_id": contact, "date": when.day, "at": when.at, "kind": kind}
        fields["summary"] = summary
        if "direction" in values:
            fields["direction"] = values["direction"] or Direction.MUTUAL
        row_key = (contact, when.day, when.at, kind, summary)
        rows.append((row_key, fields, item.extra, {"date": when.residual}))
    return _natural_upsert(
        Interaction,
        user=user,
        key=("contact_id", "date", "at", "kind", "summary"),
        fields=("direction",),
        rows=rows,
    )


def _introductions_write(user, items, contacts) -> tuple[int, int]:
    rows = []
    for item in items:
        values = item.values
        a, b, when = contacts[values["a"]].pk, contacts[values["b"]].pk, values.get("date")
        fields = {"a_id": a, "b_id": b, "date": when.day if when else None}
        if "status" in values:
            fields["status"] = values["status"] or IntroductionStatus.SUGGESTED
        for key in ("reason", "outcome"):
            if key in values:
                fields[key] = values[key] or ""
        residuals = {"date": when.residual if when else None}
        rows.append(((a, b, fields["date"]), fields, item.extra, residuals))
    return _natural_upsert(
        Introduction,
        user=user,
        key=("a_id", "b_id", "date"),
        fields=("status", "reason", "outcome"),
        rows=rows,
    )


def _referrals_write(user, items, contacts) -> tuple[int, int]:
    rows = []
    for item in items:
        values = item.values
        side_from = None if values["from"] == ME else contacts[values["from"]].pk
        side_to = None if values["to"] == ME else contacts[values["to"]].pk
        when = values.get("date")
        fields = {
            "from_contact_id": side_from,
            "to_contact_id": side_to,
            "date": when.day if when else None,
            "description": values.get("description") or "",
        }
        if "value" in values:
            fields["value"] = values["value"]
        for key in ("currency", "status"):
            if key in values:
                fields[key] = values[key] or ""
        row_key = (side_from, side_to, fields["date"], fields["description"])
        residuals = {"date": when.residual if when else None}
        rows.append((row_key, fields, item.extra, residuals))
    return _natural_upsert(
        Referral,
        user=user,
        key=("from_contact_id", "to_contact_id", "date", "description"),
        fields=("value", "currency", "status"),
        rows=rows,
    )


def _followups_write(user, items, contacts) -> tuple[int, int]:
    rows = []
    for item in items:
        values = item.values
        contact, when = contacts[values["contact"]].pk, values["due"]
        note = values.get("note") or ""
        fields = {"contact_id": contact, "due": when.day, "note": note}
        if "done" in values:
            fields["done"] = bool(values["done"])
        rows.append(((contact, when.day, note), fields, item.extra, {"due": when.residual}))
    return _natural_upsert(
        FollowUp, user=user, key=("contact_id", "due", "note"), fields=("done",), rows=rows
    )


def account_token(user) -> str:
    """A token that names ``user``'s account in this installation and nothing else (derived
    from the installation's secret key), for ``"exported_from"``."""
    salt = "vinculo.exchange.exported_from"
    return salted_hmac(salt, str(user.pk), algorithm="sha256").hexdigest()[:24]


def _own_contacts_named(user, items: list[_Item]) -> None:
    """Entries of the account's own export that name, by the id the export made up for them,
    contacts without an external id: those contacts take the id as their external id, so the
    import updates them (as a CardDAV upload to such a card does). The ids are made up again
    as the export made them (``_file_ids`` over every contact), so no list of the file's ids
    goes to the database."""
    refs = {item.values["id"] for item in items}
    rows = list(Contact.objects.for_user(user).order_by("id").values("id", "external_id"))
    ids = _file_ids(rows, "c", reserved={ME})
    named = [
        Contact(pk=row["id"], external_id=ids[row["id"]])
        for row in rows
        if not row["external_id"] and ids[row["id"]] in refs
    ]
    Contact.objects.bulk_update(named, ["external_id"], batch_size=_BATCH)


def _write(user, plan: _Plan, report: ImportReport) -> None:
    items = plan.items
    if plan.exported_from and plan.exported_from == account_token(user):
        _own_contacts_named(user, items["contacts"])
    _owner_write(user, plan)
    events, *events_counts = _events_write(user, items["events"])
    contacts, *contacts_counts = _contacts_write(user, items["contacts"], events)
    counts = {"events": events_counts, "contacts": contacts_counts}
    for item in items["events"]:
        if "attendees" in item.values:
            attendees = [contacts[ref] for ref in item.values["attendees"] or ()]
            activity_services.event_attendees_set(event=item.target, contacts=attendees)
    counts["knows"] = _knows_write(user, items["knows"], contacts)
    counts["interactions"] = _interactions_write(user, items["interactions"], contacts)
    counts["introductions"] = _introductions_write(user, items["introductions"], contacts)
    counts["referrals"] = _referrals_write(user, items["referrals"], contacts)
    counts["followups"] = _followups_write(user, items["followups"], contacts)
    for section in SECTIONS:
        created, updated = counts[section]
        skipped = plan.totals[section] - len(items[section])
        report.details[section] = {"created": created, "updated": updated, "skipped": skipped}
    report.created, report.updated = counts["contacts"]
    report.skipped = report.details["contacts"]["skipped"]


def network_import(
    *,
    user,
    document,
    source_name: str,
    strict: bool = False,
    dry_run: bool = False,
    rescore: bool = True,
    written: list[int] | None = None,
) -> ImportReport:
    """Import an exchange document (already parsed) into ``user``'s network.

    ``source_name`` names the file in the errors. With ``strict`` any error rejects the whole
    document; with ``dry_run`` the report says what would happen and nothing is written.
    ``rescore=False``: the caller re-scores the suggestions of the few contacts it wrote
    (``giving.matching.matches_refresh``) instead of the whole network. ``written``, a list:
    the ids of the contacts created or updated are added to it.
    """
    plan = _read(document, source_name)
    report = ImportReport(errors=plan.errors, warnings=plan.warnings)
    if plan.fatal or (strict and plan.errors):
        report.details = {
            section: {"created": 0, "updated": 0, "skipped": plan.totals.get(section, 0)}
            for section in SECTIONS
        }
        report.skipped = plan.totals.get("contacts", 0)
        report.rejected = True
        return report
    try:
        with transaction.atomic():
            _write(user, plan, report)
            if written is not None:
                written.extend(item.target.pk for item in plan.items["contacts"])
            if dry_run:
                transaction.set_rollback(True)
            elif rescore:
                # Offers and needs were written in bulk: score the network again in one go.
                matches_rebuild(owner=user)
    except BaseException:
        with contextlib.suppress(DatabaseError):  # the error that matters is the first one
            user.refresh_from_db()
        raise
    if dry_run:
        user.refresh_from_db()
    report.written = not dry_run
    return report


def network_import_data(
    *, user, data: bytes | str, source_name: str, strict: bool = False, dry_run: bool = False
) -> ImportReport:
    """``network_import`` of a file's bytes; a file that is not JSON gives a report with one
    error (where in the file) and writes nothing."""
    try:
        document = document_parse(data=data, source_name=source_name)
    except ExchangeError as exc:
        return ImportReport(errors=[exc.as_dict()], rejected=True)
    return network_import(
        user=user, document=document, source_name=source_name, strict=strict, dry_run=dry_run
    )


# --- Export --------------------------------------------------------------------------------


def _put(out: dict, key: str, value) -> None:
    """Write ``key`` unless its value is empty (no value, no text, an empty list)."""
    if value is not None and value != "" and value != []:
        out[key] = value


def _number(value):
    """Integral numbers as integers, others as they are (a ``Decimal`` as a float)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return int(value) if float(value).is_integer() else value


def _day_text(day: date | None, kept) -> str | None:
    if day is None:
        return None
    if isinstance(kept, str):
        when = _when_parse(kept)
        if when and when.day == day:
            return kept
    return day.isoformat()


def _moment_text(day: date, at: datetime | None, kept) -> str:
    if at is None:
        return day.isoformat()
    if isinstance(kept, str):
        when = _when_parse(kept)
        if when and when.at == at and when.day == day:
            return kept
    return timezone.localtime(at).isoformat()


def _unknown(out: dict, extra, spec) -> dict:
    for key, value in (extra if isinstance(extra, dict) else {}).items():
        if key not in spec:
            out[key] = value
    return out


def _file_ids(rows, prefix: str, reserved=frozenset()) -> dict[int, str]:
    """The id of every row in the file: its external id, else ``<prefix><pk>``, unique."""
    used, ids = set(reserved), {}
    for row in rows:
        ref = row["external_id"]
        if ref and ref not in used:
            ids[row["id"]] = ref
            used.add(ref)
    for row in rows:
        if row["id"] not in ids:
            candidate, n = f"{prefix}{row['id']}", 2
            while candidate in used:
                candidate, n = f"{prefix}{row['id']}-{n}", n + 1
            ids[row["id"]] = candidate
            used.add(candidate)
    return ids


def _grouped(pairs) -> dict[int, list]:
    grouped = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


def _unless(skip: bool, rows):
    """``rows``, or nothing without running the query when ``skip``."""
    return () if skip else rows


def network_export(
    *, user, contacts_only: bool = False, contacts: Iterable[int] | None = None
) -> dict:
    """``user``'s whole network as an exchange document (every key of the format is present;
    empty keys of an entry are left out). ``contacts_only``: the contacts and the events
    (their names), with the other sections left empty (the address book, ``dav``).
    ``contacts`` (pks; implies ``contacts_only``): only these contacts, with their ids as in
    a whole export, and only the events they met at (without attendees)."""
    chosen = Contact.objects.for_user(user)
    if contacts is not None:
        contacts_only, chosen = True, chosen.filter(pk__in=list(contacts))
    contact_rows = list(
        chosen.order_by("id").values(
            "id",
            "external_id",
            "name",
            "organization__name",
            "title",
            "emails",
            "phones",
            "urls",
            "city",
            "country",
            "languages",
            "does",
            "expects",
            "notes",
            "met_on",
            "met_where",
            "met_event_id",
            "introduced_by_id",
            "strength",
            "extra",
        )
    )
    chosen_events = Event.objects.for_user(user)
    if contacts is not None:
        chosen_events = chosen_events.filter(pk__in={r["met_event_id"] for r in contact_rows})
    event_rows = list(
        chosen_events.order_by("id").values(
            "id", "external_id", "name", "date", "place", "kind", "notes", "extra"
        )
    )
    if contacts is None:
        ids = _file_ids(contact_rows, "c", reserved={ME})
    else:
        people = {r["id"] for r in contact_rows} | {r["introduced_by_id"] for r in contact_rows}
        ids = contact_ids(user=user, contacts=people - {None})
    event_ids = _file_ids(event_rows, "e")
    tags = _grouped(
        Contact.tags.through.objects.filter(contact__in=chosen)
        .order_by("id")
        .values_list("contact_id", "tag__name")
    )
    with_contact = {"contact__isnull": False} if contacts is None else {"contact__in": chosen}
    offers, needs = (
        _grouped(
            model.objects.for_user(user)
            .filter(**with_contact)
            .order_by("contact_id", "position", "id")
            .values_list("contact_id", "text")
        )
        for model in (Offer, Need)
    )
    attendees = _grouped(
        _unless(
            contacts is not None,
            Event.attendees.through.objects.filter(event__in=Event.objects.for_user(user))
            .order_by("id")
            .values_list("event_id", "contact_id"),
        )
    )

    contacts = []
    for row in contact_rows:
        pk, extra = row["id"], row["extra"] if isinstance(row["extra"], dict) else {}
        out = {"id": ids[pk], "name": row["name"]}
        _put(out, "organization", row["organization__name"])
        for key in ("title", "emails", "phones", "urls", "city", "country", "languages"):
            _put(out, key, row[key])
        _put(out, "tags", tags.get(pk))
        _put(out, "does", row["does"])
        _put(out, "offers", offers.get(pk))
        _put(out, "needs", needs.get(pk))
        _put(out, "expects", row["expects"])
        _put(out, "notes", row["notes"])
        kept = extra.get("met") if isinstance(extra.get("met"), dict) else {}
        met = {}
        _put(met, "date", _day_text(row["met_on"], kept.get("date")))
        _put(met, "where", row["met_where"])
        _put(met, "event", event_ids.get(row["met_event_id"]))
        _unknown(met, kept, _MET_KEYS)
        if met:
            out["met"] = met
        _put(out, "introduced_by", ids.get(row["introduced_by_id"]))
        _put(out, "strength", _number(row["strength"]))
        contacts.append(_unknown(out, extra, CONTACT_SPEC))

    knows = []
    for tie in _unless(contacts_only, Tie.objects.for_user(user).order_by("id").values()):
        out = {"a": ids[tie["a_id"]], "b": ids[tie["b_id"]]}
        _put(out, "strength", _number(tie["strength"]))
        _put(out, "how", tie["how"])
        knows.append(_unknown(out, tie["extra"], KNOWS_SPEC))

    interactions = []
    for row in _unless(contacts_only, Interaction.objects.for_user(user).order_by("id").values()):
        extra = row["extra"] if isinstance(row["extra"], dict) else {}
        out = {
            "contact": ids[row["contact_id"]],
            "date": _moment_text(row["date"], row["at"], extra.get("date")),
            "kind": row["kind"],
            "direction": row["direction"],
        }
        _put(out, "summary", row["summary"])
        interactions.append(_unknown(out, extra, INTERACTION_SPEC))

    events = []
    for row in event_rows:
        extra = row["extra"] if isinstance(row["extra"], dict) else {}
        out = {"id": event_ids[row["id"]], "name": row["name"]}
        _put(out, "date", _day_text(row["date"], extra.get("date")))
        _put(out, "place", row["place"])
        _put(out, "kind", row["kind"])
        _put(out, "attendees", [ids[pk] for pk in attendees.get(row["id"], ())])
        _put(out, "notes", row["notes"])
        events.append(_unknown(out, extra, EVENT_SPEC))

    introductions = []
    for row in _unless(contacts_only, Introduction.objects.for_user(user).order_by("id").values()):
        extra = row["extra"] if isinstance(row["extra"], dict) else {}
        out = {"a": ids[row["a_id"]], "b": ids[row["b_id"]]}
        _put(out, "date", _day_text(row["date"], extra.get("date")))
        out["status"] = row["status"]
        _put(out, "reason", row["reason"])
        _put(out, "outcome", row["outcome"])
        introductions.append(_unknown(out, extra, INTRODUCTION_SPEC))

    referrals = []
    for row in _unless(contacts_only, Referral.objects.for_user(user).order_by("id").values()):
        extra = row["extra"] if isinstance(row["extra"], dict) else {}
        out = {
            "from": ids[row["from_contact_id"]] if row["from_contact_id"] else ME,
            "to": ids[row["to_contact_id"]] if row["to_contact_id"] else ME,
        }
        _put(out, "date", _day_text(row["date"], extra.get("date")))
        _put(out, "description", row["description"])
        _put(out, "value", _number(row["value"]))
        _put(out, "currency", row["currency"])
        _put(out, "status", row["status"])
        referrals.append(_unknown(out, extra, REFERRAL_SPEC))

    followups = []
    for row in _unless(contacts_only, FollowUp.objects.for_user(user).order_by("id").values()):
        extra = row["extra"] if isinstance(row["extra"], dict) else {}
        out = {
            "contact": ids[row["contact_id"]],
            "due": _day_text(row["due"], extra.get("due")),
            "done": row["done"],
        }
        _put(out, "note", row["note"])
        followups.append(_unknown(out, extra, FOLLOWUP_SPEC))

    kept = user.exchange_extra if isinstance(user.exchange_extra, dict) else {}
    owner = {
        "name": user.name,
        "does": user.does,
        "offers": profile_offers(user=user),
        "needs": profile_needs(user=user),
        "pitch": user.pitch,
    }
    _unknown(owner, kept.get("owner"), OWNER_SPEC)
    document = {"format": FORMAT}
    if any(not row["external_id"] for row in contact_rows):
        document[EXPORTED_FROM] = account_token(user)  # ids made up here: see the docstring
    document |= {
        "owner": owner,
        "contacts": contacts,
        "knows": knows,
        "interactions": interactions,
        "events": events,
        "introductions": introductions,
        "referrals": referrals,
        "followups": followups,
    }
    return _unknown(document, kept, TOP_KEYS)


_FEW = 2000  # beyond this many contacts, reading them all is as quick


def contact_ids(*, user, contacts: Iterable[int] | None = None) -> dict[int, str]:
    """The id each of ``user``'s contacts has in an exported document (pk → id), so other
    outputs (the command line, the API) name people the way the export does.

    ``contacts``: only these (pks), without reading the whole network. An id is the
    contact's external id (unique among the owner's), else ``c<pk>``, else ``c<pk>-2``…
    when an external id took that: so ``_file_ids`` only needs these contacts and those
    whose external ids have that shape.
    """
    everyone = Contact.objects.for_user(user)
    wanted = None if contacts is None else set(contacts)
    if wanted is None or len(wanted) > _FEW:
        rows = list(everyone.order_by("id").values("id", "external_id"))
        ids = _file_ids(rows, "c", reserved={ME})
        return ids if wanted is None else {pk: ids[pk] for pk in wanted if pk in ids}
    if not wanted:
        return {}
    # Indexed reads: no ordering (SQLite would walk the name index for it), and the
    # partial unique index on external ids needs ``external_id != ""`` spelled out.
    everyone = everyone.order_by()
    named = everyone.exclude(external_id="")
    found = {r["id"]: r for r in everyone.filter(pk__in=wanted).values("id", "external_id")}
    plain = named.filter(external_id__in=[f"c{pk}" for pk in wanted])
    clash = Q(external_id__in=[f"c{pk}" for pk in wanted])
    for ref in plain.values_list("external_id", flat=True):
        clash |= Q(external_id__startswith=f"{ref}-")
    found.update({r["id"]: r for r in named.filter(clash).values("id", "external_id")})
    ids = _file_ids(sorted(found.values(), key=lambda r: r["id"]), "c", reserved={ME})
    return {pk: ids[pk] for pk in wanted if pk in ids}


def suggestion_entries(*, user, suggestions) -> list[dict]:
    """Suggested introductions (``giving.selectors.Suggestion``) as the command line and the
    API write them (cli.md): ``a`` has the need and ``b`` the offer, each person named by the
    id an export gives them, the owner as "me"; ``why`` is the suggestion's reason."""
    people = {c.pk for s in suggestions for c in (s.need_contact, s.offer_contact) if c}
    ids = contact_ids(user=user, contacts=people)

    def person(contact) -> dict:
        if contact is None:
            return {"id": ME, "name": user.name}
        return {"id": ids[contact.pk], "name": contact.name}

    return [
        {
            "a": person(s.need_contact),
            "b": person(s.offer_contact),
            "need": s.need,
            "offer": s.offer,
            "score": s.score,
            "why": s.reason,
        }
        for s in suggestions
    ]
