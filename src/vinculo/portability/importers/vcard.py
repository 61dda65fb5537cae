"""vCard 2.1, 3.0 and 4.0 as phones and address books really write them.

vobject parses the grammar of a content line (group, name, parameters with or without
values, quoted parameters: ``vobject.base.parseLine``). Around it, the work that real files
need and vobject's full reader does not do (it rejects or garbles most of the cards below):

* line ends CRLF, LF, CR and mixed (Apple writes CR CR LF), byte-order marks, UTF-16 with or
  without a mark;
* folding: a continuation line starts with a space or tab (Apple indents base64 by two); in
  2.1 a quoted-printable value goes on after a line ending in ``=`` (a soft break), whatever
  the next line starts with, and 2.1 base64 data may run on unindented lines;
* ``CHARSET=`` on any property, any version (Shift_JIS, ISO-8859-x, UTF-8), and without one
  the bytes are read as UTF-8 when they are, else in the most likely code page;
* 2.1 bare parameters (``TEL;CELL;PREF``), ``type=`` repeated or as lists, quoted values;
* Apple ``itemN.`` groups: an ``X-ABLabel`` names its sibling property (``_$!<HomePage>!$_``);
* a nested card in ``AGENT`` (escaped on one line in 3.0, or as lines in 2.1) is kept as the
  agent's name, not counted as a contact; a missing ``VERSION`` is read as 3.0.

Photos, sounds and keys (binary data) are not kept; the report says how many were left out.
"""

import quopri
import re
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from vobject.base import ParseError, parseLine

from vinculo.portability.exporters.vcard import vcard_fields_read

from .detect import bom_strip, encoding_detect, legacy_encoding
from .entries import Entry, Parsed, Problem

_LINE_END = re.compile(rb"\r\n|\r|\n")
_BINARY_PROPS = {"PHOTO", "LOGO", "SOUND", "KEY"}
# Said about the file, not the person.
_SKIPPED_PROPS = {"VERSION", "PRODID", "REV", "PROFILE"}
_AGENT_START = re.compile(rb"(?i)^([\w-]+\.)?AGENT(;[^:]*)?:\s*$")
# A property's group, name and parameters when no quoted parameter value can hide a ':'.
_SIMPLE_HEAD = re.compile(
    r"(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+(?:=[^;:,]+(?:,[^;:,]+)*)?)*)"
)
_AB_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_TYPE_WORDS = {
    "HOME",
    "WORK",
    "CELL",
    "VOICE",
    "FAX",
    "PAGER",
    "PREF",
    "INTERNET",
    "MSG",
    "VIDEO",
    "BBS",
    "MODEM",
    "CAR",
    "ISDN",
    "PCS",
    "POSTAL",
    "PARCEL",
    "DOM",
    "INTL",
    "X400",
    "AOL",
    "JPEG",
    "GIF",
    "PNG",
}


class _Line:
    __slots__ = ("line", "raw")

    def __init__(self, line: int, raw: bytes):
        self.line = line
        self.raw = raw


_QP = re.compile(rb"(?i)QUOTED-PRINTABLE")
# BEGIN:VCARD or END:VCARD, with the spaces a writer may put around it.
_BOUNDARY = re.compile(rb"(?i)\s*(BEGIN|END)\s*:\s*VCARD\s*")


def _boundary(raw: bytes) -> bytes:
    """``b"BEGIN"`` or ``b"END"`` when the line opens or closes a card, else ``b""``."""
    if raw[:1] not in b"BbEe \t" or not raw:
        return b""
    found = _BOUNDARY.fullmatch(raw)
    return found.group(1).upper() if found else b""


def _is_base64_start(raw: bytes) -> bool:
    header = raw.split(b":", 1)[0].upper()
    return b"BASE64" in header or b"ENCODING=B" in header


