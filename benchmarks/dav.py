"""Time the CardDAV address book of a generated network, side by side with the way the
storage worked before (every request read the whole network through ``network_export``
and hashed every contact's entry to take its ETag).

    python -m benchmarks.generate --contacts 5000 --interactions 20000 --user bench
    python -m benchmarks.dav [--user bench] [--repeat 3] [--before-repeat 1]

In process, through Django's test client and the whole stack below the WSGI server (the
view, HTTP Basic with the account's password, Radicale, the storage plugin, the database):

* ``PROPFIND`` Depth 1 of ``/dav/<user>/contacts/`` asking for ``getetag`` (what a phone
  does on every sync to see what changed);
* ``REPORT`` addressbook-multiget of 100 cards (what it then downloads);
* ``GET`` of one card;
* ``PUT`` of one changed card (an edit on the phone).

Each request runs twice: as the storage works now, and with its reads swapped for the
former ones (``before``: one whole-network export per request, shared by the listing and
the cards it writes), so the ratio compares the same request. Best of ``--repeat``;
prints a Markdown table.
"""

import argparse
import base64
import hashlib
import json
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vinculo.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from vinculo.dav import selectors, services  # noqa: E402
from vinculo.people.models import Contact  # noqa: E402
from vinculo.portability import exchange  # noqa: E402
from vinculo.portability.exporters.vcard import contact_card  # noqa: E402

PROPFIND = b"""<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>"""


class Before:
    """The former reads of the storage: the whole network exported once per request, every
    entry hashed for its ETag, and cards written from those entries."""

    def __init__(self, user):
        self.user, self.document = user, None
        self.saved = {}

    def _export(self):
        if self.document is None:
            self.document = exchange.network_export(user=self.user, contacts_only=True)
        return self.document

    def cards_list(self, *, user, contacts=None):
        if contacts is not None:  # after an upload: the network was read again
            self.document = None
        document = self._export()
        events = {e["id"]: e["name"] for e in document.get("events", ())}
        by_ref = {ref: pk for pk, ref in exchange.contact_ids(user=user).items()}
        updated = dict(Contact.objects.for_user(user).values_list("pk", "updated_at"))
        cards = []
        for entry in document["contacts"]:
            pk = by_ref[entry["id"]]
            if contacts is not None and pk not in contacts:
                continue
            uid = selectors._uid(entry.get("carddav_uid"), entry["id"])
            entry = {k: v for k, v in entry.items() if k not in selectors.DROPPED}
            met_event = (entry.get("met") or {}).get("event")
            basis = json.dumps(
                [uid, entry, events.get(met_event)], ensure_ascii=False, sort_keys=True
            )
            etag = f'"{hashlib.sha256(basis.encode()).hexdigest()}"'
            cards.append(selectors.Card(f"{entry['id']}.vcf", pk, uid, etag, updated[pk]))
        return cards

    def cards_find(self, *, user, hrefs):
        return {c.href: c for c in self.cards_list(user=user) if c.href in set(hrefs)}

    def cards_text(self, *, user, contacts=None):
        document = self._export()
        events = {e["id"]: e["name"] for e in document.get("events", ())}
        ids = exchange.contact_ids(user=user)
        wanted = None if contacts is None else {ids[pk] for pk in contacts}
        by_ref = {ref: pk for pk, ref in ids.items()}
        texts = {}
        for entry in document["contacts"]:
            if wanted is None or entry["id"] in wanted:
                uid = selectors._uid(entry.get("carddav_uid"), entry["id"])
                entry = {k: v for k, v in entry.items() if k not in selectors.DROPPED}
                card = contact_card(entry, version="4.0", events=events)
                card.uid.value = uid
                texts[by_ref[entry["id"]]] = card.serialize()
        return texts

    def __enter__(self):
        for name in ("cards_list", "cards_find", "cards_text"):
            self.saved[name] = getattr(selectors, name)
            setattr(selectors, name, getattr(self, name))
        return self

    def __exit__(self, *exc):
        for name, function in self.saved.items():
            setattr(selectors, name, function)

    def fresh(self, run):
        def wrapped():
            self.document = None  # one export per request, as before
            run()

        return wrapped


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
    parser.add_argument("--before-repeat", type=int, help="for the slow former way; --repeat")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["testserver"]
    user = get_user_model().objects.get(username=args.user)
    # A phone logs in with an app password (one SHA-256), not the account's password (a
    # PBKDF2 of more than half a second, the same for every request).
    password, secret = services.app_password_create(user=user, label="benchmark")
    token = base64.b64encode(f"{args.user}:{secret}".encode()).decode()
    client = Client(HTTP_AUTHORIZATION=f"Basic {token}")
    try:
        _run(args, user, client)
    finally:
        services.app_password_revoke(password=password)


def _run(args, user, client) -> None:
    book = f"/dav/{args.user}/contacts/"
    cards = selectors.cards_list(user=user)
    # Cards spread over the network, as a phone's changes would be.
    chosen = cards[:: max(1, len(cards) // 100)][:100]
    hrefs = "".join(f"<d:href>{book}{c.href}</d:href>" for c in chosen)
    multiget = (
        '<?xml version="1.0"?><c:addressbook-multiget xmlns:d="DAV:" '
        'xmlns:c="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><c:address-data/>'
        f"</d:prop>{hrefs}</c:addressbook-multiget>"
    ).encode()
    target = cards[len(cards) // 2]
    text = selectors.cards_text(user=user, contacts=[target.contact_id])[target.contact_id]
    notes = iter(range(10**6))

    def propfind():
        response = client.generic(
            "PROPFIND", book, PROPFIND, content_type="application/xml", HTTP_DEPTH="1"
        )
        assert response.status_code == 207, response.status_code
        assert response.content.count(b"getetag>") >= 2 * len(cards), "not every ETag"

    def report():
        response = client.generic(
            "REPORT", book, multiget, content_type="application/xml", HTTP_DEPTH="1"
        )
        assert response.status_code == 207, response.status_code
        assert response.content.count(b"BEGIN:VCARD") == len(chosen), "not every card"

    def get():
        response = client.get(f"{book}{target.href}")
        assert response.status_code == 200, response.status_code

    def put():
        edited = text.replace("END:VCARD", f"NOTE:editado en el móvil {next(notes)}\r\nEND:VCARD")
        response = client.generic(
            "PUT", f"{book}{target.href}", edited.encode(), content_type="text/vcard"
        )
        assert response.status_code in (201, 204), response.status_code

    operations = [
        ("PROPFIND Depth 1, ETags of every card", propfind),
        ("REPORT multiget of 100 cards", report),
        ("GET of one card", get),
        ("PUT of one edited card", put),
    ]
    rows = []
    for name, run in operations:
        now = _best(args.repeat, run)
        with Before(user) as before:
            then = _best(args.before_repeat or args.repeat, before.fresh(run))
        rows.append((name, now, then))
    print(f"{len(cards)} contacts; load average {os.getloadavg()[0]:.1f}\n")
    print("| operation | now, s | before, s | faster |")
    print("| --- | ---: | ---: | ---: |")
    for name, now, then in rows:
        print(f"| {name} | {now:.3f} | {then:.2f} | {then / now:.0f}× |")


if __name__ == "__main__":
    main()
