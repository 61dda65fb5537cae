"""A large vCard file read by a second process while this one writes (``pipeline``).

What a user sees must not depend on where the cards were read: the same contacts, the same
errors and warnings at the same lines, the same rows of a dry run, and a failure in the
reading process leaves the account as it was.
"""

import io
import os

import pytest

from vinculo.people.models import Contact
from vinculo.portability.importers import pipeline
from vinculo.portability.importers.services import file_import

from .test_large import card

BATCH = 400


def troubled_file(count: int = 1500) -> bytes:
    """``count`` cards, some of them with what the report must mention, in several batches."""
    lines = []
    for n in range(1, count + 1):
        if n == 500:  # a stray line inside a card: a warning, the card stays
            lines += [*card(n)[:3], "this is not a property", *card(n)[3:]]
        elif n == 700:  # an e-mail that is not one: kept in the notes
            lines += card(n, email="not an address")
        elif n == 900:  # nothing to name the contact by: skipped
            lines += ["BEGIN:VCARD", "VERSION:3.0", "NOTE:nadie", "END:VCARD"]
        elif n == 1100:  # a photo: left out, with a warning
            photo = "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRg=="
            lines += [*card(n)[:-1], photo, "END:VCARD"]
        elif n == 1300:  # a card without its END:VCARD
            lines += card(n)[:-1]
        else:
            lines += card(n)
    return ("\r\n".join(lines) + "\r\n").encode()


def _imported(user, **options) -> tuple:
    seen = []
    result = file_import(
        user=user,
        data=troubled_file(),
        source_name="big.vcf",
        batch_size=BATCH,
        progress=lambda done, total: seen.append(done),
        **options,
    )
    contacts = list(
        Contact.objects.for_user(user)
        .order_by("external_id")
        .values_list("external_id", "name", "emails", "phones", "notes", "strength")
    )
    rows = [(r.line, r.name, r.action, r.why) for r in result.rows]
    return result.report, rows, contacts, seen


@pytest.fixture
def forks():
    """Forking a process that runs threads is not safe (the import then reads in this
    process): these tests cannot read elsewhere when a test before them left a thread."""
    if not pipeline.reader_process_usable():
        pytest.skip("a thread is running in this process: no fork")


def test_reading_elsewhere_reports_exactly_what_reading_here_does(forks, user, other_user):
    here, here_rows, here_contacts, here_seen = _imported(user, reader_process=False)
    there, there_rows, there_contacts, there_seen = _imported(other_user)

    assert there.as_dict() == here.as_dict()
    assert (there.created, there.updated, there.skipped) == (1498, 0, 2)
    assert there.errors == [
        {
            "where": "big.vcf: line 9794, EMAIL",
            "why": "'not an address' is not an e-mail address; kept in the notes",
        },
        {
            "where": "big.vcf: line 12588",
            "why": "no name, organization, e-mail or phone: nothing to import",
        },
        {"where": "big.vcf: line 18179", "why": "the card has no END:VCARD"},
    ]
    assert there.warnings == [
        {"where": "big.vcf: line 15378, PHOTO", "why": "1 photo or other binary data not kept"},
        {"where": "big.vcf: line 6990", "why": "not a vCard property: the line is left out"},
    ]
    assert there_rows == here_rows
    assert there_contacts == here_contacts
    assert len(there_contacts) == 1498
    assert there_seen == sorted(there_seen) and there_seen[-1] == 1499
    assert here_seen[-1] == 1499


def test_a_dry_run_read_elsewhere_gives_every_row_and_writes_nothing(user):
    result = file_import(
        user=user, data=troubled_file(), source_name="big.vcf", batch_size=BATCH, dry_run=True
    )

    actions = [row.action for row in result.rows]
    assert (actions.count("create"), actions.count("skip")) == (1498, 2)
    assert [row.line for row in result.rows] == sorted(row.line for row in result.rows)
    assert Contact.objects.for_user(user).count() == 0


def test_values_are_made_in_another_process(forks):
    pids = list(pipeline.produced_elsewhere(lambda: (os.getpid() for _ in range(3))))

    assert len(set(pids)) == 1
    assert pids[0] != os.getpid()


def test_a_failure_while_reading_elsewhere_is_raised_here(forks):
    def produce():
        yield 1
        raise ValueError("card 2 is broken")

    produced = pipeline.produced_elsewhere(produce)

    assert next(produced) == 1
    with pytest.raises(ValueError, match="card 2 is broken"):
        next(produced)


class FailingDisk(io.BytesIO):
    """A file whose disk fails past ``broken`` bytes once it is read a second time (the
    import checks the encoding in a first pass, then reads the cards)."""

    def __init__(self, data: bytes, broken: int):
        super().__init__(data)
        self.broken, self.passes = broken, 0

    def seek(self, *args):
        self.passes += 1
        return super().seek(*args)

    def read(self, size=-1):
        if self.passes >= 2 and self.tell() >= self.broken:
            raise OSError("read error on the disk")
        return super().read(size)


def test_a_failure_while_reading_elsewhere_writes_nothing(user):
    data = troubled_file(3000)  # more than one chunk of a megabyte
    assert len(data) > 1 << 20

    with pytest.raises(OSError, match="read error on the disk"):
        file_import(
            user=user, data=FailingDisk(data, 1 << 20), source_name="big.vcf", batch_size=BATCH
        )

    assert Contact.objects.for_user(user).count() == 0


KILLED_HALF_WAY = """
import os, signal, sys
from vinculo.portability.importers import pipeline

produced = pipeline.produced_elsewhere(lambda: (b"x" * 65536 for _ in iter(int, 1)))
next(produced)
[child] = pipeline.multiprocessing.active_children()
print(child.pid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_the_reading_process_ends_when_the_import_is_killed():
    # The reader must not outlive a killed import: blocked for ever on a full pipe, it
    # held the database file and a process slot.
    import subprocess
    import sys
    import time

    done = subprocess.run(
        [sys.executable, "-c", KILLED_HALF_WAY], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == -9
    reader = int(done.stdout)
    deadline = time.monotonic() + 20
    while _running(reader) and time.monotonic() < deadline:
        time.sleep(0.1)
    running = _running(reader)
    if running:
        os.kill(reader, 9)
    assert not running
