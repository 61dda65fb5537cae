"""A read-only data folder (VINCULO_HOME: the database, the secret key): every command that
would write says so, names the folder and exits with 1; nothing in the folder changes.

Run as root (as CI does), permissions stop no write, so the folder is mounted read-only
for the command alone (a bind mount in a private mount namespace); otherwise it loses its
write permission.
"""

import os
import subprocess

import pytest

from .places import PASSWORD, cards, free_port

# Mount the folder ($0) over itself read-only, in this command's own mount namespace, and
# run the command ("$@") there.
READ_ONLY_MOUNT = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && exec "$@"'


def _mounted_read_only(folder) -> list[str]:
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", READ_ONLY_MOUNT, folder]


@pytest.fixture
def read_only(sqlite_place):
    """A function that runs a command with the data folder read-only; and what the
    operating system calls the fault."""
    place = sqlite_place
    if os.geteuid() != 0:

        def run(*args, **kw):
            place.home.chmod(0o555)
            try:
                return place.run(*args, **kw)
            finally:
                place.home.chmod(0o755)

        return run, "Permission denied"
    prefix = _mounted_read_only(str(place.home))
    probe = subprocess.run([*prefix, "true"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        pytest.skip(
            "running as root, only a read-only mount stops writes, and no mount namespace "
            f"can be made here ({probe.stderr.strip()})"
        )
    return (lambda *args, **kw: place.run(*args, prefix=prefix, **kw)), "Read-only file system"


@pytest.fixture
def filled(sqlite_place, tmp_path):
    """The account "ana" with a few contacts, and its export."""
    first = tmp_path / "first.vcf"
    first.write_text(cards(5), encoding="utf-8")
    assert sqlite_place.run("import", str(first), "--user", "ana")[0] == 0
    return sqlite_place.export()


def _refusal(place) -> str:
    return (
        f"The data folder {place.home} is read-only, or you may not write in it, so the "
        "database cannot be opened or changed (unable to open database file).\n"
    )


def test_import_user_create_and_serve_say_the_folder_is_read_only(
    sqlite_place, filled, read_only, tmp_path
):
    place = sqlite_place
    run, _why = read_only
    more = tmp_path / "more.vcf"
    more.write_text(cards(5, start=5), encoding="utf-8")
    before = place.files()

    imported = run("import", str(more), "--user", "ana")
    created = run("user", "create", "bea", "--password-stdin", stdin=PASSWORD + "\n")
    served = run("serve", "--port", str(free_port()), "--no-worker", timeout=120)

    assert imported == (1, "", _refusal(place))
    assert created == (1, "", _refusal(place))
    assert served == (1, "", _refusal(place))
    assert place.files() == before
    assert place.integrity() == "ok"
    assert place.export() == filled


def test_a_new_read_only_data_folder_says_it_cannot_be_prepared(sqlite_place, read_only):
    place = sqlite_place
    run, why = read_only
    for name in ("vinculo.sqlite3", "secret_key"):
        (place.home / name).unlink()  # as a folder made for Vínculo and never written

    created = run("user", "create", "ana", "--password-stdin", stdin=PASSWORD + "\n")

    assert created == (
        1,
        "",
        f"Cannot prepare the data folder {place.home} ({place.home / 'secret_key'}: {why}): "
        "check that it exists and that you may read and write in it, or choose another "
        "with VINCULO_HOME.\n",
    )
    assert sorted(p.name for p in place.home.iterdir()) == []
