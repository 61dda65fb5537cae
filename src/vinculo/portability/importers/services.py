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

Large files: a vCard file is read in chunks and its cards one at a time, and the contacts are
written ``BATCH_SIZE`` at a time, all within the one transaction (a failure in the last batch
leaves the network as it was). A file of more than one batch is read by a second process
while this one writes (``pipeline``: the reading of a batch, phone numbers included, weighs
about as much as its writing). What stays in memory for the whole file is one external id
per card (to keep them distinct, in the process that reads) and, when the import writes, one
contact id per card (for the duplicate check that follows). The suggestions are scored again
only when the file gave offers, needs or languages.

New contacts from an address book are direct ties of ``DEFAULT_STRENGTH`` unless the file
says otherwise; an import never lowers or raises the strength of a contact already there.
"""

import codecs
import contextlib
import functools
import hashlib
import io
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from vinculo.giving.matching import matches_rebuild
from vinculo.people import services as people_services
from vinculo.people.models import Contact
from vinculo.people.phones import phone_normalize
from vinculo.portability import exchange
from vinculo.portability.exchange import ImportReport

from . import detect, pipeline
from .csv import csv_parse
from .entries import Entry, Parsed
from .vcard import VcardReader, vcard_parse, vcard_text

# A contact found in one's own address book is someone one knows, but not yet closely.
DEFAULT_STRENGTH = 0.3
KINDS = (detect.JSON, detect.VCARD, detect.CSV, detect.LINKEDIN)
_CONTACT_PATH = re.compile(r"^contacts\[(\d+)\]\.?(.*)$")
_MAX_ID = Contact._meta.get_field("external_id").max_length

Progress = Callable[[int, int], None]
# Contacts written at a time: memory stays flat however long the file is.
BATCH_SIZE = 2000
_CHUNK = 1 << 20  # bytes read at a time
# Keys of a contact whose change means scoring the suggestions again.
_MATCHED = ("offers", "needs", "languages")


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
    return _phone_in(raw, settings.PHONE_DEFAULT_REGION)


@functools.lru_cache(maxsize=4096)
def _phone_in(raw: str, region: str) -> str:
    """Parsing a number takes longer than anything else done to a card: an office's number
    on many cards of one file is parsed once."""
    try:
        return phone_normalize(raw, region)
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


def _id_assign(entry: Entry, item: dict, kind: str, used: set[str]) -> None:
    """The contact's external id: its UID, else a digest; ``used`` holds the ids taken by
    the cards before it, so that every id of a file is distinct."""
    ref = entry.uid if entry.uid and len(entry.uid) <= _MAX_ID else _digest(entry, kind)
    candidate, n = ref, 2
    while candidate in used:
        candidate, n = f"{ref}-{n}", n + 1
    used.add(candidate)
    item["id"] = candidate


def _by_external_id(user):
    """The owner's contacts, to look up by external id: with no order, and ``!= ""`` spelled
    out, SQLite seeks the (partial) unique index instead of reading every contact."""
    return Contact.objects.for_user(user).order_by().exclude(external_id="")


def _existing(user, refs: list[str]) -> set[str]:
    return people_services.contacts_external_ids_stored(owner=user, refs=refs)


def _exchange_where(error: dict, source: str, lines: list[int]) -> dict:
    """``contacts[3].name`` in the writer's words -> the line of the card or row."""
    where = error["where"].removeprefix(f"{source}: ")
    match = _CONTACT_PATH.match(where)
    if not match or int(match.group(1)) >= len(lines):
        return error
    field_name = match.group(2).split("[")[0].split(".")[0]
    return {"where": _where(source, lines[int(match.group(1))], field_name), "why": error["why"]}


def _chunks(stream: BinaryIO) -> Iterator[bytes]:
    while chunk := stream.read(_CHUNK):
        yield chunk


