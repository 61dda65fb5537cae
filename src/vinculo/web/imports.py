"""Importing a contacts file from the web: upload → preview (a dry run) → import.

The uploaded file waits between the preview and the import in the owner's folder under
``VINCULO_HOME/imports/<user id>/``, named by a random token kept in the session, so only
that session can import it; it is deleted once imported or cancelled.

A small file (up to ``IMMEDIATE_MAX`` entries) is imported at once, in the request: it takes
well under a second, the result shows without a page in between, and it works even where no
worker runs; while it runs the page polls ``imports.progress`` (written by the service's
progress callback). A larger file is handed to a background worker
(``portability.tasks.contacts_file_import``): the page ``imports.job`` polls a small status
fragment every second (queued, N of M contacts, done with the summary, or nothing imported
with the errors) until the job ends.
"""

import contextlib
import json
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from vinculo.people.duplicates import duplicate_count
from vinculo.portability.importers.services import file_import
from vinculo.portability.tasks import ImportJob, contacts_import_enqueue, import_job_find

SESSION_KEY = "vinculo_import"
MAX_BYTES = 50 * 1024 * 1024
PREVIEW_ROWS = 500
IMMEDIATE_MAX = 500  # entries imported inside the request; a larger file goes to a worker
STALE_SECONDS = 24 * 3600
FORMATS = [
    ("auto", gettext_lazy("Detect it")),
    ("vcard", gettext_lazy("vCard (.vcf)")),
    ("csv", gettext_lazy("CSV: Google, Outlook, Thunderbird, Apple")),
    ("linkedin", gettext_lazy("LinkedIn Connections.csv")),
    ("json", gettext_lazy("Vínculo exchange format (.json)")),
]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Contacts file"),
        help_text=gettext_lazy(
            "A vCard (.vcf) or CSV export of your phone, Google, Outlook, Apple, Thunderbird "
            "or LinkedIn, or a Vínculo exchange file."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".vcf,.vcard,.csv,.txt,.json"}),
    )
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=FORMATS, initial="auto")
    strict = forms.BooleanField(
        label=gettext_lazy("Import nothing if any entry has an error"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.") % {"size": MAX_BYTES // 1024 // 1024}
            )
        return upload


def _folder(user) -> Path:
    return Path(settings.HOME) / "imports" / str(user.pk)


def _pending(request) -> tuple[dict, Path] | tuple[None, None]:
    """The file this session uploaded and has not imported yet."""
    pending = request.session.get(SESSION_KEY)
    if not isinstance(pending, dict) or not str(pending.get("token", "")).isalnum():
        return None, None
    path = _folder(request.user) / f"{pending['token']}.upload"
    return (pending, path) if path.is_file() else (None, None)


def _stale_remove(folder: Path) -> None:
    """Files of previews never imported nor cancelled (a session that ended) after a day."""
    limit = time.time() - STALE_SECONDS
    for path in folder.glob("*.*"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < limit:
                path.unlink()


def _forget(request) -> None:
    _pending_entry, path = _pending(request)
    if path is not None:
        path.unlink(missing_ok=True)
        path.with_suffix(".progress").unlink(missing_ok=True)
    request.session.pop(SESSION_KEY, None)


def _duplicates_url() -> str:
    with contextlib.suppress(NoReverseMatch):
        return reverse("duplicates.list")
    return ""


def _context(result, name: str) -> dict:
    rows = result.rows
    counts = {"create": 0, "update": 0, "skip": 0}
    for row in rows:
        counts[row.action] = counts.get(row.action, 0) + 1
    return {
        "result": result,
        "report": result.report,
        "name": name,
        "rows": rows[:PREVIEW_ROWS],
        "more_rows": max(0, len(rows) - PREVIEW_ROWS),
        "counts": counts,
    }


def import_upload(request):
    """The form; a file sent with it is read without writing anything and previewed."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        _forget(request)
        result = file_import(
            user=request.user,
            data=data,
            source_name=upload.name,
            kind=form.cleaned_data["format"],
            strict=form.cleaned_data["strict"],
            dry_run=True,
        )
        context = _context(result, upload.name)
        if not result.report.rejected:
            token = secrets.token_hex(16)
            folder = _folder(request.user)
            folder.mkdir(parents=True, exist_ok=True)
            _stale_remove(folder)
            (folder / f"{token}.upload").write_bytes(data)
            request.session[SESSION_KEY] = {
                "token": token,
                "name": upload.name,
                "format": form.cleaned_data["format"],
                "strict": form.cleaned_data["strict"],
                "entries": len(result.rows),
            }
        return render(request, "web/imports/preview.html", context)
    return render(request, "web/imports/upload.html", {"form": form})


@require_POST
def import_confirm(request):
    """Import the previewed file for real, in one transaction: now if it is small, else by a
    background worker, whose progress the job page shows."""
    pending, path = _pending(request)
    if pending is None:
        messages.error(request, _("There is no file waiting to be imported: send it again."))
        return redirect("imports.upload")
    if pending.get("entries", 0) > IMMEDIATE_MAX:
        job_id = contacts_import_enqueue(
            user=request.user,
            data=path.read_bytes(),
            source_name=pending["name"],
            kind=pending["format"],
            strict=pending["strict"],
        )
        _forget(request)
        return redirect("imports.job", job_id=job_id)
    progress_path = path.with_suffix(".progress")

    def progress(done: int, total: int) -> None:
        progress_path.write_text(json.dumps({"done": done, "total": total}))

    result = file_import(
        user=request.user,
        data=path.read_bytes(),
        source_name=pending["name"],
        kind=pending["format"],
        strict=pending["strict"],
        progress=progress,
    )
    _forget(request)
    context = _context(result, pending["name"])
    context["duplicates"] = 0
    context["duplicates_url"] = _duplicates_url()
    if result.contact_ids:
        context["duplicates"] = duplicate_count(user=request.user, contact_ids=result.contact_ids)
    return render(request, "web/imports/done.html", context)


@require_POST
def import_cancel(request):
    _forget(request)
    return redirect("imports.upload")


def import_progress(request):
    """How far the running import of this session is: ``{"done": n, "total": n}``."""
    _pending_entry, path = _pending(request)
    state = {"done": 0, "total": 0}
    if path is not None:
        with contextlib.suppress(OSError, ValueError):
            state.update(json.loads(path.with_suffix(".progress").read_text()))
    return JsonResponse(state)


def _job(request, job_id) -> ImportJob:
    job = import_job_find(user=request.user, job_id=job_id)
    if job is None:
        raise Http404
    return job


def _job_context(job: ImportJob) -> dict:
    outcome = job.outcome
    return {
        "job": job,
        "name": job.name,
        "report": outcome,
        "rows": outcome.get("rows", []),
        "more_rows": outcome.get("more_rows", 0),
        "duplicates": outcome.get("duplicates", 0),
        "duplicates_url": _duplicates_url(),
        "finished": job.state in ("done", "rejected", "failed"),
    }


def import_job(request, job_id):
    """A file being imported by a worker: its status, refreshed until the job ends."""
    return render(request, "web/imports/job.html", _job_context(_job(request, job_id)))


def import_job_status(request, job_id):
    """The status fragment the job page polls every second."""
    return render(request, "web/imports/_job_status.html", _job_context(_job(request, job_id)))
