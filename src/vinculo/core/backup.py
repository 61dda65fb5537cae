"""One-file backups of a whole installation, and restoring them.

A backup is a gzip'd tar archive:

- ``manifest.json``: what it is (``format``, ``version``), when it was made, the kind of
  database and the newest migration of each app;
- ``database.sqlite3`` (SQLite's own online backup: a consistent copy while the app keeps
  writing) or ``database.pgdump`` (``pg_dump --format=custom``, one snapshot);
- ``secret_key`` when the installation keeps its key in ``VINCULO_HOME`` (sessions, signed
  links in e-mails sent and app passwords depend on it);
- ``media/`` and ``uploads/``: files people uploaded, such as imports waiting for a worker.

Restoring puts all of it back in the configured ``VINCULO_HOME`` and database, which must
be empty unless the caller says otherwise, then applies newer migrations. A backup from a
newer Vínculo, of another kind of database, damaged or not a backup at all is refused
before anything is touched.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from glob import glob
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from .files import replaced_whole

FORMAT = "vinculo-backup"
VERSION = 1
_MANIFEST = "manifest.json"
_SQLITE = "database.sqlite3"
_PGDUMP = "database.pgdump"
_SECRET = "secret_key"
_MEDIA = "media"
_UPLOADS = "uploads"


class BackupError(Exception):
    """The backup or the restore could not be done; the message says why, for the user."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    database: str
    media_files: int


def _vendor() -> str:
    return connection.vendor  # "sqlite" or "postgresql"


def _migrations_applied() -> dict[str, str]:
    """The newest applied migration of each app: what the backup's schema is."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    newest: dict[str, str] = {}
    for app, name in sorted(loader.applied_migrations):
        newest[app] = max(newest.get(app, ""), name)
    return newest


def _pg_tool(name: str) -> str:
    """pg_dump / pg_restore: on the PATH, else the newest PostgreSQL's own folder."""
    if found := shutil.which(name):
        return found
    candidates = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version_key)
    if candidates:
        return candidates[-1]
    raise BackupError(
        _("%(tool)s was not found: install the PostgreSQL client (apt-get install %(package)s).")
        % {"tool": name, "package": "postgresql-client"}
    )


def _version_key(path: str) -> tuple[int, ...]:
    version = Path(path).parent.parent.name
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def _pg_env_args() -> tuple[dict[str, str], list[str]]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(
            _("%(tool)s failed: %(reason)s")
            % {"tool": Path(command[0]).name, "reason": reason[-1] if reason else done.returncode}
        )


def _sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


def _database_copy(folder: Path) -> Path:
    """A consistent copy of the database in ``folder``, taken while the app may write."""
    if _vendor() == "sqlite":
        target = folder / _SQLITE
        source = sqlite3.connect(_sqlite_path())
        try:
            copy = sqlite3.connect(target)
            with copy:
                source.backup(copy)  # one step: a single consistent snapshot
            copy.close()
        finally:
            source.close()
        return target
    if _vendor() == "postgresql":
        target = folder / _PGDUMP
        env, args = _pg_env_args()
        name = str(settings.DATABASES["default"]["NAME"])
        _run([_pg_tool("pg_dump"), "--format=custom", *args, "--file", str(target), name], env)
        return target
    raise BackupError(_("Backups support SQLite and PostgreSQL only."))


def _folders() -> dict[str, Path]:
    """The folders of files kept in a backup, by their name in it."""
    return {_MEDIA: Path(settings.MEDIA_ROOT), _UPLOADS: Path(settings.HOME) / _UPLOADS}


def _media_files() -> list[tuple[str, Path]]:
    """(name in the backup, file) of every uploaded file."""
    found = []
    for name, root in _folders().items():
        if root.is_dir():
            found += [
                (f"{name}/{path.relative_to(root).as_posix()}", path)
                for path in sorted(root.rglob("*"))
                if path.is_file()
            ]
    return found


def backup_create(*, path: Path) -> BackupResult:
    """Write the whole installation to ``path`` (a new file, written completely or not at
    all: a temporary file beside it renamed at the end)."""
    path = Path(path)
    if path.is_dir():
        raise BackupError(_("%(file)s: a folder, not a file") % {"file": path})
    media = _media_files()
    with (
        replaced_whole(path, error=BackupError) as temporary,
        tempfile.TemporaryDirectory(dir=path.parent, prefix=".vinculo-backup-") as work,
    ):
        database = _database_copy(Path(work))
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created": timezone.now().isoformat(),
            "database": _vendor(),
            "migrations": _migrations_applied(),
            "media_files": len(media),
        }
        with tarfile.open(temporary, "w:gz", compresslevel=6) as archive:
            _add_bytes(archive, _MANIFEST, json.dumps(manifest, indent=2).encode())
            archive.add(database, arcname=database.name)
            secret = Path(settings.HOME) / _SECRET
            if secret.is_file():
                archive.add(secret, arcname=_SECRET)
            for name, file in media:
                archive.add(file, arcname=name)
    return BackupResult(
        path=path, size=path.stat().st_size, database=_vendor(), media_files=len(media)
    )


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def _manifest_read(archive: tarfile.TarFile, path: Path) -> dict:
    try:
        member = archive.extractfile(_MANIFEST)
        manifest = json.loads(member.read()) if member else None
    except (KeyError, ValueError, tarfile.TarError, EOFError, zlib.error, OSError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("%(file)s: not a Vínculo backup") % {"file": path})
    if manifest.get("version") != VERSION:
        raise BackupError(
            _("%(file)s: backup format %(version)s is not known to this version of Vínculo")
            % {"file": path, "version": manifest.get("version")}
        )
    return manifest


