"""What the fault tests run: the installed `vinculo` command, the app's server as a real
process that can be killed as a power cut kills it, and address books to import or sync."""

import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
from pathlib import Path

from ..installation import COMMAND

GUNICORN = COMMAND.with_name("gunicorn")
PASSWORD = "kilo-Ñandú-42"
SERVER_START_SECONDS = 180  # a busy machine


def card(n: int, *, uid: str | None = None) -> str:
    """One person's card: two e-mail addresses and two phones, so a card written in part
    shows."""
    uid_line = f"UID:{uid}\r\n" if uid else ""
    return (
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"{uid_line}"
        f"FN:Persona Núñez {n:05d}\r\nN:Núñez;Persona {n:05d};;;\r\n"
        f"ORG:Cooperativa Ñandú {n % 7}\r\n"
        f"EMAIL;TYPE=WORK:persona{n}@ejemplo.es\r\n"
        f"EMAIL;TYPE=HOME:persona{n}@casa.ejemplo.es\r\n"
        f"TEL;TYPE=CELL:+34 600 {n:06d}\r\n"
        f"TEL;TYPE=WORK:+34 910 {n:06d}\r\n"
        f"NOTE:Nos conocimos en la feria de Sevilla; le interesa la asesoría fiscal para "
        f"cooperativas y quiere conocer a alguien de diseño. Ficha {n}.\r\n"
        "END:VCARD\r\n"
    )


def cards(count: int, *, start: int = 0) -> str:
    return "".join(card(n) for n in range(start, start + count))


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def exported_people(document: str) -> dict[str, tuple]:
    """Each exported contact by name: its e-mail addresses and its phones' digits."""
    people = {}
    for contact in json.loads(document)["contacts"]:
        assert contact["name"] not in people, f"{contact['name']} twice"
        people[contact["name"]] = (
            sorted(contact.get("emails", [])),
            sorted(digits(phone) for phone in contact.get("phones", [])),
        )
    return people


def card_people(texts) -> dict[str, tuple]:
    """Each card's person by name, as ``exported_people`` gives them."""
    people = {}
    for text in texts:
        lines = text.replace("\r\n", "\n").split("\n")
        assert lines[0] == "BEGIN:VCARD" and "END:VCARD" in lines, text
        name = next(line.split(":", 1)[1] for line in lines if line.startswith("FN"))
        assert name not in people, f"{name} twice"
        emails = [line.split(":", 1)[1] for line in lines if line.startswith("EMAIL")]
        phones = [line.split(":", 1)[1] for line in lines if line.startswith("TEL")]
        people[name] = (sorted(emails), sorted(digits(p) for p in phones))
    return people


def whole_person(n: int) -> tuple:
    """What ``exported_people`` gives for ``card(n)``, whole."""
    return (
        sorted([f"persona{n}@ejemplo.es", f"persona{n}@casa.ejemplo.es"]),
        sorted([f"34600{n:06d}", f"34910{n:06d}"]),
    )


class Place:
    """An installation on SQLite in a folder of its own (whatever database the suite runs
    on): full disks and read-only folders are faults of that folder."""

    def __init__(self, home: Path):
        self.home = home
        self.database = home / "vinculo.sqlite3"
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k
            not in (
                "DATABASE_URL",
                "DJANGO_SETTINGS_MODULE",
                "VINCULO_SKIP_MIGRATE",
                "VINCULO_SECRET_KEY",
            )
        }
        self.env.update(VINCULO_HOME=str(home), VINCULO_LANGUAGE="en")

    def run(self, *args, stdin=None, preexec_fn=None, prefix=(), timeout=300):
        done = subprocess.run(
            [*prefix, str(COMMAND), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=timeout,
            preexec_fn=preexec_fn,
            check=False,
        )
        return done.returncode, done.stdout, done.stderr

    def export(self) -> str:
        status, out, err = self.run("export", "--user", "ana", "--format", "json")
        assert (status, err) == (0, "")
        return out

    def integrity(self) -> str:
        with sqlite3.connect(self.database) as connection:
            (result,) = connection.execute("PRAGMA integrity_check").fetchone()
        connection.close()
        return result

    def files(self) -> dict[str, bytes]:
        """Every file of the data folder but the collected static files, with its bytes."""
        return {
            str(p.relative_to(self.home)): p.read_bytes()
            for p in sorted(self.home.rglob("*"))
            if p.is_file() and "static" not in p.relative_to(self.home).parts
        }


def place_copy(template: Place, home: Path) -> Place:
    home.mkdir()
    for name in ("vinculo.sqlite3", "vinculo.sqlite3-wal", "secret_key"):
        if (template.home / name).exists():
            shutil.copyfile(template.home / name, home / name)
    return Place(home)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """The app's WSGI application in gunicorn, as `vinculo serve` runs it (without the
    collection of static files it does first), in a session of its own: killing the
    session is the power cut."""

    def __init__(self, env: dict, folder: Path, port: int, *, preexec_fn=None):
        self.env = {**env, "DJANGO_SETTINGS_MODULE": "vinculo.settings"}
        self.preexec_fn = preexec_fn  # run in the server's process before it starts
        self.folder, self.port = folder, port
        self.url = f"http://127.0.0.1:{port}"
        self.process = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        log = self.folder / f"server-{self.starts}.log"
        command = [str(GUNICORN), "vinculo.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", "1", "--worker-class", "gthread", "--threads", "4"]
        command += ["--no-control-socket"]
        with log.open("wb") as stream:
            self.process = subprocess.Popen(
                command,
                env=self.env,
                stdout=stream,
                stderr=stream,
                start_new_session=True,
                preexec_fn=self.preexec_fn,
            )
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(log.read_text(errors="replace"))
            time.sleep(0.2)

    def _answers(self) -> bool:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", "/accounts/login/")
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()

    def kill(self) -> None:
        """SIGKILL to every process of the server at once: no clean-up runs."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.process is not None:
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
