"""A full disk: the command stops with a message that says so, and the database is as it
was, whole.

The disk fills for real as far as the process can tell: its file size limit
(RLIMIT_FSIZE, `ulimit -f`) is set a little above the database's size, so writing past it
fails with EFBIG, as a write to a full disk fails with ENOSPC (Python ignores SIGXFSZ). It
needs no privilege, unlike a small file system. SQLite reports EFBIG as "disk I/O error"
(ENOSPC as "database or disk is full"); the command finds out which limit was reached.
"""

import json
import os
import resource

import pytest

from .places import Place, cards

MARGIN = 64 * 1024  # bytes the database's files may grow by before the disk is "full"


def _file_limit(size: int):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def test_an_import_on_a_full_disk_says_so_and_changes_nothing(sqlite_place, tmp_path):
    place = sqlite_place
    first = tmp_path / "first.vcf"
    first.write_text(cards(40), encoding="utf-8")
    assert place.run("import", str(first), "--user", "ana")[0] == 0
    before = place.export()
    size = place.database.stat().st_size
    big = tmp_path / "agenda.vcf"
    big.write_text(cards(2000, start=40), encoding="utf-8")  # under 1 MB: no progress bar
    limit = size + MARGIN

    full = place.run("import", str(big), "--user", "ana", preexec_fn=_file_limit(limit))

    assert full == (
        1,
        "",
        f"No room left to write the database in {place.home}: its files reached the largest "
        f"size this process may write ({limit} bytes, see ulimit -f). "
        "What was being written was undone: free some space and try again.\n",
    )
    assert place.integrity() == "ok"
    assert place.export() == before
    # Space again: the same import does the whole job.
    again = place.run("import", str(big), "--user", "ana")
    assert again[0] == 0
    assert again[1].startswith("Contacts: 2000 created, 0 updated, 0 skipped.\n")
    assert place.integrity() == "ok"
    assert len(json.loads(place.export())["contacts"]) == 2040


# Copy the data folder ($0) aside ($1), put a small file system (size $2) in its place for
# this command alone (a private mount namespace), copy the data in, run the command ("$@"),
# and copy what it left back aside.
SMALL_DISK = (
    'home="$0"; aside="$1"; size="$2"; shift 2; cp -a "$home"/. "$aside"/ '
    '&& mount -t tmpfs -o size="$size" vinculo-full "$home" && cp -a "$aside"/. "$home"/ '
    '|| exit 99; "$@"; status=$?; rm -rf "$aside"/* && cp -a "$home"/. "$aside"/; exit $status'
)


def test_an_import_on_a_really_full_disk_says_so(sqlite_place, tmp_path):
    if os.geteuid() != 0:
        pytest.skip("a small file system needs root to mount (the file size limit test runs)")
    place = sqlite_place
    first = tmp_path / "first.vcf"
    first.write_text(cards(40), encoding="utf-8")
    assert place.run("import", str(first), "--user", "ana")[0] == 0
    before = place.export()
    aside = tmp_path / "aside"
    aside.mkdir()
    size = place.database.stat().st_size + 256 * 1024
    big = tmp_path / "agenda.vcf"
    big.write_text(cards(2000, start=40), encoding="utf-8")
    prefix = ["unshare", "--mount", "--propagation", "private", "sh", "-c", SMALL_DISK]
    prefix += [str(place.home), str(aside), str(size)]

    full = place.run("import", str(big), "--user", "ana", prefix=prefix)

    if full[0] == 99:
        pytest.skip(f"no small file system can be mounted here ({full[2].strip()})")
    assert full == (
        1,
        "",
        f"No space left to write the database in {place.home} (database or disk is full). "
        "What was being written was undone: free some space and try again.\n",
    )
    after = Place(aside)
    assert after.integrity() == "ok"
    assert after.export() == before
