"""Address-book CSV: Google Contacts (old and current headers), Outlook (English and German,
also with headers whose umlauts a bad conversion turned into U+FFFD), Thunderbird, LinkedIn's
``Connections.csv`` (with its "Notes:" lines before the header), and macOS Address Book's
tab-separated files named .csv.

Headers are matched after folding: lower case, only ASCII letters and digits kept, so
"Straße geschäftlich", "Stra\ufffde gesch\ufffdftlich" and "Strae geschftlich" are one key.
Columns the map does not know are kept in the contact's ``extra`` under their header.
The separator (comma, semicolon or tab) is the one the header line uses most.
"""

import csv
import io
import re
from datetime import datetime

from django.utils.translation import gettext as _

from .detect import linkedin_header_index, text_decode
from .entries import Entry, Parsed, Problem

# Outlook writes these in columns it has no value for.
_EMPTY_VALUES = {"0.0.00", "0/0/00", "00.00.0000", "1/0/00", "keine angabe", "unspecified"}
_OUTLOOK_DEFAULTS = {"normal", "aus", "false", "off", "smtp"}
# Google's system groups: membership of everything, not a tag anyone chose.
_SYSTEM_GROUPS = {"my contacts", "mycontacts"}
_LIST_SEPARATORS = re.compile(r"\s*:::\s*|\s*;\s*")

# (pattern on the folded header, field); the first match wins.
_RULES = [
    (r"type$|typ$|label$|e ?mail.*display|angezeigter|yomi|phonetic|ausspracheform", None),
    (r"initialen|^e mail typ$", None),
    (r"connected on", "connected_on"),
    (r"^(strength|fuerza|fuerza del vnculo)$", "strength"),
    (
        r"^(e ?mail|correo)|e ?mail( \d+)? (address|value|adresse)|^(primary|secondary) email$"
        r"|e ?mail$|^email address$|correo electr",
        "email",
    ),
    (r"^(arbeit|privat|andere) e ?mail$", "email"),
    (
        r"phone|telefon|^tel|mobil|fax|pager|handy|mvil|isdn|hauptnummer|r ?ckmeldung|callback"
        r"|telex",
        "phone",
    ),
    (r"web ?page|website|webseite|homepage|^url$|sitio web|p ?gina web", "url"),
    (r"^(title|anrede|name prefix|prefix|tratamiento)$", "prefix"),
    (r"^(suffix|name suffix|sufijo)$", "suffix"),
    (r"^(first name|given name|vorname|nombre)$", "given"),
    (r"^(middle name|additional name|weitere vornamen|segundo nombre)$", "additional"),
    (r"^(last name|family name|surname|nachname|apellidos?)$", "family"),
    (r"^(name|display name|full name|nombre completo|nombre para mostrar|anzeigename)$", "display"),
    (r"nickname|spitzname|apodo", "nickname"),
    (
        r"^(company|organi[sz]ation( \d+)?( name)?|firma|empresa|organizaci ?n|compa ?a)$",
        "organization",
    ),
    (
        r"^(job title|position|organi[sz]ation( \d+)? title|berufsbezeichnung|puesto|cargo)$",
        "title",
    ),
    (r"job description|^beruf$|profession|^role$", "does"),
    (r"department|abteilung|departamento", "department"),
    (r"^(notes?|notizen|notas)$", "notes"),
    (r"group membership|categories|kategorien|^labels$|categor", "tags"),
    (r"birthday|geburtstag|cumplea|^birth (year|month|day)$", "birthday"),
    (r"\bland\b|country|pa ?s$", "country"),
    (r"city|^ort\b|ort gesch|ort privat|weiterer ort|stadt|ciudad|localidad", "city"),
]
_COMPILED = [(re.compile(pattern), target) for pattern, target in _RULES]


def header_key(header: str) -> str:
    """``"Straße geschäftlich"`` and ``"Stra\ufffde gesch\ufffdftlich"`` -> ``"strae
    geschftlich"``: lower case, non-ASCII letters dropped, punctuation as single spaces."""
    ascii_only = "".join(ch for ch in header.lower() if ord(ch) < 128)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_only).split())


def header_field(header: str) -> str | tuple | None:
    key = header_key(header)
    custom = _CUSTOM.match(key)
    if custom:
        return ("custom", custom.group(1), custom.group(2))
    for pattern, target in _COMPILED:
        if pattern.search(key):
            return target
    return None


