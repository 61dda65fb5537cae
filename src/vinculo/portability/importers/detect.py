"""What a file is and how its text is encoded, from its bytes (and its name as a last hint).

Plain Python: no Django here, so it is tested without a database.

Encodings: a byte-order mark says it (UTF-8, UTF-16, UTF-32); UTF-16 without one shows as
NUL bytes in every other place; then UTF-8 if the bytes are valid UTF-8; then Shift_JIS when
every non-ASCII run reads as Japanese; else the Windows code pages. Windows-1252 (Western
Europe and the Americas) is the default; Windows-1250 (Central Europe) wins only where 1252
gives an ``ñ`` before a consonant, which no Spanish word has but Polish ``ń`` often does.
"""

import codecs
import re

JSON = "json"
VCARD = "vcard"
CSV = "csv"
LINKEDIN = "linkedin"
UNKNOWN = "unknown"
EMPTY = "empty"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")
_ENYE_BEFORE_CONSONANT = re.compile(r"[ñÑ][b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z]")
# Signatures of files that are surely not contacts (images, archives, PDF, office files).
_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BM",
    b"\xd0\xcf\x11\xe0",
    b"RIFF",
    b"\x7fELF",
)


def bom_strip(data: bytes) -> tuple[bytes, str | None]:
    """``data`` without its byte-order mark, and the encoding the mark names (or None)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :], encoding
    return data, None


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:2000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    return None


def legacy_encoding(data: bytes) -> str:
    """The most likely single- or double-byte code page for bytes that are not UTF-8."""
    try:
        text = data.decode("shift_jis")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        foreign = [ch for ch in text if ord(ch) > 127]
        if foreign and all(_JAPANESE.match(ch) for ch in foreign):
            return "shift_jis"
    western = data.decode("cp1252", errors="replace")
    if _ENYE_BEFORE_CONSONANT.search(western):
        return "cp1250"
    return "cp1252"


def encoding_detect(data: bytes) -> str:
    """The encoding of a whole file (see the module's docstring)."""
    _rest, encoding = bom_strip(data)
    if encoding:
        return encoding
    encoding = _utf16_without_bom(data)
    if encoding:
        return encoding
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return legacy_encoding(data)
    return "utf-8"


def text_decode(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was read with; never fails (a byte that the
    chosen code page lacks becomes U+FFFD)."""
    encoding = encoding_detect(data)
    rest, _bom = bom_strip(data)
    return rest.decode(encoding, errors="replace"), encoding


def is_binary(data: bytes) -> bool:
    """Images, archives, PDFs and other files that are not text at all."""
    if data.startswith(_BINARY_MAGIC):
        return True
    sample = data[:4096]
    rest, bom = bom_strip(sample)
    if bom or _utf16_without_bom(sample):
        return False
    controls = sum(1 for b in rest if b < 9 or 13 < b < 32)
    return controls > max(4, len(rest) // 100)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line
    return ""


def linkedin_header_index(lines: list[str]) -> int | None:
    """The index of the header line of a LinkedIn ``Connections.csv`` (after its "Notes:")."""
    for index, line in enumerate(lines[:20]):
        lowered = line.lower()
        if "first name" in lowered and "last name" in lowered and "connected on" in lowered:
            return index
    return None


def format_detect(*, data: bytes, name: str = "") -> str:
    """``json``, ``vcard``, ``linkedin``, ``csv``, ``empty`` (nothing but white space) or
    ``unknown`` (not a contacts file), by the content first, the file name second."""
    if not data.strip(b" \t\r\n\x00"):
        return EMPTY
    if is_binary(data):
        return UNKNOWN
    text, _encoding = text_decode(data[:65536])
    text = text.lstrip("\ufeff \t\r\n")
    if not text.strip():
        return EMPTY
    if text.startswith(("{", "[")):
        return JSON
    if re.match(r"(?i)begin\s*:\s*vcard", text):
        return VCARD
    lines = text.splitlines()
    if linkedin_header_index(lines) is not None:
        return LINKEDIN
    header = _first_line(text)
    if any(sep in header for sep in (",", ";", "\t")) and len(lines) >= 1:
        return CSV
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in ("vcf", "vcard") and re.search(r"(?im)^begin:vcard", text):
        return VCARD
    return UNKNOWN