def _vcard_stream(stream: BinaryIO) -> tuple[VcardReader, int]:
    """A reader of the cards of a vCard file read in chunks, and about how many cards it
    holds (for the progress bar). A UTF-8 file is checked in one pass and read in a second;
    UTF-16, UTF-32 and legacy code pages (small files of old phones) are read whole."""
    head = stream.read(4096)
    stream.seek(0)
    _rest, bom = detect.bom_strip(head)
    if bom in (None, "utf-8") and not detect._utf16_without_bom(head):
        decoder = codecs.getincrementaldecoder("utf-8")()
        cards = 0
        try:
            for chunk in _chunks(stream):
                decoder.decode(chunk)
                cards += chunk.count(b"BEGIN:VCARD") + chunk.count(b"begin:vcard")
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            pass
        else:
            stream.seek(len(codecs.BOM_UTF8) if bom else 0)
            return VcardReader(_chunks(stream), fallback="utf-8", encoding="utf-8"), cards
        stream.seek(0)
    rest, encoding, fallback = vcard_text(stream.read())
    cards = rest.count(b"BEGIN:VCARD") + rest.count(b"begin:vcard")
    return VcardReader([rest], fallback=fallback, encoding=encoding), cards


@dataclass
class _Run:
    """What an import has gathered so far, batch after batch."""

    user: object
    kind: str
    source: str
    strict: bool
    dry_run: bool
    keep_rows: bool
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    used: set = field(default_factory=set)
    contact_ids: list = field(default_factory=list)
    details: dict = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    skipped: int = 0
    read: int = 0  # entries read
    unreadable: int = 0  # entries and cards skipped before writing
    rescore: bool = False
    rejected: bool = False
    # (external id, introducer's id, line) of the introductions that cross batches
    introductions: list = field(default_factory=list)

    def row(self, line: int, name: str, action: str, why: str = "") -> None:
        if self.keep_rows or action == "skip" or why:
            self.rows.append(PreviewRow(line, name, action, why))


def _items(entries, run: _Run, total: int, progress) -> Iterator[tuple[int, dict, str]]:
    """Each readable entry's line, its exchange contact (with its external id) and what was
    wrong with it ("" when nothing); the entries without one are skipped (their error and row
    are noted in ``run``)."""
    for entry in entries:
        run.read += 1
        before = len(run.errors)
        item = _contact_item(entry, run.kind, run.source, run.errors)
        if item is None:
            run.unreadable += 1
            run.row(entry.line, "", "skip", run.errors[-1]["why"])
        else:
            _id_assign(entry, item, run.kind, run.used)
            yield entry.line, item, run.errors[-1]["why"] if len(run.errors) > before else ""
        if progress and run.read % 200 == 0 and run.read < total:
            progress(run.read, total)


def _read_elsewhere(reader: VcardReader, run: _Run, total: int, progress, batch_size: int):
    """The batches of ``_items`` read by a child process (``pipeline``) while this one
    writes the batch before; what the reading noted (errors, rows, counts, and at the end the
    file's problems) is taken into ``run`` and ``reader.parsed`` as each batch arrives, in
    the order reading in this process would have noted it."""

    def produce():
        noted = _Run(None, run.kind, run.source, False, run.dry_run, run.keep_rows)
        batches = itertools.batched(_items(reader.entries(), noted, total, None), batch_size)
        for batch in itertools.chain(batches, [None]):
            yield batch, noted.read, noted.unreadable, noted.errors, noted.rows
            noted.errors, noted.rows = [], []
        yield None, noted.read, noted.unreadable, reader.parsed, []

    with contextlib.closing(pipeline.produced_elsewhere(produce)) as produced:
        for batch, read, unreadable, errors, rows in produced:
            run.read, run.unreadable = read, unreadable
            run.rows += rows
            if isinstance(errors, Parsed):  # the end: the file's problems and warnings
                for name in ("problems", "warnings", "total", "fatal"):
                    setattr(reader.parsed, name, getattr(errors, name))
                continue
            run.errors += errors
            if progress and batch and read < total:
                progress(read, total)
            if batch:
                yield batch


