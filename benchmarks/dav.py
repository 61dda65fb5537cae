"""Time the CardDAV address book of a generated network, side by side with writing every
card (what listing the address book cost before cards were written only when read).

    python -m benchmarks.generate --contacts 5000 --interactions 20000 --user bench
    python -m benchmarks.dav [--user bench] [--repeat 3]

In process, through Django's test client and the whole stack below the WSGI server (the
view, HTTP Basic with the account's password, Radicale, the storage plugin, the database):

* ``PROPFIND`` Depth 1 of ``/dav/<user>/contacts/`` asking for ``getetag`` (what a phone
  does on every sync to see what changed);
* ``REPORT`` addressbook-multiget of 100 cards (what it then downloads);
* ``PUT`` of one changed card (an edit on the phone);
* the baseline: ``dav.selectors.cards_list`` plus writing every card's text.

Best of ``--repeat``; prints a Markdown table.
"""

import argparse
import base64
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vinculo.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from vinculo.dav import selectors  # noqa: E402

PASSWORD = "vinculo-bench-2026"
PROPFIND = b"""<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>"""


def _best(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--user", default="bench")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver"]
    user = get_user_model().objects.get(username=args.user)
    token = base64.b64encode(f"{args.user}:{PASSWORD}".encode()).decode()
    client = Client(HTTP_AUTHORIZATION=f"Basic {token}")
    book = f"/dav/{args.user}/contacts/"
    cards = selectors.cards_list(user=user)
    hrefs = "".join(f"<d:href>{book}{c.href}</d:href>" for c in cards[:100])
    multiget = (
        '<?xml version="1.0"?><c:addressbook-multiget xmlns:d="DAV:" '
        'xmlns:c="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><c:address-data/>'
        f"</d:prop>{hrefs}</c:addressbook-multiget>"
    ).encode()
    target = cards[0]
    text = target.text().replace("END:VCARD", "NOTE:editado en el móvil\r\nEND:VCARD")

    def propfind():
        response = client.generic(
            "PROPFIND", book, PROPFIND, content_type="application/xml", HTTP_DEPTH="1"
        )
        assert response.status_code == 207, response.status_code

    def report():
        response = client.generic(
            "REPORT", book, multiget, content_type="application/xml", HTTP_DEPTH="1"
        )
        assert response.status_code == 207, response.status_code

    def put():
        response = client.generic(
            "PUT", f"{book}{target.href}", text.encode(), content_type="text/vcard"
        )
        assert response.status_code in (201, 204), response.status_code

    def baseline():
        for card in selectors.cards_list(user=user):
            card.text()

    rows = [
        ("PROPFIND Depth 1, ETags of every card", _best(args.repeat, propfind)),
        ("REPORT multiget of 100 cards", _best(args.repeat, report)),
        ("PUT of one edited card", _best(args.repeat, put)),
        ("baseline: write every card", _best(args.repeat, baseline)),
    ]
    print(f"{len(cards)} contacts; load average {os.getloadavg()[0]:.1f}\n")
    print(f"| operation | best of {args.repeat}, s |")
    print("| --- | ---: |")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
