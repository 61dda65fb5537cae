"""The words for faults that the tests cannot cause for real here: a PostgreSQL server out
of space or read-only, and a file of the data folder that cannot be written."""

import errno

import psycopg.errors
from django.db import utils
from django.utils import translation

from vinculo.core.faults import fault_message


def _wrapped(error: Exception) -> Exception:
    """The driver's error as Django raises it (``django.db.utils`` wraps it)."""
    try:
        try:
            raise error
        except Exception as exc:
            raise utils.OperationalError(str(exc)) from exc
    except utils.OperationalError as wrapped:
        return wrapped


def test_a_postgresql_server_out_of_space_is_said_so():
    error = _wrapped(psycopg.errors.DiskFull("could not extend file: No space left on device"))
    with translation.override("en"):
        assert fault_message(error) == (
            "The database server has no space left "
            "(could not extend file: No space left on device)."
        )


def test_a_read_only_postgresql_server_is_said_so():
    error = _wrapped(psycopg.errors.ReadOnlySqlTransaction("cannot execute INSERT"))
    with translation.override("en"):
        assert fault_message(error) == (
            "The database server accepts no changes now (cannot execute INSERT)."
        )


def test_a_file_that_cannot_be_written_is_named():
    full = OSError(errno.ENOSPC, "No space left on device", "/srv/vinculo/static/app.css")
    refused = OSError(errno.EROFS, "Read-only file system", "/srv/vinculo/static")
    with translation.override("en"):
        assert fault_message(full) == (
            "No space left to write /srv/vinculo/static/app.css (No space left on device). "
            "Free some space and try again."
        )
        assert fault_message(refused) == (
            "Cannot write /srv/vinculo/static: the folder is read-only, or you may not write "
            "in it (Read-only file system)."
        )


def test_other_errors_are_not_taken_for_faults():
    assert fault_message(ValueError("bad input")) is None
    assert fault_message(OSError(errno.EPIPE, "Broken pipe")) is None
    assert fault_message(_wrapped(psycopg.errors.UniqueViolation("duplicate key"))) is None
