"""Importing an address book (vCard, CSV, LinkedIn) or an exchange document: one service
for the command line, the web page and the API.

Each reader turns the file into ``Entry`` objects; here they become the contact entries of an
exchange document, and ``exchange.network_import`` writes them: one writer, one transaction,
the same matching by external id (the card's UID, else a digest of its name, e-mails and
phones, so importing the same file twice updates instead of duplicating).

What the report says:

* ``errors``: a card or row that could not be read (skipped, with its line), and a value that
  is not what its field needs (an e-mail that is not one: the contact is imported and the
  text kept in its notes). ``where`` is "FILE: line N, FIELD".
* ``warnings``: what was left out on purpose (photos).
* A file that is empty or not a contacts file is rejected with one error; with ``strict`` any
  error rejects the whole file; a dry run writes nothing. Either way nothing is half-written.

New contacts from an address book are direct ties of ``DEFAULT_STRENGTH`` unless the file
says otherwise; an import never lowers or raises the strength of a contact already there.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from vinculo.people.models import Contact
from vinculo.people.phones import phone_normalize
from vinculo.portability import exchange
from vinculo.portability.exchange import ImportReport

from . import detect
from .csv import csv_parse
from .entries import Entry, Parsed
from .vcard import vcard_parse

# A contact found in one's own address book is someone one knows, but not yet closely.
DEFAULT_STRENGTH = 0.3
KINDS = (detect.JSON, detect.VCARD, detect.CSV, detect.LINKEDIN)
_CONTACT_PATH = re.compile(r"^contacts\[(\d+)\]\.?(.*)$")
_MAX_ID = Contact._meta.get_field("external_id").max_length

Progress = Callable[[int, int], None]


@dataclass
class PreviewRow:
    line: int
    name: str
    action: str  # "create", "update" or "skip"
    why: str = ""


@dataclass
class FileImport:
    """The outcome of an import (or of a dry run): the report and what happened to each entry."""

    report: ImportReport
    kind: str
    encoding: str = ""
    rows: list[PreviewRow] = field(default_factory=list)
    contact_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return self.report.as_dict()


def _where(source: str, line: int, field_name: str = "") -> str:
    where = f"{source}: " + _("line %(line)d") % {"line": line}
    return f"{where}, {field_name}" if field_name else where


def _rejected(source: str, why: str, kind: str, where: str | None = None) -> FileImport:
    report = ImportReport(errors=[{"where": where or source, "why": why}], rejected=True)
    return FileImport(report=report, kind=kind)


def file_read(*, data: bytes, kind: str = "auto", name: str = "") -> Parsed:
    """The entries of an address-book file; ``Parsed.fatal`` says why a file cannot be read."""
    found = detect.format_detect(data=data, name=name)
    if found == detect.EMPTY:
        return Parsed(kind=kind, encoding="", fatal=_("the file is empty"))
    if kind == "auto":
        kind = found
    if found == detect.UNKNOWN or (kind != found and kind in (detect.VCARD, detect.JSON)):
        why = _("this is not a contacts file (vCard, CSV or the exchange format)")
        if kind == detect.VCARD and found != detect.UNKNOWN:
            why = _("this is not a vCard file")
        return Parsed(kind=kind, encoding="", fatal=why)
    if kind == detect.VCARD:
        parsed = vcard_parse(data)
        if parsed.fatal:
            parsed.fatal = _("no BEGIN:VCARD … END:VCARD in the file")
        return parsed
    return csv_parse(data, kind=kind)


def _digest(entry: Entry, kind: str) -> str:
    basis = "\x1f".join([entry.name, *sorted(e.lower() for e in entry.emails), *entry.phones])
    return f"{kind}-{hashlib.sha1(basis.encode()).hexdigest()[:16]}"


def _phone(raw: str) -> str:
    try:
        return phone_normalize(raw)
    except ValidationError:
        return raw


def _contact_item(entry: Entry, kind: str, source: str, errors: list) -> dict | None:
    """The exchange entry of one contact, or None (with an error) when it has no name."""
    emails, notes = [], list(entry.notes)
    for email, (line, field_name) in zip(entry.emails, entry.email_fields, strict=True):
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                {
                    "where": _where(source, line, field_name),
                    "why": _("'%(value)s' is not an e-mail address; kept in the notes")
                    % {"value": email},
                }
            )
            notes.append(_("E-mail: %(value)s") % {"value": email})
            continue
        emails.append(email)
    name = entry.name.strip() or entry.organization or (emails or [""])[0]
    name = name or (entry.phones or [""])[0]
    if not name:
        errors.append(
            {
                "where": _where(source, entry.line),
                "why": _("no name, organization, e-mail or phone: nothing to import"),
            }
        )
        return None
    item = {"id": "", "name": " ".join(name.split())}
    if not entry.name.strip():
        entry.keep("name_from", "organization" if name == entry.organization else "contact")
    for key in ("organization", "title", "does", "city", "country"):
        value = getattr(entry, key)
        if value:
            item[key] = value
    if emails:
        item["emails"] = emails
    if entry.phones:
        item["phones"] = [_phone(p) for p in entry.phones]
    if entry.urls:
        item["urls"] = entry.urls
    if entry.tags:
        item["tags"] = entry.tags
    if notes:
        item["notes"] = "\n\n".join(notes)
    if entry.strength is not None:
        item["strength"] = entry.strength
    connected = entry.extra.pop("connected_on", None)
    if connected:
        item["met"] = {"date": connected, "where": "LinkedIn"}
    if entry.extra:
        item[kind] = entry.extra
    item.update({k: v for k, v in entry.fields.items() if k not in ("id", "name")})
    return item


def entry_item(*, entry: Entry, kind: str, source: str, errors: list) -> dict | None:
    """One read entry as an exchange contact (the same mapping as a file import), for
    importers of one card at a time (CardDAV)."""
    return _contact_item(entry, kind, source, errors)


def _ids_assign(items: list[tuple[Entry, dict]], kind: str) -> None:
    used: set[str] = set()
    for entry, item in items:
        ref = entry.uid if entry.uid and len(entry.uid) <= _MAX_ID else _digest(entry, kind)
        candidate, n = ref, 2
        while candidate in used:
            candidate, n = f"{ref}-{n}", n + 1
        used.add(candidate)
        item["id"] = candidate


def _existing(user, refs: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(refs), 500):
        chunk = refs[start : start + 500]
        query = Contact.objects.for_user(user).filter(external_id__in=chunk)
        found.update(query.values_list("external_id", flat=True))
    return found


def _exchange_where(error: dict, source: str, lines: list[int]) -> dict:
    """``contacts[3].name`` in the writer's words -> the line of the card or row."""
    where = error["where"].removeprefix(f"{source}: ")
    match = _CONTACT_PATH.match(where)
    if not match or int(match.group(1)) >= len(lines):
        return error
    field_name = match.group(2).split("[")[0].split(".")[0]
    return {"where": _where(source, lines[int(match.group(1))], field_name), "why": error["why"]}


