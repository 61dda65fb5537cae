"""A CardDAV sync cut off half-way, by a power cut of the server (every process of `vinculo
serve` SIGKILLed) or of the phone's side (vdirsyncer SIGKILLed): no contact is half-written,
and the next sync finishes the job, every contact exactly once on both sides."""

import os
import signal
import subprocess

import pytest

from ..dav.sync import VDIRSYNCER, Client
from .places import (
    PASSWORD,
    Server,
    card,
    card_people,
    cards,
    exported_people,
    free_port,
    whole_person,
)

CARDS = 120
CUT_AFTER = 40  # the sync is cut when it starts to copy this card
UPLOAD = b"Copying (uploading) item"
APP_PASSWORD = (
    "from django.contrib.auth import get_user_model; "
    "from vinculo.dav.services import app_password_create; "
    "print(app_password_create(user=get_user_model().objects.get(username='ana'), "
    "label='Móvil')[1])"
)


def _everyone(count: int = CARDS) -> dict[str, tuple]:
    return {f"Persona Núñez {n:05d}": whole_person(n) for n in range(count)}


def _all_whole(people: dict[str, tuple]) -> bool:
    return all(value == whole_person(int(name.rsplit(" ", 1)[1])) for name, value in people.items())


@pytest.fixture
def app(installations, tmp_path):
    """The app served by `vinculo serve`, with the account "ana" and an app password."""
    place = installations("sync")
    assert place.run("user", "create", "ana", "--password-stdin", stdin=PASSWORD + "\n")[0] == 0
    status, secret, err = place.run("manage", "shell", "--no-imports", "-c", APP_PASSWORD)
    assert (status, err) == (0, "")
    server = Server(place.env, tmp_path, free_port())
    server.start()
    phone = Client(tmp_path, f"{server.url}/dav/ana/contacts/", "ana", secret.strip())
    phone.discover()
    yield place, server, phone
    server.stop()


def _sync_started(phone: Client, *, copies: int) -> tuple[subprocess.Popen, bytes]:
    """vdirsyncer syncing, once it has started to copy its ``copies``-th card (or ended)."""
    process = subprocess.Popen(
        [str(VDIRSYNCER), "-c", str(phone.config), "sync"],
        env={**os.environ, "LC_ALL": "C.UTF-8"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    said = b""
    while said.count(UPLOAD) < copies and process.poll() is None:
        said += process.stdout.read1(4096)
    return process, said


def _finished(process: subprocess.Popen, said: bytes) -> tuple[int, str]:
    rest, _ = process.communicate(timeout=300)
    return process.returncode, (said + rest).decode(errors="replace")


def _assert_cut_then_finished(place, phone, said, after_cut, again, settled) -> None:
    """The card being written when the sync was cut is there whole or not at all; the two
    syncs after it leave every contact exactly once, whole, on both sides."""
    assert len(after_cut) in (said.count(UPLOAD) - 1, said.count(UPLOAD))
    assert _all_whole(after_cut)
    assert again.returncode == 0, again.stdout + again.stderr
    assert settled.returncode == 0, settled.stdout + settled.stderr
    assert exported_people(place.export()) == _everyone()
    assert sorted(phone.cards()) == sorted(f"phone-{n}.vcf" for n in range(CARDS))
    assert card_people(phone.cards().values()) == _everyone()


def _phone_cards_written(phone: Client) -> None:
    for n in range(CARDS):
        (phone.folder / f"phone-{n}.vcf").write_text(card(n, uid=f"phone-{n}"), encoding="utf-8")


def test_server_killed_in_the_middle_of_a_sync_from_the_phone(app):
    place, server, phone = app
    _phone_cards_written(phone)

    process, said = _sync_started(phone, copies=CUT_AFTER)
    server.kill()
    cut_status, cut_output = _finished(process, said)
    after_cut = exported_people(place.export())
    server.start()
    again = phone.run("sync")
    settled = phone.run("sync")

    assert cut_status == 1, cut_output
    assert cut_output.count(UPLOAD.decode()) == CARDS, cut_output
    assert CUT_AFTER <= said.count(UPLOAD) < CARDS
    # The card the server was writing when it died is there whole, or not at all.
    _assert_cut_then_finished(place, phone, said, after_cut, again, settled)


def test_phone_killed_in_the_middle_of_a_sync_to_the_app(app):
    place, _server, phone = app
    _phone_cards_written(phone)

    process, said = _sync_started(phone, copies=CUT_AFTER)
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdout.close()
    after_cut = exported_people(place.export())
    again = phone.run("sync")
    settled = phone.run("sync")

    assert process.returncode == -signal.SIGKILL
    assert CUT_AFTER <= said.count(UPLOAD) < CARDS
    _assert_cut_then_finished(place, phone, said, after_cut, again, settled)


def test_phone_killed_in_the_middle_of_a_sync_from_the_app(app, tmp_path):
    place, _server, phone = app
    book = tmp_path / "agenda.vcf"
    book.write_text(cards(CARDS), encoding="utf-8")
    assert place.run("import", str(book), "--user", "ana")[0] == 0

    process, said = _sync_started(phone, copies=CUT_AFTER)
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdout.close()
    after_cut = card_people(phone.cards().values())
    again = phone.run("sync")
    settled = phone.run("sync")

    assert process.returncode == -signal.SIGKILL
    assert CUT_AFTER <= said.count(UPLOAD) < CARDS
    # The phone's files are written whole (a temporary file renamed), or not at all.
    assert len(after_cut) in (said.count(UPLOAD) - 1, said.count(UPLOAD))
    assert _all_whole(after_cut)
    assert again.returncode == 0, again.stdout + again.stderr
    assert settled.returncode == 0, settled.stdout + settled.stderr
    assert len(phone.cards()) == CARDS
    assert card_people(phone.cards().values()) == _everyone()
    assert exported_people(place.export()) == _everyone()
