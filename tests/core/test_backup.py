"""`vinculo backup` and `vinculo restore`, as an operator runs them: the installed command
on real installations (a VINCULO_HOME each, and on PostgreSQL a database each)."""

import gzip
import io
import json
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from ..installation import ON_POSTGRES

RICH = Path(__file__).parents[1] / "portability" / "data" / "rich.json"
PASSWORD = "kilo-Ñandú-42"

# Writes contacts, each with its offer, in one transaction each, until it is killed.
WRITER = """
import django, itertools, sys
django.setup()
from django.contrib.auth import get_user_model
from vinculo.people.services import contact_create
owner = get_user_model().objects.get(username="ana")
for n in itertools.count():
    contact_create(owner=owner, name=f"Escritora {n}", offers=[f"oferta {n}"])
    if n == 0:
        print("writing", flush=True)
"""


@pytest.fixture
def filled(installations):
    """An installation with an account, the rich Spanish file and an upload waiting."""
    source = installations("source")
    assert source.run("user", "create", "ana", "--password-stdin", stdin=PASSWORD + "\n")[0] == 0
    assert source.run("import", str(RICH), "--user", "ana")[0] == 0
    upload = source.home / "uploads" / "1" / "pendiente.upload"
    upload.parent.mkdir(parents=True)
    upload.write_bytes("BEGIN:VCARD\r\nFN:Begoña\r\nEND:VCARD\r\n".encode())
    return source


def test_a_backup_restored_into_an_empty_folder_gives_the_same_network(
    filled, installations, tmp_path
):
    backup = tmp_path / "copia.tar.gz"
    before = filled.export()

    saved = filled.run("backup", str(backup), "--json")
    target = installations("target")
    restored = target.run("restore", str(backup), "--json")

    assert saved[0] == 0, saved[2]
    document = json.loads(saved[1])
    assert document == {
        "file": str(backup),
        "bytes": backup.stat().st_size,
        "database": "postgresql" if ON_POSTGRES else "sqlite",
        "media_files": 1,
    }
    assert restored[0] == 0, restored[2]
    assert json.loads(restored[1])["file"] == str(backup)
    assert target.export() == before
    assert before.count('"name"') >= 5
    assert (target.home / "secret_key").read_text() == (filled.home / "secret_key").read_text()
    restored_upload = target.home / "uploads" / "1" / "pendiente.upload"
    assert restored_upload.read_bytes() == "BEGIN:VCARD\r\nFN:Begoña\r\nEND:VCARD\r\n".encode()
    # The restored account logs in with its password: the whole database came back.
    check = target.run(
        "manage",
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth import get_user_model;"
        f"print(get_user_model().objects.get(username='ana').check_password('{PASSWORD}'))",
    )
    assert check[:2] == (0, "True\n")


def test_a_backup_taken_while_the_app_writes_is_consistent(filled, installations, tmp_path):
    """Every contact in the copy has the offer written in the same transaction."""
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER],
        env={**filled.env, "DJANGO_SETTINGS_MODULE": "vinculo.settings"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline() == "writing\n", writer.stderr.read()
        time.sleep(0.5)
        backup = tmp_path / "en-marcha.tar.gz"
        saved = filled.run("backup", str(backup))
        time.sleep(0.3)
    finally:
        writer.kill()
        writer.communicate()
    target = installations("target")
    restored = target.run("restore", str(backup))
    counted = target.run(
        "manage",
        "shell",
        "--no-imports",
        "-c",
        "from vinculo.people.models import Contact, Offer;"
        "w = Contact.objects.filter(name__startswith='Escritora');"
        "print(w.count(), Offer.objects.filter(contact__in=w).count(),"
        " Offer.objects.filter(text__startswith='oferta').count())",
    )

    assert (saved[0], saved[2]) == (0, "")
    assert saved[1].startswith(f"Backup written to {backup} (")
    assert restored[0] == 0, restored[2]
    contacts, offers_of_them, offers = map(int, counted[1].split())
    assert contacts > 0
    assert contacts == offers_of_them == offers


def test_restoring_over_accounts_needs_replace_and_changes_nothing_without(filled, tmp_path):
    backup = tmp_path / "copia.tar.gz"
    assert filled.run("backup", str(backup))[0] == 0
    filled.run(
        "manage",
        "shell",
        "--no-imports",
        "-c",
        "from vinculo.people.models import Contact;"
        "Contact.objects.filter(name__startswith='Íñigo').delete()",
    )
    changed = filled.export()

    refused = filled.run("restore", str(backup))
    after_refusal = filled.export()
    replaced = filled.run("restore", str(backup), "--replace")

    assert refused == (
        1,
        "",
        "The database already holds accounts: restoring would replace them. Restore into an "
        "empty installation, or say --replace.\n",
    )
    assert after_refusal == changed
    assert replaced[0] == 0, replaced[2]
    assert filled.export() != changed
    assert "Íñigo" in filled.export()


def _rewrite(backup: Path, target: Path, change) -> None:
    """A copy of ``backup`` with its manifest changed by ``change``."""
    with tarfile.open(backup, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            copy.addfile(member, io.BytesIO(data))


def test_unusable_backups_are_refused_before_anything_changes(filled, installations, tmp_path):
    backup = tmp_path / "copia.tar.gz"
    assert filled.run("backup", str(backup))[0] == 0
    target = installations("target")
    not_a_backup = tmp_path / "red.json"
    not_a_backup.write_text('{"contacts": []}')
    truncated = tmp_path / "cortada.tar.gz"
    truncated.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    newer = tmp_path / "futura.tar.gz"
    _rewrite(backup, newer, lambda m: m["migrations"].update(people="9999_from_the_future"))
    other_kind = tmp_path / "otra.tar.gz"
    kind = "sqlite" if ON_POSTGRES else "postgresql"
    _rewrite(backup, other_kind, lambda m: m.update(database=kind))
    empty_gzip = tmp_path / "vacia.tar.gz"
    empty_gzip.write_bytes(gzip.compress(b""))

    results = {
        name: target.run("restore", str(path))
        for name, path in [
            ("missing", tmp_path / "no-existe.tar.gz"),
            ("json", not_a_backup),
            ("truncated", truncated),
            ("newer", newer),
            ("kind", other_kind),
            ("empty", empty_gzip),
        ]
    }

    current = "postgresql" if ON_POSTGRES else "sqlite"
    assert results["missing"] == (1, "", f"{tmp_path / 'no-existe.tar.gz'}: no such file\n")
    assert results["json"] == (1, "", f"{not_a_backup}: not a Vínculo backup\n")
    assert results["empty"] == (1, "", f"{empty_gzip}: not a Vínculo backup\n")
    assert results["truncated"][0] == 1
    assert results["truncated"][2].startswith(f"{truncated}: ")
    assert results["newer"] == (
        1,
        "",
        f"{newer} was made by a newer Vínculo (people.9999_from_the_future): upgrade this "
        "one first.\n",
    )
    assert results["kind"] == (
        1,
        "",
        f"{other_kind} holds a {kind} database and this installation uses {current}: restore "
        "it into the same kind of database, then move the data with export and import.\n",
    )
    # Nothing was restored: the target still has no account to export.
    assert target.run("export", "--user", "ana", "--format", "json")[0] == 1


def test_a_backup_where_it_cannot_be_written_says_so(filled, tmp_path):
    target = tmp_path / "no-existe" / "copia.tar.gz"

    status, out, err = filled.run("backup", str(target))

    assert (status, out) == (1, "")
    assert err == f"{target}: cannot write it (No such file or directory)\n"
    assert list(tmp_path.iterdir()) == [filled.home]
