"""The network's contacts as a CSV file with Google Contacts' current header, from an
exchange document (``exchange.network_export``). Plain Python.

Google Contacts (contacts.google.com → Export → Google CSV) writes a fixed block of name,
organization and note columns, then numbered groups (``E-mail 1 - Label``,
``E-mail 1 - Value``, ``Phone 1 - …``, ``Address 1 - …``, ``Website 1 - …``,
``Custom Field 1 - …``) as many as the contact that has most of them needs, and several
values of one cell joined by `` ::: ``. Its "Labels" column holds the contact's labels
(tags) after ``* myContacts``. What only Vínculo knows (what they do, offer, need and
expect, where they were met …) goes in custom fields, which Google keeps and shows.
"""

import csv
import io

FIXED = [
    "First Name",
    "Middle Name",
    "Last Name",
    "Phonetic First Name",
    "Phonetic Middle Name",
    "Phonetic Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Photo",
    "Labels",
]
ADDRESS_PARTS = [
    "Label",
    "Formatted",
    "Street",
    "City",
    "PO Box",
    "Region",
    "Postal Code",
    "Country",
    "Extended Address",
]
SEPARATOR = " ::: "
MY_CONTACTS = "* myContacts"

# Custom fields: the label Google shows, and how to read it from an exchange contact.
CUSTOM_FIELDS = [
    ("Does", lambda c, _: c.get("does", "")),
    ("Offers", lambda c, _: SEPARATOR.join(c.get("offers", ()))),
    ("Needs", lambda c, _: SEPARATOR.join(c.get("needs", ()))),
    ("Expects", lambda c, _: c.get("expects", "")),
    ("Met on", lambda c, _: (c.get("met") or {}).get("date", "")),
    ("Met where", lambda c, _: (c.get("met") or {}).get("where", "")),
    ("Met at event", lambda c, d: d["events"].get((c.get("met") or {}).get("event"), "")),
    ("Introduced by", lambda c, d: d["names"].get(c.get("introduced_by"), "")),
    ("Strength", lambda c, _: "" if c.get("strength") is None else format(c["strength"], "g")),
    ("Languages", lambda c, _: SEPARATOR.join(c.get("languages", ()))),
    ("Vínculo id", lambda c, _: c["id"]),
]


def name_split(name: str) -> tuple[str, str]:
    """``(first, last)``: "Núñez Peña, José" is written last name first; otherwise the last
    word is taken as the last name, so first and last joined give the name back."""
    name = " ".join(name.split())
    if "," in name:
        last, _comma, first = name.partition(",")
        return first.strip(), last.strip()
    first, _space, last = name.rpartition(" ")
    return (first, last) if first else (name, "")


def header(*, emails: int = 1, phones: int = 1, addresses: int = 1, websites: int = 1, custom=1):
    columns = list(FIXED)
    for kind, count in (("E-mail", emails), ("Phone", phones)):
        for n in range(1, count + 1):
            columns += [f"{kind} {n} - Label", f"{kind} {n} - Value"]
    for n in range(1, addresses + 1):
        columns += [f"Address {n} - {part}" for part in ADDRESS_PARTS]
    for kind, count in (("Website", websites), ("Custom Field", custom)):
        for n in range(1, count + 1):
            columns += [f"{kind} {n} - Label", f"{kind} {n} - Value"]
    return columns


def _row(contact: dict, lookups: dict) -> dict:
    first, last = name_split(contact["name"])
    row = {
        "First Name": first,
        "Last Name": last,
        "Organization Name": contact.get("organization", ""),
        "Organization Title": contact.get("title", ""),
        "Notes": contact.get("notes", ""),
        "Labels": SEPARATOR.join([MY_CONTACTS, *contact.get("tags", ())]),
    }
    for n, email in enumerate(contact.get("emails", ()), start=1):
        row[f"E-mail {n} - Label"] = "* Other" if n == 1 else "Other"
        row[f"E-mail {n} - Value"] = email
    for n, phone in enumerate(contact.get("phones", ()), start=1):
        row[f"Phone {n} - Label"] = "* Other" if n == 1 else "Other"
        row[f"Phone {n} - Value"] = phone
    if contact.get("city") or contact.get("country"):
        row["Address 1 - Label"] = "Other"
        row["Address 1 - Formatted"] = "\n".join(
            p for p in (contact.get("city"), contact.get("country")) if p
        )
        row["Address 1 - City"] = contact.get("city", "")
        row["Address 1 - Country"] = contact.get("country", "")
    for n, url in enumerate(contact.get("urls", ()), start=1):
        row[f"Website {n} - Label"] = ""
        row[f"Website {n} - Value"] = url
    n = 0
    for label, read in CUSTOM_FIELDS:
        value = read(contact, lookups)
        if value:
            n += 1
            row[f"Custom Field {n} - Label"] = label
            row[f"Custom Field {n} - Value"] = value
    return row


def csv_write(document: dict) -> str:
    """Every contact of an exchange document as Google Contacts CSV (UTF-8 text, CRLF
    line ends as Google writes them)."""
    contacts = document.get("contacts", ())
    lookups = {
        "events": {e["id"]: e["name"] for e in document.get("events", ())},
        "names": {c["id"]: c["name"] for c in contacts},
    }
    rows = [_row(contact, lookups) for contact in contacts]

    def most(prefix: str) -> int:
        return max(
            (
                sum(1 for key in row if key.startswith(prefix) and key.endswith(" - Value"))
                for row in rows
            ),
            default=0,
        )

    columns = header(
        emails=max(1, most("E-mail ")),
        phones=max(1, most("Phone ")),
        websites=max(1, most("Website ")),
        custom=max(1, most("Custom Field ")),
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, restval="", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
