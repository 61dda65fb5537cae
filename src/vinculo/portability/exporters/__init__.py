"""The whole network out, in each format a user can take elsewhere: the exchange format
(JSON), vCard 4.0 or 3.0, and Google Contacts CSV. The web page, the API and the command
line all call :func:`network_export_file`."""

import json
from dataclasses import dataclass

from django.utils import timezone

from vinculo.portability.exchange import network_export

from .csv import csv_write
from .vcard import VERSIONS, vcard_write

FORMATS = ("json", "vcard", "csv")
VCARD_VERSIONS = VERSIONS


@dataclass(frozen=True)
class ExportFile:
    data: bytes
    content_type: str
    filename: str
    contacts: int


def network_export_file(*, user, format: str, vcard_version: str = "4.0") -> ExportFile:
    """``user``'s network as a file in ``format`` (``json``, ``vcard`` or ``csv``)."""
    if format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {format!r}")
    if vcard_version not in VCARD_VERSIONS:
        raise ValueError(f"vCard version must be one of {VCARD_VERSIONS}, not {vcard_version!r}")
    document = network_export(user=user)
    stamp = timezone.localdate().isoformat()
    count = len(document["contacts"])
    if format == "json":
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        return ExportFile(text.encode(), "application/json", f"vinculo-{stamp}.json", count)
    if format == "vcard":
        text = vcard_write(document, version=vcard_version)
        return ExportFile(text.encode(), "text/vcard; charset=utf-8", f"vinculo-{stamp}.vcf", count)
    # A byte-order mark, so spreadsheet programs read the accents as UTF-8.
    data = "\ufeff".encode() + csv_write(document).encode()
    return ExportFile(data, "text/csv; charset=utf-8", f"vinculo-{stamp}.csv", count)