def _batch_write(run: _Run, batch: list[tuple[int, dict, str]]) -> None:
    """Write one batch of contacts (within the import's transaction) and note what happened."""
    user, source = run.user, run.source
    refs = [item["id"] for _line, item, _why in batch]
    existing = _existing(user, refs)
    here = set(refs)
    for line, item, _why in batch:
        if item["id"] not in existing and "strength" not in item:
            item["strength"] = DEFAULT_STRENGTH
        introducer = item.get("introduced_by")
        if isinstance(introducer, str) and introducer and introducer not in here:
            run.introductions.append((item["id"], item.pop("introduced_by"), line))
        if run.rescore or any(key in item for key in _MATCHED):
            run.rescore = True
    document = {"format": exchange.FORMAT, "contacts": [item for _line, item, _why in batch]}
    written = [] if not run.dry_run else None
    report = exchange.network_import(
        user=user,
        document=document,
        source_name=source,
        strict=run.strict,
        rescore=False,
        written=written,
    )
    lines = [line for line, _item, _why in batch]
    refused = set()
    for error in report.errors:
        match = _CONTACT_PATH.match(error["where"].removeprefix(f"{source}: "))
        if match:
            refused.add(int(match.group(1)))
    run.errors += [_exchange_where(e, source, lines) for e in report.errors]
    run.warnings += [_exchange_where(w, source, lines) for w in report.warnings]
    run.rejected = run.rejected or report.rejected
    run.created += report.created
    run.updated += report.updated
    run.skipped += report.skipped
    for section, counts in report.details.items():
        total = run.details.setdefault(section, dict.fromkeys(counts, 0))
        for key, value in counts.items():
            total[key] += value
    for index, (line, item, why) in enumerate(batch):
        if report.rejected or index in refused:
            action = "skip"
        else:
            action = "update" if item["id"] in existing else "create"
        run.row(line, item["name"], action, why)
    if written and not report.rejected:
        run.contact_ids.extend(written)


def _introductions_link(run: _Run) -> None:
    """Who introduced whom, where the two cards fell in different batches."""
    user = run.user
    for ref, introducer, line in run.introductions:
        found = _by_external_id(user).filter(external_id=introducer).first()
        if found is None:
            run.errors.append(
                {
                    "where": _where(run.source, line, "introduced_by"),
                    "why": _("unknown contact id '%(id)s'") % {"id": introducer},
                }
            )
            continue
        _by_external_id(user).filter(external_id=ref).update(introduced_by=found)


