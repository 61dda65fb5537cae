"""Background work of the portability app: importing a large contacts file.

The web import enqueues ``contacts_file_import`` (django.tasks, database backend: see
docs/architecture.md, "Background work") instead of importing inside the request. The file
waits in the owner's private uploads folder, ``VINCULO_HOME/uploads/<user id>/<token>.upload``;
the task reads it, calls the same service as the CLI and the synchronous page
(``importers.services.file_import``), writes how far it got beside it (``<token>.progress``,
a file because the import is one transaction that no other connection can see into), and
deletes both when it ends, whether it succeeded or not. What it returns (the report, the
first rows, the probable duplicates) is kept in the task's row as its return value.

An import job is a task row whose arguments name its owner, so ``import_jobs(user=…)`` is the
query every page starts from: another user's job is simply not found.
"""

import contextlib
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.tasks import TaskResultStatus, task
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from vinculo.people.duplicates import duplicate_count
from vinculo.portability.importers.services import file_import

ROWS_KEPT = 500  # rows of the report kept for the page, like the preview


def upload_folder(*, user_id: int) -> Path:
    """The owner's private folder for files waiting for a worker."""
    return Path(settings.HOME) / "uploads" / str(user_id)


def _upload_path(user_id: int, token: str) -> Path:
    if not token.isalnum():
        raise ValueError(token)
    return upload_folder(user_id=user_id) / f"{token}.upload"


def _progress_write(path: Path, done: int, total: int) -> None:
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps({"done": done, "total": total}))
    os.replace(partial, path)  # a reader never sees half a file


def _progress_read(path: Path) -> tuple[int, int]:
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
        state = json.loads(path.read_text())
        return int(state["done"]), int(state["total"])
    return 0, 0


@task()
def contacts_file_import(
    *,
    user_id: int,
    token: str,
    source_name: str,
    kind: str = "auto",
    strict: bool = False,
    language: str = "",
) -> dict:
    """Import the waiting file ``token`` into the network of ``user_id``; the file goes.

    The report's messages are in ``language``, the one of the page that asked for the import.
    """
    upload = _upload_path(user_id, token)
    progress_path = upload.with_suffix(".progress")
    try:
        user = get_user_model().objects.get(pk=user_id)
        with translation.override(language or user.language or settings.LANGUAGE_CODE):
            return _contacts_file_import(user, upload, progress_path, source_name, kind, strict)
    finally:
        upload.unlink(missing_ok=True)
        progress_path.unlink(missing_ok=True)
        progress_path.with_suffix(".partial").unlink(missing_ok=True)


def _contacts_file_import(user, upload, progress_path, source_name, kind, strict) -> dict:
    result = file_import(
        user=user,
        data=upload.read_bytes(),
        source_name=source_name,
        kind=kind,
        strict=strict,
        progress=lambda done, total: _progress_write(progress_path, done, total),
    )
    report = result.report
    duplicates = 0
    if result.contact_ids:
        duplicates = duplicate_count(user=user, contact_ids=result.contact_ids)
    return {
        "name": source_name,
        "rejected": report.rejected,
        "created": report.created,
        "updated": report.updated,
        "skipped": report.skipped,
        "errors": report.errors,
        "warnings": report.warnings,
        "rows": [
            {"line": row.line, "name": row.name, "action": row.action, "why": row.why}
            for row in result.rows[:ROWS_KEPT]
        ],
        "more_rows": max(0, len(result.rows) - ROWS_KEPT),
        "duplicates": duplicates,
    }


def contacts_import_enqueue(
    *, user, data: bytes, source_name: str, kind: str = "auto", strict: bool = False
) -> str:
    """Keep ``data`` in the owner's uploads folder and queue its import; the job's id."""
    folder = upload_folder(user_id=user.pk)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    token = secrets.token_hex(16)
    path = _upload_path(user.pk, token)
    path.write_bytes(data)
    try:
        result = contacts_file_import.enqueue(
            user_id=user.pk,
            token=token,
            source_name=source_name,
            kind=kind,
            strict=strict,
            language=translation.get_language() or "",
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return result.id


# --- Reading the jobs ---------------------------------------------------------------------


@dataclass(frozen=True)
class ImportJob:
    """What the status page shows of one import job."""

    id: str
    name: str
    state: str  # "queued", "running", "done", "rejected" (nothing saved) or "failed"
    done: int = 0  # entries read so far, while running
    total: int = 0
    outcome: dict = field(default_factory=dict)  # what the task returned, once it ended


def import_jobs(*, user):
    """The import jobs of ``user``: the query every job page starts from."""
    return DBTaskResult.objects.filter(
        task_path=contacts_file_import.module_path, args_kwargs__kwargs__user_id=user.pk
    )


def import_job_find(*, user, job_id) -> ImportJob | None:
    """``user``'s import job ``job_id`` and how far it is; None if ``user`` has no such job."""
    try:
        row = import_jobs(user=user).get(pk=job_id)
    except (DBTaskResult.DoesNotExist, ValidationError):
        return None
    arguments = row.args_kwargs["kwargs"]
    job = {"id": str(row.pk), "name": arguments["source_name"]}
    if row.status == TaskResultStatus.READY:
        return ImportJob(**job, state="queued")
    if row.status == TaskResultStatus.RUNNING:
        progress = _upload_path(user.pk, arguments["token"]).with_suffix(".progress")
        done, total = _progress_read(progress)
        return ImportJob(**job, state="running", done=done, total=total)
    if row.status == TaskResultStatus.SUCCESSFUL:
        outcome = row.return_value or {}
        state = "rejected" if outcome.get("rejected") else "done"
        return ImportJob(**job, state=state, outcome=outcome)
    return ImportJob(**job, state="failed")