def file_import(
    *,
    user,
    data: bytes,
    source_name: str,
    kind: str = "auto",
    strict: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> FileImport:
    """Import a contacts file into ``user``'s network (see the module's docstring)."""
    found = detect.format_detect(data=data, name=source_name) if kind == "auto" else kind
    if found == detect.JSON:
        report = exchange.network_import_data(
            user=user, data=data, source_name=source_name, strict=strict, dry_run=dry_run
        )
        return FileImport(report=report, kind=detect.JSON, encoding="utf-8")
    parsed = file_read(data=data, kind=kind, name=source_name)
    if parsed.fatal:
        return _rejected(source_name, parsed.fatal, parsed.kind)
    kind = parsed.kind
    errors: list[dict] = []
    rows: list[PreviewRow] = []
    for problem in parsed.problems:
        errors.append(
            {"where": _where(source_name, problem.line, problem.field), "why": problem.why}
        )
        rows.append(PreviewRow(problem.line, "", "skip", problem.why))
    items: list[tuple[Entry, dict]] = []
    total = len(parsed.entries)
    for done, entry in enumerate(parsed.entries, start=1):
        before = len(errors)
        item = _contact_item(entry, kind, source_name, errors)
        if item is None:
            rows.append(PreviewRow(entry.line, "", "skip", errors[-1]["why"]))
        else:
            items.append((entry, item))
            if len(errors) > before:
                rows.append(PreviewRow(entry.line, item["name"], "", errors[-1]["why"]))
        if progress and done % 200 == 0 and done < total:
            progress(done, total)
    _ids_assign(items, kind)
    existing = _existing(user, [item["id"] for _entry, item in items])
    for _entry, item in items:
        if item["id"] not in existing and "strength" not in item:
            item["strength"] = DEFAULT_STRENGTH
    unreadable = sum(1 for row in rows if row.action == "skip")
    warnings = [
        {"where": _where(source_name, w.line, w.field), "why": w.why} for w in parsed.warnings
    ]
    if strict and errors:
        report = ImportReport(
            errors=errors, warnings=warnings, skipped=unreadable + len(items), rejected=True
        )
        listed = {row.line for row in rows}
        rows += [PreviewRow(e.line, i["name"], "skip") for e, i in items if e.line not in listed]
        for row in rows:
            row.action = "skip"
        rows.sort(key=lambda r: r.line)
        if progress:
            progress(total, total)
        return FileImport(report=report, kind=kind, encoding=parsed.encoding, rows=rows)
    document = {"format": exchange.FORMAT, "contacts": [item for _entry, item in items]}
    report = exchange.network_import(
        user=user, document=document, source_name=source_name, strict=strict, dry_run=dry_run
    )
    lines = [entry.line for entry, _item in items]
    refused = set()
    for error in report.errors:
        match = _CONTACT_PATH.match(error["where"].removeprefix(f"{source_name}: "))
        if match:
            refused.add(int(match.group(1)))
    report.errors = sorted(
        errors + [_exchange_where(e, source_name, lines) for e in report.errors],
        key=lambda e: _line_of(e["where"], source_name),
    )
    report.warnings = warnings + [_exchange_where(w, source_name, lines) for w in report.warnings]
    report.skipped += unreadable
    by_line = {row.line: row for row in rows if row.action == ""}
    for index, (entry, item) in enumerate(items):
        if report.rejected or index in refused:
            action = "skip"
        else:
            action = "update" if item["id"] in existing else "create"
        row = by_line.get(entry.line)
        if row is None:
            rows.append(PreviewRow(entry.line, item["name"], action))
        else:
            row.action = action
    rows.sort(key=lambda r: r.line)
    result = FileImport(report=report, kind=kind, encoding=parsed.encoding, rows=rows)
    if report.written:
        refs = [item["id"] for _entry, item in items]
        result.contact_ids = [
            pk
            for start in range(0, len(refs), 500)
            for pk in Contact.objects.for_user(user)
            .filter(external_id__in=refs[start : start + 500])
            .values_list("pk", flat=True)
        ]
    if progress:
        progress(total, total)
    return result


def _line_of(where: str, source: str) -> int:
    match = re.search(r"(\d+)", where.removeprefix(source))
    return int(match.group(1)) if match else 0