def _physical_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The physical lines of a file given in chunks (any line end, also across chunks)."""
    rest = b""
    for chunk in chunks:
        buffer = rest + chunk if rest else chunk
        cut = buffer.rfind(b"\n")
        if cut < 0:  # old Mac files end lines with CR alone; a final CR may be half a CRLF
            cut = buffer.rfind(b"\r", 0, len(buffer) - 1)
        if cut < 0:
            rest = buffer
            continue
        rest = buffer[cut + 1 :]
        lines = _LINE_END.split(buffer[: cut + 1])
        lines.pop()  # the empty text after the last line end
        yield from lines
    yield from _LINE_END.split(rest)


def _logical_lines(physical: Iterable[bytes], problems: list[Problem]) -> Iterator[_Line]:
    """Physical lines joined into content lines, each with the line number it starts on."""
    current: _Line | None = None
    in_qp = False
    for number, raw in enumerate(physical, start=1):
        if in_qp and current.raw.endswith(b"="):
            blank = not raw or raw.isspace()
            current.raw = current.raw[:-1] if blank else current.raw[:-1] + raw.lstrip(b" \t")
            in_qp = not blank
            continue
        if not raw or raw.isspace():
            continue
        first = raw[:1]
        if (first == b" " or first == b"\t") and current is not None:
            current.raw += raw[1:]
            continue
        colon = raw.find(b":")
        if colon < 0:
            if current is not None and _is_base64_start(current.raw):
                current.raw += raw.strip()
            else:
                problems.append(
                    Problem(number, "", _("not a vCard property: the line is left out"))
                )
            continue
        if current is not None:
            yield current
        current = _Line(number, raw)
        in_qp = _QP.search(raw, 0, colon) is not None
    if current is not None:
        yield current


_ESCAPED = re.compile(r"\\(.)", re.S)


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _split(text: str, sep: str) -> list[str]:
    """Split on ``sep`` where it is not escaped; the parts stay escaped."""
    if "\\" not in text:
        return text.split(sep)
    return _SPLITTERS[sep].findall(text.removesuffix("\\") + sep)


# One part and the separator after it; an escaped character (``\;``, ``\\``) stays inside.
_SPLITTERS = {sep: re.compile(r"((?:\\.|[^\\" + sep + r"])*)" + sep, re.S) for sep in ";,"}


class _Prop:
    __slots__ = ("binary", "group", "line", "name", "params", "size", "types", "value")

    def __init__(self, line, name, group, params, types, value, binary, size=0):
        self.size = size
        self.line = line
        self.name = name
        self.group = group
        self.params = params
        self.types = types
        self.value = value  # text, still escaped (structure separators intact)
        self.binary = binary


def _decode(raw: bytes, charset: str | None, fallback: str) -> str:
    if charset:
        try:
            return raw.decode(charset, errors="replace")
        except LookupError:
            pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode(fallback if fallback != "utf-8" else legacy_encoding(raw), "replace")


def _head_read(name: str, group: str | None, param_list: list) -> tuple:
    """What a property's head says: (name, group, params, types, binary, quoted-printable,
    charset)."""
    params: dict[str, list[str]] = {}
    types: list[str] = []
    for param in param_list:
        key = param[0].upper()
        values = param[1:]
        if not values:  # 2.1 bare parameter: a type, an encoding or a charset
            if key in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"):
                params.setdefault("ENCODING", []).append(key)
            else:
                types.append(key)
            continue
        for item in values:
            for piece in str(item).split(","):
                if key == "TYPE":
                    types.append(piece.strip().strip('"').upper())
                else:
                    params.setdefault(key, []).append(piece.strip('"'))
    encoding = " ".join(params.get("ENCODING", [])).upper()
    binary = "BASE64" in encoding or encoding == "B"
    charset = (params.get("CHARSET") or [None])[0]
    qp = "QUOTED-PRINTABLE" in encoding
    return name.upper(), (group or "").lower(), params, types, binary, qp, charset


def _simple_head(head: bytes) -> tuple | None:
    """``_head_read`` of a head that no quoted parameter value complicates (what vobject's
    parseLine gives, without its slower grammar), or None. A file repeats a few heads on
    every card (``TEL;TYPE=CELL``): each is read once."""
    found = _HEADS.get(head)
    if found is not None:
        return found
    text = head.decode("latin-1")
    simple = _SIMPLE_HEAD.fullmatch(text) if '"' not in text else None
    if not simple:
        return None
    group, name, rest = simple.groups()
    param_list = []
    for param in rest.split(";")[1:]:
        key, _eq, values = param.partition("=")
        param_list.append([key, values] if values else [key])
    found = _head_read(name, group, param_list)
    if len(_HEADS) >= _HEADS_MAX:  # a file with endless distinct heads: memory stays flat
        _HEADS.clear()
    _HEADS[head] = found
    return found


_HEADS: dict[bytes, tuple] = {}
_HEADS_MAX = 4096


def _prop(line: _Line, fallback: str) -> _Prop:
    head, _colon, raw_value = line.raw.partition(b":")
    found = _simple_head(head)
    if found is None:
        try:
            name, param_list, value, group = parseLine(line.raw.decode("latin-1"))
        except ParseError as exc:
            raise ValueError(str(exc)) from None
        found = _head_read(name, group, param_list)
        raw_value = value.encode("latin-1")
    name, group, params, types, binary, qp, charset = found
    if qp:
        raw_value = quopri.decodestring(raw_value)
    decoded = "" if binary else _decode(raw_value, charset, fallback)
    if "\r" in decoded:
        decoded = decoded.replace("\r\n", "\n").replace("\r", "\n")
    # The size of binary data (a photo), to tell an empty one.
    size = len(raw_value.strip()) if binary or name in _BINARY_PROPS else 0
    return _Prop(line.line, name, group, params, types, decoded, binary, size)


def _cards(
    lines: Iterable[_Line], problems: list[Problem]
) -> Iterator[tuple[int, list[_Line], bool]]:
    """Top-level cards (their first line, content lines, and whether a card is nested
    inside, which stays among the lines)."""
    depth, current, start, nested = 0, [], 0, False
    for line in lines:
        boundary = _boundary(line.raw)
        if boundary == b"BEGIN":
            if depth and not (current and _AGENT_START.match(current[-1].raw)):
                # Not a 2.1 agent's card: the open card lacks its END:VCARD.
                problems.append(Problem(start, "", _("the card has no END:VCARD")))
                depth = 0
            if depth == 0:
                current, start, nested = [], line.line, False
            else:
                current.append(line)
                nested = True
            depth += 1
            continue
        if boundary == b"END":
            if depth == 0:
                problems.append(Problem(line.line, "", _("END:VCARD without BEGIN:VCARD")))
                continue
            depth -= 1
            if depth == 0:
                yield start, current, nested
            else:
                current.append(line)
            continue
        if depth == 0:
            problems.append(Problem(line.line, "", _("outside any BEGIN:VCARD … END:VCARD")))
            continue
        current.append(line)
    if depth:
        problems.append(Problem(start, "", _("the card has no END:VCARD")))


def _label(text: str) -> str:
    match = _AB_LABEL.match(text.strip())
    return match.group(1) if match else text.strip()


def _name_from_n(parts: list[str]) -> str:
    parts = [_unescape(p).strip() for p in parts] + [""] * 5
    family, given, additional, prefix, suffix = parts[:5]
    if any("\u3000" <= ch <= "\u9fff" for ch in family + given):
        return (family + given).strip()
    return " ".join(p for p in (prefix, given, additional, family, suffix) if p)


def _address(parts: list[str]) -> dict:
    parts = [_unescape(p).strip() for p in parts]
    while len(parts) > 7 and not parts[-1]:
        parts.pop()
    if len(parts) > 7:  # a parameter held an unquoted ':' (RFC 6868 labels): keep the last 7
        parts = parts[-7:]
    parts += [""] * (7 - len(parts))
    keys = ("po_box", "extended", "street", "city", "region", "postal_code", "country")
    return {k: v for k, v in zip(keys, parts, strict=True) if v}


def _agent_name(value: str) -> str:
    text = _unescape(value)
    match = re.search(r"(?im)^FN[^:\n]*:(.*)$", text)
    return match.group(1).strip() if match else text.strip()


def _entry(
    start: int, lines: list[_Line], fallback: str, parsed: Parsed, agents: bool = True
) -> Entry | None:
    """The card's entry; ``agents``: a card may be nested inside (else no line is read
    as BEGIN or END)."""
    entry = Entry(line=start)
    props: list[_Prop] = []
    nested = 0
    for line in lines:
        boundary = _boundary(line.raw) if agents else b""
        if boundary == b"BEGIN":
            nested += 1
            agent = []
            continue
        if boundary == b"END":
            nested -= 1
            texts = [ln.raw.decode("utf-8", "replace") for ln in agent]
            entry.keep("agent", _agent_name("\n".join(texts)))
            continue
        if nested:
            agent.append(line)
            continue
        try:
            props.append(_prop(line, fallback))
        except ValueError:
            parsed.problems.append(Problem(line.line, "", _("not a vCard property")))
            return None
    labels = {p.group: _label(p.value) for p in props if p.group and p.name == "X-ABLABEL"}
    names, formatted, addresses, binaries = [], "", [], 0
    for prop in props:
        label = labels.get(prop.group, "") if prop.group else ""
        name, value = prop.name, prop.value
        if name == "X-ABLABEL" or name in _SKIPPED_PROPS:
            continue
        if prop.binary or (name in _BINARY_PROPS and name != "SOUND" and not value.strip()):
            binaries += 1 if prop.size else 0
            continue
        if name in ("PHOTO", "LOGO") and value.lower().startswith(("http:", "https:")):
            entry.keep(name.lower(), [_unescape(value).strip()])
            continue
        if name == "FN":
            formatted = formatted or _unescape(value).strip()
        elif name == "N":
            names.append(_split(value, ";"))
        elif name == "UID":
            entry.uid = entry.uid or _unescape(value).strip()
        elif name == "EMAIL":
            entry.email_add(_unescape(value), line=prop.line, field_name="EMAIL")
            if label:
                entry.keep("labels", {_unescape(value).strip(): label})
        elif name in ("TEL", "X-MS-TEL"):
            entry.phone_add(_unescape(value))
            kinds = [t.lower() for t in prop.types if t not in ("PREF", "VOICE")]
            if (label or kinds) and value.strip():
                entry.keep("labels", {_unescape(value).strip(): label or ",".join(kinds)})
        elif name == "URL":
            entry.url_add(_unescape(value))
        elif name == "ORG":
            parts = [_unescape(p).strip() for p in _split(value, ";")]
            parts = [p for p in parts if p]
            if parts and not entry.organization:
                entry.organization = parts[0]
                entry.keep("department", "; ".join(parts[1:]))
            elif parts:
                entry.keep("other_organizations", ["; ".join(parts)])
        elif name == "TITLE":
            if not entry.title:
                entry.title = _unescape(value).strip()
            else:
                entry.keep("other_titles", [_unescape(value).strip()])
        elif name == "ROLE":
            entry.does = "\n".join(t for t in (entry.does, _unescape(value).strip()) if t)
        elif name == "NOTE":
            if _unescape(value).strip():
                entry.notes.append(_unescape(value).strip())
        elif name == "CATEGORIES":
            # Some writers escape the commas between categories: any comma separates.
            for tag in _unescape(value).split(","):
                entry.tag_add(tag)
        elif name == "ADR":
            address = _address(_split(value, ";"))
            if address:
                kinds = [t.lower() for t in prop.types if t != "PREF"]
                if label or kinds:
                    address["label"] = label or ",".join(kinds)
                addresses.append((("PREF" in prop.types), address))
        elif name == "AGENT":
            entry.keep("agent", _agent_name(value))
        elif name == "NICKNAME":
            entry.keep("nickname", ", ".join(_unescape(v).strip() for v in _split(value, ",")))
        elif name in ("BDAY", "ANNIVERSARY"):
            entry.keep("birthday" if name == "BDAY" else "anniversary", _unescape(value).strip())
        else:
            text = _unescape(value).strip()
            if not text:
                continue
            key = name.lower()
            entry.keep(key, {"label": label, "value": text} if label else text)
    if binaries:
        parsed.warnings.append(
            Problem(
                start,
                "PHOTO",
                ngettext(
                    "%(count)d photo or other binary data not kept",
                    "%(count)d photos or other binary data not kept",
                    binaries,
                )
                % {"count": binaries},
            )
        )
    if addresses:
        addresses.sort(key=lambda pair: not pair[0])
        first = addresses[0][1]
        entry.city = first.get("city", "")
        country = first.get("country", "")
        if len(country) == 2 and country.isalpha():
            entry.country = country.upper()
        entry.keep("addresses", [a for _pref, a in addresses])
    entry.fields = vcard_fields_read(entry.extra)
    n_name = next((n for n in (_name_from_n(parts) for parts in names) if n), "")
    entry.name = formatted or n_name
    if formatted and n_name and n_name != formatted:
        entry.keep("structured_name", n_name)
    return entry


class VcardReader:
    """The cards of a vCard file read one at a time, from its bytes in chunks.

    ``entries()`` yields each card that can be read as it is read; what was wrong is in
    ``problems`` (each skips a card or a line) and ``warnings`` once the file is read.
    ``fallback`` is the code page for values that are not UTF-8 (see ``_decode``).
    """

    def __init__(self, chunks: Iterable[bytes], *, fallback: str = "utf-8", encoding: str = ""):
        self.chunks = chunks
        self.fallback = fallback
        self.parsed = Parsed(kind="vcard", encoding=encoding or fallback)
        self.cards = 0

    def entries(self) -> Iterator[Entry]:
        parsed = self.parsed
        line_problems: list[Problem] = []
        card_problems: list[Problem] = []
        lines = _logical_lines(_physical_lines(self.chunks), line_problems)
        for start, card_lines, nested in _cards(lines, card_problems):
            self.cards += 1
            entry = _entry(start, card_lines, self.fallback, parsed, nested)
            if entry is not None:
                yield entry
        # A stray line inside a card is reported but does not lose the card.
        parsed.warnings.extend(line_problems)
        parsed.problems.extend(card_problems)
        parsed.total = self.cards + sum(1 for p in card_problems if "END:VCARD" in p.why)
        if not self.cards and not parsed.problems:
            parsed.fatal = _("no BEGIN:VCARD … END:VCARD in the file")


def vcard_text(data: bytes) -> tuple[bytes, str, str]:
    """The bytes to read (UTF-16 and UTF-32 recoded as UTF-8, without a byte-order mark),
    the file's encoding and the code page for values that are not UTF-8."""
    rest, bom = bom_strip(data)
    encoding = encoding_detect(data)
    if bom or encoding.startswith("utf-16") or encoding.startswith("utf-32"):
        return rest.decode(encoding, errors="replace").encode("utf-8"), encoding, "utf-8"
    return rest, encoding, encoding


def vcard_parse(data: bytes) -> Parsed:
    """Every card of a vCard file (see the module's docstring)."""
    rest, encoding, fallback = vcard_text(data)
    reader = VcardReader([rest], fallback=fallback, encoding=encoding)
    entries = list(reader.entries())
    reader.parsed.entries = entries
    return reader.parsed