def _check_schema(manifest: dict, path: Path) -> None:
    """Refuse a backup made by a newer Vínculo: its schema has migrations this one lacks."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [
        f"{app}.{name}"
        for app, name in (manifest.get("migrations") or {}).items()
        if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            _("%(file)s was made by a newer Vínculo (%(migrations)s): upgrade this one first.")
            % {"file": path, "migrations": ", ".join(sorted(unknown)[:3])}
        )


def _is_empty() -> bool:
    from django.contrib.auth import get_user_model

    tables = connection.introspection.table_names()
    model = get_user_model()
    return model._meta.db_table not in tables or not model.objects.exists()


@contextmanager
def _archive_open(path: Path) -> Iterator[tarfile.TarFile]:
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (tarfile.TarError, OSError, EOFError):
        raise BackupError(_("%(file)s: not a Vínculo backup") % {"file": path}) from None
    with archive:
        try:
            yield archive
        except (tarfile.TarError, EOFError, zlib.error) as exc:
            raise BackupError(
                _("%(file)s: damaged (%(reason)s)") % {"file": path, "reason": exc}
            ) from None


def backup_restore(*, path: Path, replace: bool = False) -> dict:
    """Put the installation saved in ``path`` back into the configured one.

    The configured database must hold no accounts unless ``replace``; its contents are
    then replaced as a whole. Returns the backup's manifest.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("%(file)s: no such file") % {"file": path})
    with _archive_open(path) as archive:
        manifest = _manifest_read(archive, path)
        if manifest.get("database") != _vendor():
            raise BackupError(
                _(
                    "%(file)s holds a %(backup)s database and this installation uses "
                    "%(current)s: restore it into the same kind of database, then move the "
                    "data with export and import."
                )
                % {"file": path, "backup": manifest.get("database"), "current": _vendor()}
            )
        _check_schema(manifest, path)
        if not replace and not _is_empty():
            raise BackupError(
                _(
                    "The database already holds accounts: restoring would replace them. "
                    "Restore into an empty installation, or say --replace."
                )
            )
        home = Path(settings.HOME)
        with tempfile.TemporaryDirectory(dir=home, prefix=".vinculo-restore-") as work:
            try:
                archive.extractall(work, filter="data")
            except (tarfile.TarError, OSError, EOFError) as exc:
                raise BackupError(
                    _("%(file)s: damaged (%(reason)s)") % {"file": path, "reason": exc}
                ) from None
            work = Path(work)
            if _vendor() == "sqlite":
                _sqlite_restore(work / _SQLITE, path)
            else:
                _pg_restore(work / _PGDUMP, path)
            if (work / _SECRET).is_file() and not os.environ.get("VINCULO_SECRET_KEY"):
                shutil.copyfile(work / _SECRET, home / _SECRET)
                os.chmod(home / _SECRET, 0o600)
            for name, root in _folders().items():
                if (work / name).is_dir():
                    shutil.copytree(work / name, root, dirs_exist_ok=True)
    return manifest


def _sqlite_restore(copy: Path, path: Path) -> None:
    if not copy.is_file():
        raise BackupError(_("%(file)s: damaged (%(reason)s)") % {"file": path, "reason": _SQLITE})
    source = sqlite3.connect(copy)
    try:
        problems = source.execute("PRAGMA integrity_check").fetchall()
        if problems != [("ok",)]:
            raise BackupError(
                _("%(file)s: damaged (%(reason)s)") % {"file": path, "reason": problems[0][0]}
            )
        connections.close_all()
        target = sqlite3.connect(_sqlite_path(), timeout=30)
        try:
            with target:
                source.backup(target)  # page by page under SQLite's lock: all or nothing
        finally:
            target.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            _("%(file)s: damaged (%(reason)s)") % {"file": path, "reason": exc}
        ) from None
    finally:
        source.close()


def _pg_restore(dump: Path, path: Path) -> None:
    if not dump.is_file():
        raise BackupError(_("%(file)s: damaged (%(reason)s)") % {"file": path, "reason": _PGDUMP})
    connections.close_all()
    env, args = _pg_env_args()
    name = str(settings.DATABASES["default"]["NAME"])
    _run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            *args,
            "--dbname",
            name,
            str(dump),
        ],
        env,
    )
