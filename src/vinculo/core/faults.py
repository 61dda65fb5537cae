"""Faults of the place the data lives, said in words: a full disk, a read-only data folder,
a database that cannot be opened or is busy.

SQLite reports them as ``OperationalError`` ("database or disk is full", "attempt to write
a readonly database" …), PostgreSQL by SQLSTATE, the file system as ``OSError``; the
command line (``cli.main``) turns any of them into one message that names the cause and
the folder, instead of a traceback. The database itself is never left half-written: the
transaction that met the fault is rolled back.
"""

import errno
import gettext as stdlib_gettext
import os
import resource
import shutil
from pathlib import Path

from django.utils.translation import gettext as _

# SQLite's primary result codes (the low byte of an extended code).
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
# PostgreSQL's SQLSTATE codes.
PG_DISK_FULL = "53100"
PG_READ_ONLY = "25006"
# Below this many bytes of room, a write error of the disk is taken for a full disk.
ROOM = 1 << 20
# OSError numbers.
FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}


def _causes(exc: BaseException):
    """The exception and those it was raised from (Django wraps the driver's own)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _database_folder() -> Path | None:
    from django.db import connection

    if connection.vendor != "sqlite":
        return None
    name = str(connection.settings_dict["NAME"])
    return None if name in ("", ":memory:") else Path(name).parent


def _file_size_limit_reached(folder: Path) -> int | None:
    """This process's file size limit, when one of the database's files is about that
    large (SQLite's own name followed by ``-wal``, ``-journal`` …)."""
    from django.db import connection

    soft, _hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    if soft == resource.RLIM_INFINITY:
        return None
    name = Path(str(connection.settings_dict["NAME"])).name
    sizes = [p.stat().st_size for p in folder.glob(f"{name}*") if p.is_file()]
    return soft if sizes and max(sizes) + ROOM > soft else None


def _disk_nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < ROOM
    except OSError:
        return False


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


def _sqlite_message(code: int, reason: str) -> str | None:
    folder = _database_folder()
    if folder is None:
        return None
    primary = code & 0xFF
    values = {"folder": folder, "reason": reason}
    if primary == SQLITE_FULL:
        return (
            _("No space left to write the database in %(folder)s (%(reason)s).") % values
            + " "
            + _("What was being written was undone: free some space and try again.")
        )
    if primary in (SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_IOERR) and not _writable(folder):
        return (
            _(
                "The data folder %(folder)s is read-only, or you may not write in it, "
                "so the database cannot be opened or changed (%(reason)s)."
            )
            % values
        )
    if primary == SQLITE_READONLY:
        return _("The database in %(folder)s is read-only (%(reason)s).") % values
    if primary == SQLITE_CANTOPEN:
        return (
            _(
                "Cannot open the database in %(folder)s (%(reason)s): check that the "
                "folder exists and that you may read and write in it."
            )
            % values
        )
    if primary == SQLITE_IOERR and (limit := _file_size_limit_reached(folder)):
        # A file size limit (``ulimit -f``) makes a write fail as a full disk does, but
        # SQLite only sees an error of the disk then.
        return (
            _(
                "No room left to write the database in %(folder)s: its files reached the "
                "largest size this process may write (%(limit)d bytes, see ulimit -f)."
            )
            % {**values, "limit": limit}
            + " "
            + _("What was being written was undone: free some space and try again.")
        )
    if primary == SQLITE_IOERR and _disk_nearly_full(folder):
        return (
            _("No space left to write the database in %(folder)s (%(reason)s).") % values
            + " "
            + _("What was being written was undone: free some space and try again.")
        )
    if primary == SQLITE_IOERR:
        return (
            _(
                "The database in %(folder)s could not be read or written (%(reason)s): "
                "the disk may be full or failing."
            )
            % values
        )
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return (
            _(
                "The database in %(folder)s is busy with other work, such as a large "
                "import: try again when it ends (%(reason)s)."
            )
            % values
        )
    return None


def _os_message(exc: OSError) -> str | None:
    name = exc.filename or ""
    values = {"file": name, "reason": exc.strerror or exc}
    if exc.errno in FULL:
        if not name:
            return None
        return (
            _("No space left to write %(file)s (%(reason)s).") % values
            + " "
            + _("Free some space and try again.")
        )
    if exc.errno in NOT_WRITABLE and name:
        return (
            _(
                "Cannot write %(file)s: the folder is read-only, or you may not write in "
                "it (%(reason)s)."
            )
            % values
        )
    return None


def fault_message(exc: BaseException) -> str | None:
    """The words for a fault of the disk or the database behind ``exc``; None when ``exc``
    is not one (a bug, bad input: the caller lets it through)."""
    for cause in _causes(exc):
        code = getattr(cause, "sqlite_errorcode", None)
        if isinstance(code, int):
            return _sqlite_message(code, str(cause))
        state = getattr(cause, "sqlstate", None)
        if state == PG_DISK_FULL:
            return _("The database server has no space left (%(reason)s).") % {
                "reason": str(cause).strip()
            }
        if state == PG_READ_ONLY:
            return _("The database server accepts no changes now (%(reason)s).") % {
                "reason": str(cause).strip()
            }
        if isinstance(cause, OSError):
            return _os_message(cause)
    return None


def gettext_noop(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it (Django's own
    ``gettext_noop`` reads the settings, which may be what failed)."""
    return message


SETUP_FAULT = gettext_noop(
    "Cannot prepare the data folder %(folder)s (%(file)s: %(reason)s): check that it "
    "exists and that you may read and write in it, or choose another with VINCULO_HOME."
)


def setup_fault_message(exc: OSError, *, home: str, language: str) -> str:
    """The words for a data folder that could not be prepared before Django was set up
    (its settings create ``VINCULO_HOME`` and the secret key in it): Django's translations
    are not there yet, so the catalogue is read directly."""
    locale = Path(__file__).resolve().parent.parent / "locale"
    catalogue = stdlib_gettext.translation(
        "django", localedir=locale, languages=[language], fallback=True
    )
    return catalogue.gettext(SETUP_FAULT) % {
        "folder": home,
        "file": exc.filename or home,
        "reason": exc.strerror or exc,
    }