def file_import(
    *,
    user,
    data: bytes | BinaryIO,
    source_name: str,
    kind: str = "auto",
    strict: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    keep_rows: bool = True,
    batch_size: int = BATCH_SIZE,
    reader_process: bool = True,
) -> FileImport:
    """Import a contacts file into ``user``'s network (see the module's docstring).

    ``data`` is the file's bytes or the file itself, open for binary reading (a vCard file is
    then read in chunks, card after card, and written ``batch_size`` contacts at a time, all
    in one transaction: memory does not grow with the file). ``keep_rows=False`` keeps only
    the rows of the entries skipped or with an error (the command line needs no more). A
    vCard file of more than one batch is read by a second process while this one writes
    (``pipeline``), unless ``reader_process=False`` or this process runs threads.
    """
    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    head = stream.read(65536)
    stream.seek(0)
    found = detect.format_detect(data=head, name=source_name)
    if (kind == "auto" and found == detect.JSON) or kind == detect.JSON:
        report = exchange.network_import_data(
            user=user, data=stream.read(), source_name=source_name, strict=strict, dry_run=dry_run
        )
        return FileImport(report=report, kind=detect.JSON, encoding="utf-8")
    if found == detect.VCARD and kind in ("auto", detect.VCARD):
        reader, total = _vcard_stream(stream)
        parsed, entries = reader.parsed, reader.entries()
    else:
        reader = None
        parsed = file_read(data=stream.read(), kind=kind, name=source_name)
        if parsed.fatal:
            return _rejected(source_name, parsed.fatal, parsed.kind)
        entries, total = parsed.entries, len(parsed.entries)
    run = _Run(user, parsed.kind, source_name, strict, dry_run, keep_rows or dry_run)
    with transaction.atomic(), contextlib.ExitStack() as cleanup:
        several = reader is not None and not strict and total > batch_size
        if several and reader_process and pipeline.reader_process_usable():
            # A second process reads the next batch while this one writes.
            batches = _read_elsewhere(reader, run, total, progress, batch_size)
            cleanup.enter_context(contextlib.closing(batches))
        elif strict:  # any error rejects the file: read it all before writing anything
            batches = [list(_items(entries, run, total, progress))]
            if run.errors or parsed.problems:
                return _strict_rejected(run, parsed, batches[0], total, progress)
        else:
            batches = itertools.batched(_items(entries, run, total, progress), batch_size)
        for batch in batches:
            if batch:
                _batch_write(run, list(batch))
            if run.rejected:
                break
        if parsed.fatal:
            transaction.set_rollback(True)
            return _rejected(source_name, parsed.fatal, parsed.kind)
        _introductions_link(run)
        if strict and run.errors:
            run.rejected = True
        if run.rejected or dry_run:
            transaction.set_rollback(True)
        elif run.rescore:
            # Offers and needs were written in bulk: score the network again in one go.
            matches_rebuild(owner=user)
    if run.rejected or dry_run:
        user.refresh_from_db()
    return _result(run, parsed, total, progress)


def _problems(run: _Run, parsed: Parsed) -> None:
    """The cards or rows that could not be read, before the other errors."""
    errors = []
    for problem in parsed.problems:
        errors.append(
            {"where": _where(run.source, problem.line, problem.field), "why": problem.why}
        )
        run.rows.append(PreviewRow(problem.line, "", "skip", problem.why))
        run.unreadable += 1
    run.errors[:0] = errors


def _strict_rejected(run: _Run, parsed: Parsed, items, total, progress) -> FileImport:
    _problems(run, parsed)
    unreadable = run.unreadable
    warnings = [
        {"where": _where(run.source, w.line, w.field), "why": w.why} for w in parsed.warnings
    ]
    report = ImportReport(
        errors=run.errors,
        warnings=warnings,
        skipped=unreadable + len(items),
        rejected=True,
    )
    listed = {row.line for row in run.rows}
    rows = run.rows + [
        PreviewRow(line, i["name"], "skip", why) for line, i, why in items if line not in listed
    ]
    for row in rows:
        row.action = "skip"
    rows.sort(key=lambda r: r.line)
    if progress:
        progress(run.read, run.read)
    return FileImport(report=report, kind=run.kind, encoding=parsed.encoding, rows=rows)


def _result(run: _Run, parsed: Parsed, total: int, progress) -> FileImport:
    _problems(run, parsed)
    unreadable = run.unreadable
    warnings = [
        {"where": _where(run.source, w.line, w.field), "why": w.why} for w in parsed.warnings
    ]
    report = ImportReport(
        created=run.created,
        updated=run.updated,
        skipped=run.skipped + unreadable,
        errors=sorted(run.errors, key=lambda e: _line_of(e["where"], run.source)),
        warnings=warnings + run.warnings,
        rejected=run.rejected,
        details=run.details,
    )
    report.written = not (run.rejected or run.dry_run)
    rows = sorted(run.rows, key=lambda r: r.line)
    result = FileImport(report=report, kind=run.kind, encoding=parsed.encoding, rows=rows)
    if report.written:
        result.contact_ids = run.contact_ids
    if progress:
        progress(run.read, run.read)
    return result


def _line_of(where: str, source: str) -> int:
    match = re.search(r"(\d+)", where.removeprefix(source))
    return int(match.group(1)) if match else 0
