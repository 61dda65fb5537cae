"""Time the address-book readers on large files, side by side with a plain baseline.

    python -m benchmarks.readers [--contacts 50000] [--repeat 3]

Writes, in memory, a vCard 3.0 file of ``--contacts`` cards as phones and Google write them
(name, organization, two e-mails, two phones, an address, a note with accents, an Apple
``itemN.`` label, CRLF line ends, long lines folded) and a Google Contacts CSV of the same
people, then times, best of ``--repeat``:

* ``importers.vcard.vcard_parse`` against vobject's own reader (``vobject.readComponents``,
  which only splits and parses the content lines, with none of the repairs);
* ``importers.csv.csv_parse`` against Python's ``csv.DictReader`` on the decoded text.

Reading only: no database. The whole import (reading, checks, the transaction) is timed by
``benchmarks.imports``. Prints a Markdown table.
"""

import argparse
import csv
import io
import os
import time
from collections.abc import Iterator

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vinculo.settings")

import django

django.setup()

import vobject  # noqa: E402

from vinculo.portability.importers.csv import csv_parse  # noqa: E402
from vinculo.portability.importers.vcard import vcard_parse  # noqa: E402

GIVEN = ["María José", "Íñigo", "Begoña", "José Luis", "Zoe", "Anna", "Jürgen", "Nuño"]
FAMILY = ["Núñez Peña", "Muñoz", "Ibáñez", "García", "Smith", "Etxeberria", "Müller"]


def _fold(line: str) -> str:
    parts = [line[i : i + 74] for i in range(0, len(line), 74)]
    return "\r\n ".join(parts)


def _card(n: int, *lines: str) -> bytes:
    """Card ``n``: its name, then ``lines``, CRLF line ends."""
    given, family = GIVEN[n % len(GIVEN)], FAMILY[n % len(FAMILY)]
    head = ["BEGIN:VCARD", "VERSION:3.0", f"N:{family};{given};;;", f"FN:{given} {family} {n}"]
    return ("\r\n".join([*head, *lines, "END:VCARD"]) + "\r\n").encode()


def vcard_cards(count: int) -> Iterator[bytes]:
    """The cards of ``vcard_file`` one at a time (to write a large file without holding it)."""
    for n in range(count):
        yield _card(
            n,
            f"ORG:Empresa {n % 500};Ventas",
            f"EMAIL;TYPE=INTERNET;TYPE=WORK:persona{n}@empresa{n % 500}.example",
            f"EMAIL;TYPE=INTERNET;TYPE=HOME:persona{n}@correo.example",
            f"TEL;TYPE=CELL:+34 6{n % 100:02d} {n % 1000:03d} {n % 997:03d}",
            f"item1.TEL:91 {n % 1000:03d} {n % 100:02d} {n % 100:02d}",
            "item1.X-ABLabel:_$!<AssistantPhone>!$_",
            f"ADR;TYPE=WORK:;;Calle Mayor {n % 200}\\, 3º;Sevilla;Andalucía;41001;España",
            _fold(
                "NOTE:Conocida en el desayuno de la Cámara de Comercio\\; quiere conocer a "
                "alguien de diseño web y ofrece asesoría legal a startups. Seguimiento el lunes."
            ),
        )


def vcard_plain_cards(count: int) -> Iterator[bytes]:
    """Cards as a phone's own address book writes most of them: a name, an organization,
    one e-mail and one mobile number (vobject parses these about three times faster than
    ``vcard_cards``)."""
    for n in range(count):
        yield _card(
            n,
            f"ORG:Empresa {n % 500}",
            f"EMAIL;TYPE=INTERNET:persona{n}@empresa{n % 500}.example",
            f"TEL;TYPE=CELL:+34 6{n % 100:02d} {n % 1000:03d} {n % 997:03d}",
        )


def vcard_file(count: int) -> bytes:
    return b"".join(vcard_cards(count))


def csv_file(count: int) -> bytes:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(
        [
            "First Name",
            "Last Name",
            "Organization Name",
            "Organization Title",
            "Notes",
            "Labels",
            "E-mail 1 - Label",
            "E-mail 1 - Value",
            "Phone 1 - Label",
            "Phone 1 - Value",
            "Address 1 - City",
            "Address 1 - Country",
        ]
    )
    for n in range(count):
        writer.writerow(
            [
                GIVEN[n % len(GIVEN)],
                f"{FAMILY[n % len(FAMILY)]} {n}",
                f"Empresa {n % 500}",
                "Gerente",
                "Conocida en la feria,\nquiere diseño web",
                "* myContacts ::: Clientes",
                "* Work",
                f"persona{n}@empresa.example",
                "Mobile",
                f"+34 6{n % 100:02d} {n % 1000:03d} {n % 997:03d}",
                "Sevilla",
                "ES",
            ]
        )
    return stream.getvalue().encode()


def best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    vcards, table = vcard_file(args.contacts), csv_file(args.contacts)
    assert len(vcard_parse(vcards).entries) == args.contacts
    assert len(csv_parse(table).entries) == args.contacts

    ours_vcard = best(lambda: vcard_parse(vcards), args.repeat)
    base_vcard = best(lambda: sum(1 for _ in vobject.readComponents(vcards.decode())), args.repeat)
    ours_csv = best(lambda: csv_parse(table), args.repeat)
    base_csv = best(
        lambda: sum(1 for _ in csv.DictReader(io.StringIO(table.decode(), newline=""))),
        args.repeat,
    )
    load = os.getloadavg()[0]
    print(f"{args.contacts} contacts, best of {args.repeat}, load average {load:.1f}\n")
    print("| file | size | our reader s | baseline s | ratio |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, data, ours, base, baseline in (
        ("vCard 3.0", vcards, ours_vcard, base_vcard, "vobject.readComponents"),
        ("Google CSV", table, ours_csv, base_csv, "csv.DictReader"),
    ):
        print(
            f"| {name} (baseline {baseline}) | {len(data) / 1e6:.1f} MB | {ours:.2f} | "
            f"{base:.2f} | {ours / base:.2f} |"
        )


if __name__ == "__main__":
    main()
