"""The web app and a command-line import at the same time: while `vinculo import` writes a
large address book in one transaction, the server (`vinculo serve`) answers, and a change
made through it waits for the import and is kept, not refused."""

import json
import subprocess
import time
import urllib.request

from ..installation import COMMAND
from .places import PASSWORD, Server, cards, free_port

CARDS = 6000  # three batches of 2,000: the command shows its progress


def _call(server: Server, token: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        server.url + path,
        data=None if body is None else json.dumps(body).encode(),
        method="GET" if body is None else "POST",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.status, json.loads(response.read())


def test_the_server_answers_and_writes_while_an_import_runs(installations, tmp_path):
    place = installations("together")
    assert place.run("user", "create", "ana", "--password-stdin", stdin=PASSWORD + "\n")[0] == 0
    status, said, err = place.run("manage", "drf_create_token", "ana")
    assert (status, err) == (0, "")
    token = said.split()[2]
    book = tmp_path / "agenda.vcf"
    book.write_text(cards(CARDS), encoding="utf-8")
    server = Server(place.env, tmp_path, free_port())
    server.start()
    try:
        progress = tmp_path / "progress"
        with progress.open("wb") as stream:  # a file: the command never waits for a reader
            importer = subprocess.Popen(
                [str(COMMAND), "import", str(book), "--user", "ana"],
                env=place.env,
                stdout=subprocess.PIPE,
                stderr=stream,
            )
        while b" 2000/" not in progress.read_bytes() and importer.poll() is None:
            time.sleep(0.05)
        # The first batch is written, inside the import's transaction.
        read = _call(server, token, "/api/v1/contacts/?limit=1")
        importing_after_read = importer.poll() is None
        written = _call(server, token, "/api/v1/contacts/", {"name": "Lucía Web"})
        out, _ = importer.communicate(timeout=300)
        listed = _call(server, token, "/api/v1/contacts/?limit=1")
    finally:
        server.stop()

    assert read[0] == 200
    assert read[1]["count"] == 0  # the import's contacts appear all at once, when it ends
    assert importing_after_read
    assert written[0] == 201
    assert written[1]["name"] == "Lucía Web"
    assert importer.returncode == 0, progress.read_text()
    assert out.decode().startswith(f"Contacts: {CARDS} created, 0 updated, 0 skipped.\n")
    assert listed[1]["count"] == CARDS + 1