def _delimiter(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ","


def _connected_on(text: str) -> str:
    for fmt in ("%d %b %Y", "%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y", "%b %d, %Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return ""


_CUSTOM = re.compile(r"^custom field (\d+) (label|value)$")
_MULTI = re.compile(r"\s*:::\s*")


def _custom_fields(entry: Entry, pairs: dict[str, dict[str, str]]) -> None:
    """Google's "Custom Field N - Label/Value" pairs; the ones Vínculo writes become fields."""
    met: dict[str, str] = {}
    for pair in pairs.values():
        label, value = pair.get("label", "").strip(), pair.get("value", "").strip()
        key = header_key(label)
        if not value:
            continue
        if key in ("does", "expects"):
            entry.fields[key] = value
        elif key in ("offers", "needs", "languages"):
            entry.fields[key] = [v for v in _MULTI.split(value) if v]
        elif key in ("met on", "met where"):
            met["date" if key == "met on" else "where"] = value
        elif key == "strength" and re.fullmatch(r"0(\.\d+)?|1(\.0*)?", value):
            entry.fields["strength"] = float(value)
        elif key == "vnculo id":  # "Vínculo id", its accent folded away
            entry.uid = value
        else:
            entry.keep("columns", {label or _("Custom field"): value})
    if met:
        entry.fields["met"] = met


def _row_entry(line: int, headers: list[str], fields: list, row: list[str]) -> Entry:
    entry = Entry(line=line)
    parts: dict[str, str] = {}
    birthday: list[str] = []
    custom: dict[str, dict[str, str]] = {}
    for target, raw in zip(fields, row, strict=False):
        if isinstance(target, tuple):  # ("custom", number, "label" or "value")
            custom.setdefault(target[1], {})[target[2]] = raw
    _custom_fields(entry, custom)
    for header, target, raw in zip(headers, fields, row, strict=False):
        if isinstance(target, tuple):
            continue
        value = raw.strip()
        if not value or value.lower() in _EMPTY_VALUES:
            continue
        if target is None:
            if value.lower() not in _OUTLOOK_DEFAULTS:
                entry.keep("columns", {header: value})
            continue
        if target == "email":
            entry.email_add(value, line=line, field_name=header)
        elif target == "phone":
            entry.phone_add(value)
        elif target == "url":
            entry.url_add(value)
        elif target in ("prefix", "suffix", "given", "additional", "family", "display"):
            parts.setdefault(target, value)
        elif target == "organization":
            if not entry.organization:
                entry.organization = value
        elif target == "title":
            if not entry.title:
                entry.title = value
        elif target == "does":
            entry.does = "\n".join(t for t in (entry.does, value) if t)
        elif target == "notes":
            entry.notes.append(value.replace("\r\n", "\n"))
        elif target == "tags":
            for tag in _LIST_SEPARATORS.split(value):
                tag = tag.strip().removeprefix("* ").strip()
                if tag and tag.lower() not in _SYSTEM_GROUPS:
                    entry.tag_add(tag)
        elif target == "birthday":
            birthday.append(value)
        elif target == "country":
            if len(value) == 2 and value.isalpha() and not entry.country:
                entry.country = value.upper()
            entry.keep("columns", {header: value})
        elif target == "city":
            if not entry.city:
                entry.city = value
            entry.keep("columns", {header: value})
        elif target == "connected_on":
            day = _connected_on(value)
            if day:
                entry.keep("connected_on", day)
            else:
                entry.keep("columns", {header: value})
        elif target == "strength":
            if re.fullmatch(r"0(\.\d+)?|1(\.0*)?", value.replace(",", ".")):
                entry.fields["strength"] = float(value.replace(",", "."))
            else:
                entry.keep("columns", {header: value})
        elif target in ("nickname", "department"):
            entry.keep(target, value)
    if birthday:
        entry.keep("birthday", "-".join(birthday) if len(birthday) == 3 else birthday[0])
    for key in ("prefix", "suffix"):
        entry.keep(key, parts.get(key, ""))
    composed = " ".join(
        parts[k] for k in ("given", "additional", "family", "suffix") if parts.get(k)
    )
    entry.name = parts.get("display") or composed
    if parts.get("display") and composed and composed != parts["display"]:
        entry.keep("structured_name", composed)
    return entry


def csv_parse(data: bytes, *, kind: str = "csv") -> Parsed:
    """Every row of an address-book CSV (``kind`` "linkedin" skips LinkedIn's notes)."""
    text, encoding = text_decode(data)
    parsed = Parsed(kind=kind, encoding=encoding)
    lines = text.splitlines(keepends=True)
    start = linkedin_header_index([ln.rstrip("\r\n") for ln in lines]) or 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines):
        parsed.fatal = _("the file has no header line")
        return parsed
    body = "".join(lines[start:])
    delimiter = _delimiter(lines[start])
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    try:
        headers = next(reader)
    except (StopIteration, csv.Error) as exc:
        parsed.fatal = _("the header line cannot be read (%(reason)s)") % {"reason": exc}
        return parsed
    headers = [h.strip().lstrip("\ufeff") for h in headers]
    fields = [header_field(h) for h in headers]
    known = {f for f in fields if isinstance(f, str)}
    if not known & {"email", "phone", "given", "family", "display", "organization"}:
        parsed.fatal = _(
            "the first line is not the header of an address book "
            "(no column for names, e-mails or phones)"
        )
        return parsed
    offset = start  # lines before the header
    previous_end = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            parsed.total += 1
            parsed.problems.append(
                Problem(
                    offset + previous_end + 1, "", _("not valid CSV: %(reason)s") % {"reason": exc}
                )
            )
            previous_end = reader.line_num
            continue
        line = offset + previous_end + 1
        previous_end = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        parsed.total += 1
        if len(row) > len(headers):
            extra_values = [v for v in row[len(headers) :] if v.strip()]
            if extra_values or len(row) > len(headers) + 1:
                parsed.problems.append(
                    Problem(
                        line,
                        _("field %(n)d") % {"n": len(headers) + 1},
                        _(
                            "%(count)d fields where the header has %(columns)d: "
                            "'%(value)s' belongs to no column"
                        )
                        % {
                            "count": len(row),
                            "columns": len(headers),
                            "value": (extra_values or [""])[0],
                        },
                    )
                )
                continue
        entry = _row_entry(line, headers, fields, row)
        parsed.entries.append(entry)
    if parsed.total == 0:
        parsed.fatal = _("the file has a header but no contacts")
    return parsed
