"""The ``vinculo`` command line (cli.md): parse the arguments, call a service or a selector,
render the result as text or, with ``--json``, as one JSON document on standard output.

Exit status: 0 done, 1 the work failed (the reason is on standard error), 2 a usage error.
Every command that touches a network first brings the database schema up to date.

Django is set up inside ``main`` (settings come from the environment), so the modules that
need it are imported in the functions that use them, after the set-up.
"""

import argparse
import contextlib
import getpass
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

IMPORT_FORMATS = ("auto", "json", "vcard", "csv", "linkedin")
EXPORT_FORMATS = ("json", "vcard", "csv")
SUGGEST_LIMIT = 20
PROGRESS_BYTES = 1_000_000  # files larger than this show progress even off a terminal
PATH_LIMIT = 3


class Failed(Exception):
    """The work could not be done; the message says why (exit status 1)."""


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vinculo.settings")
    import django
    from django.db import DatabaseError
    from django.utils import translation

    try:
        django.setup()  # the settings prepare VINCULO_HOME and the secret key in it
    except OSError as exc:
        from vinculo.core.faults import setup_fault_message

        home = os.environ.get("VINCULO_HOME") or "~/.local/share/vinculo"
        language = _language(known=("es", "en"))
        print(setup_fault_message(exc, home=home, language=language), file=sys.stderr)
        return 1
    argv = list(sys.argv[1:] if argv is None else argv)
    with translation.override(_language()):
        if argv[:1] == ["manage"]:
            return _manage(argv[1:])
        parser = _parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help (0), or a usage error (2)
            return _exit_status(exc)
        out = _Output(as_json=getattr(args, "json", False))
        try:
            if args.touches_db:
                _schema_update(always=getattr(args, "migrate_always", False))
            return args.handler(args, out)
        except Failed as exc:
            out.error(str(exc))
            return 1
        except (DatabaseError, OSError) as exc:  # a full disk, a read-only data folder …
            from vinculo.core.faults import fault_message

            message = fault_message(exc)
            if message is None:
                raise
            out.error(message)
            return 1


def _language(known=None) -> str:
    """The language of the messages: VINCULO_LANGUAGE, else the locale; English otherwise."""
    if known is None:
        from django.conf import settings

        known = dict(settings.LANGUAGES)
    for name in ("VINCULO_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        code = value.split(":")[0].split(".")[0].split("_")[0].split("-")[0].lower()
        if code:
            return code if code in known else "en"
    return "en"


def _schema_update(*, always: bool = False) -> None:
    """Apply the migrations the database lacks (nothing to do on an up-to-date one).

    Whether any is lacking is first told from the migration files' names against the
    database's record of those applied (milliseconds); Django's ``migrate`` loads every
    migration to find out (half a second on each command). ``always`` runs it anyway, with
    its after-migrate work (a restored database, a server starting).
    ``VINCULO_SKIP_MIGRATE=1`` skips it, for a database whose schema is managed elsewhere.
    """
    if os.environ.get("VINCULO_SKIP_MIGRATE") == "1":
        return
    if not always and not _migrations_pending():
        return
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _migrations_pending() -> bool:
    """Whether an installed app has a migration file that the database has not recorded as
    applied. A file that is not a migration only makes this say yes: ``migrate`` decides."""
    from importlib.util import find_spec

    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return True
    applied = set(recorder.applied_migrations())
    for config in apps.get_app_configs():
        module, _explicit = MigrationLoader.migrations_module(config.label)
        spec = find_spec(module) if module else None
        if spec is None or not spec.submodule_search_locations:
            continue  # an app without migrations
        for folder in spec.submodule_search_locations:
            for path in Path(folder).glob("[!_~]*.py"):
                if (config.label, path.stem) not in applied:
                    return True
    return False


class _Output:
    """Results on standard output (text, or one JSON document); diagnostics on standard error."""

    def __init__(self, *, as_json: bool):
        self.as_json = as_json

    def result(self, data, text: str) -> None:
        if self.as_json:
            self.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        elif text:
            self.write(text + "\n")

    def write(self, text: str) -> None:
        stream = sys.stdout
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "buffer"):  # UTF-8 even in the C locale
            stream.flush()
            stream.buffer.write(text.encode())
            stream.buffer.flush()
            return
        stream.write(text)
        stream.flush()

    def error(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)


# --- Arguments ---------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_("one JSON document on standard output"),
    )
    network = argparse.ArgumentParser(add_help=False)
    network.add_argument(
        "--user",
        metavar="NAME",
        help=_("whose network (default: the only account, when there is one)"),
    )
    parser = argparse.ArgumentParser(
        prog="vinculo",
        parents=[common],
        description=_("Vínculo: a relationship manager for give-first networking."),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = commands.add_parser("serve", parents=[common], help=_("serve the web app and the API"))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2, help=_("server processes (default 2)"))
    serve.add_argument(
        "--no-worker",
        action="store_true",
        help=_("start no background worker beside the server (run `vinculo worker` elsewhere)"),
    )
    # The server starts after an upgrade: migrate's own after-work (the triggers and
    # indexes made again where missing) runs then whatever the migration files say.
    serve.set_defaults(handler=_serve, touches_db=True, migrate_always=True)

    worker = commands.add_parser(
        "worker", parents=[common], help=_("run background work, such as large imports")
    )
    worker.add_argument(
        "--queue",
        default="default",
        metavar="NAME",
        help=_("the queues to work on, separated by commas; * for all (default: %(default)s)"),
    )
    worker.add_argument(
        "--processes",
        type=_positive,
        default=1,
        metavar="N",
        help=_("worker processes (default %(default)s)"),
    )
    worker.set_defaults(handler=_worker, touches_db=True)

    user = commands.add_parser("user", parents=[common], help=_("accounts"))
    user_commands = user.add_subparsers(dest="user_command", metavar="COMMAND", required=True)
    create = user_commands.add_parser("create", parents=[common], help=_("create an account"))
    create.add_argument("name", metavar="NAME")
    create.add_argument(
        "--password-stdin",
        action="store_true",
        help=_("read the password from the first line of standard input"),
    )
    create.add_argument("--email", default="")
    create.set_defaults(handler=_user_create, touches_db=True)

    imp = commands.add_parser(
        "import",
        parents=[common, network],
        help=_("import contacts and more into the network"),
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--format", choices=IMPORT_FORMATS, default="auto")
    imp.add_argument("--dry-run", action="store_true", help=_("report only, write nothing"))
    imp.add_argument("--strict", action="store_true", help=_("any error rejects the whole file"))
    imp.set_defaults(handler=_import, touches_db=True)

    exp = commands.add_parser(
        "export", parents=[common, network], help=_("export the whole network")
    )
    exp.add_argument("--format", choices=EXPORT_FORMATS, default="json")
    exp.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=_("write to FILE (default: standard output)"),
    )
    exp.add_argument(
        "--vcard-version",
        choices=("4.0", "3.0"),
        default="4.0",
        help=_("vCard version for --format vcard (default 4.0)"),
    )
    exp.set_defaults(handler=_export, touches_db=True)

    stats = commands.add_parser(
        "stats", parents=[common, network], help=_("the size, health and value of the network")
    )
    stats.set_defaults(handler=_stats, touches_db=True)

    followups = commands.add_parser(
        "followups",
        parents=[common, network],
        help=_("what is due: follow-ups and keep-in-touch, most overdue first"),
    )
    followups.add_argument(
        "--due-by",
        type=_day,
        metavar="DATE",
        help=_("what is due by this day, YYYY-MM-DD (default: today)"),
    )
    followups.set_defaults(handler=_followups, touches_db=True)

    suggest = commands.add_parser(
        "suggest",
        parents=[common, network],
        help=_("introductions worth making: whose need another's offer meets, best first"),
    )
    suggest.add_argument(
        "--limit",
        type=_positive,
        default=SUGGEST_LIMIT,
        metavar="N",
        help=_("at most N suggestions (default %(default)s)"),
    )
    whose = suggest.add_mutually_exclusive_group()
    whose.add_argument(
        "--contact",
        metavar="NAME",
        help=_("who could help this person and whom they could help (a name or an id)"),
    )
    whose.add_argument(
        "--mine", action="store_true", help=_("who can help you and whom you can help")
    )
    suggest.set_defaults(handler=_suggest, touches_db=True)

    path = commands.add_parser(
        "path",
        parents=[common, network],
        help=_("who can introduce you to a person, or to someone who offers something"),
    )
    goal = path.add_mutually_exclusive_group(required=True)
    goal.add_argument("--to", metavar="NAME", help=_("the person to reach (a name or an id)"))
    goal.add_argument("--offering", metavar="TEXT", help=_("what the person to reach should offer"))
    path.add_argument(
        "--limit",
        type=_positive,
        default=PATH_LIMIT,
        metavar="N",
        help=_("at most N paths, each through a different first person (default %(default)s)"),
    )
    path.set_defaults(handler=_path, touches_db=True)

    event = commands.add_parser("event", parents=[common], help=_("events"))
    event_commands = event.add_subparsers(dest="event_command", metavar="COMMAND", required=True)
    schedule = event_commands.add_parser(
        "schedule",
        parents=[common, network],
        help=_("rounds of meetings among an event's attendees, complementary people first"),
    )
    schedule.add_argument("event", metavar="EVENT", help=_("the event (a name or an id)"))
    schedule.add_argument(
        "--rounds", type=_positive, required=True, metavar="R", help=_("how many rounds")
    )
    schedule.add_argument(
        "--table-size",
        type=_positive,
        default=2,
        metavar="K",
        help=_("people per meeting: 2 for one-to-one (default), more for tables"),
    )
    schedule.set_defaults(handler=_event_schedule, touches_db=True)

    reindex = commands.add_parser(
        "reindex",
        parents=[common, network],
        help=_("compute the suggested introductions again from scratch"),
    )
    reindex.set_defaults(handler=_reindex, touches_db=True)

    digest = commands.add_parser("digest", parents=[common], help=_("community digests by email"))
    digest_commands = digest.add_subparsers(dest="digest_command", metavar="COMMAND", required=True)
    digest_send = digest_commands.add_parser(
        "send", parents=[common], help=_("send the community digests that are due")
    )
    digest_send.add_argument(
        "--dry-run", action="store_true", help=_("report what would be sent, send nothing")
    )
    digest_send.set_defaults(handler=_digest_send, touches_db=True)

    backup = commands.add_parser(
        "backup",
        parents=[common],
        help=_("save the whole installation (database, key, uploads) to one file"),
    )
    backup.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help=_("where to write it (default: vinculo-backup-DATE-TIME.tar.gz here)"),
    )
    backup.set_defaults(handler=_backup, touches_db=False)

    restore = commands.add_parser(
        "restore",
        parents=[common],
        help=_("put a backup back into this installation (an empty one, unless --replace)"),
    )
    restore.add_argument("file", metavar="FILE", help=_("a file written by vinculo backup"))
    restore.add_argument(
        "--replace",
        action="store_true",
        help=_("replace a database that already holds accounts"),
    )
    restore.set_defaults(handler=_restore, touches_db=False)

    manage = commands.add_parser(
        "manage", help=_("run a Django management command (for operators)")
    )
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=lambda args, out: _manage(args.arguments), touches_db=False)
    return parser


# --- Commands ----------------------------------------------------------------------------


def _network_user(name: str | None):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    if name:
        user = users.filter(username=name).first()
        if user is None:
            raise Failed(_("There is no account named '%(name)s'.") % {"name": name})
        return user
    names = list(users.order_by("username").values_list("username", flat=True)[:21])
    if not names:
        raise Failed(_("There is no account yet: create one with 'vinculo user create NAME'."))
    if len(names) > 1:
        listed = ", ".join(names[:20]) + (", …" if len(names) > 20 else "")
        raise Failed(
            _("There are several accounts (%(names)s): choose one with --user NAME.")
            % {"names": listed}
        )
    return users.get(username=names[0])


def _user_create(args, out: _Output) -> int:
    from django.contrib.auth import get_user_model, password_validation
    from django.core.exceptions import ValidationError

    from vinculo.accounts.services import user_create

    if args.password_stdin:
        password = sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    else:
        password = getpass.getpass(_("Password: "))
        if getpass.getpass(_("Password (again): ")) != password:
            raise Failed(_("The two passwords differ."))
    if not password:
        raise Failed(_("The password is empty."))
    try:
        candidate = get_user_model()(username=args.name, email=args.email)
        password_validation.validate_password(password, candidate)
        user = user_create(username=args.name, password=password, email=args.email)
    except ValidationError as exc:
        raise Failed("\n".join(str(m) for m in exc.messages)) from None
    out.result({"user": user.username}, _("Account '%(name)s' created.") % {"name": user.username})
    return 0


def _import(args, out: _Output) -> int:
    from django.db import DatabaseError

    from vinculo.portability.importers.services import file_import

    user = _network_user(args.user)
    data = _read(args.file, stream=True)  # read in chunks: a large file is not held whole
    size = os.fstat(data.fileno()).st_size
    progress = None if out.as_json else _progress_bar(large=size > PROGRESS_BYTES)
    try:
        result = file_import(
            user=user,
            data=data,
            source_name=args.file,
            kind=args.format,
            strict=args.strict,
            dry_run=args.dry_run,
            progress=progress,
            keep_rows=args.dry_run,
        )
        report = result.report
    except DatabaseError as exc:  # e.g. the database is locked or another import got there first
        from vinculo.core.faults import fault_message

        if fault_message(exc) is not None:
            raise  # a full disk, a read-only folder …: said in ``main`` for every command
        raise Failed(
            _("%(file)s: the import failed and nothing was written (%(reason)s)")
            % {"file": args.file, "reason": exc}
        ) from None
    finally:
        data.close()
        if getattr(progress, "unfinished", False):
            print(file=sys.stderr)  # end the bar's line before a message
    for error in report.errors:
        out.error(f"{error['where']}: {error['why']}")
    for warning in report.warnings:
        out.error(_("warning: %(where)s: %(why)s") % warning)
    lines = [
        _("Contacts: %(created)d created, %(updated)d updated, %(skipped)d skipped.")
        % {"created": report.created, "updated": report.updated, "skipped": report.skipped}
    ]
    labels = {
        "knows": _("Ties"),
        "interactions": _("Interactions"),
        "events": _("Events"),
        "introductions": _("Introductions"),
        "referrals": _("Referrals"),
        "followups": _("Follow-ups"),
    }
    for section, label in labels.items():
        counts = report.details.get(section, {})
        if any(counts.values()):
            lines.append(
                _("%(section)s: %(created)d created, %(updated)d updated, %(skipped)d skipped.")
                % {"section": label, **counts}
            )
    if report.rejected:
        lines.append(_("The file was rejected: nothing was written."))
    elif args.dry_run:
        actions = {"create": _("would create"), "update": _("would update"), "skip": _("skip")}
        for row in result.rows:
            lines.append(
                _("line %(line)d: %(action)s %(name)s")
                % {"line": row.line, "action": actions[row.action], "name": row.name}
            )
        lines.append(_("Dry run: nothing was written."))
    elif result.contact_ids and result.kind != "json":
        from vinculo.people.duplicates import duplicate_count

        count = duplicate_count(user=user, contact_ids=result.contact_ids)
        if count:
            lines.append(_("Probable duplicates: %(count)d.") % {"count": count})
    out.result(report.as_dict(), "\n".join(lines))
    return 1 if report.errors else 0


def _progress_bar(*, large: bool):
    """A progress bar on standard error, on a terminal or for a large file; else None."""
    if not (large or sys.stderr.isatty()):
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        bar = "#" * filled + "." * (width - filled)
        text = _("Reading contacts")
        end = "\n" if done >= total else ""
        print(f"\r{text} [{bar}] {done}/{total}", end=end, file=sys.stderr, flush=True)
        show.unfinished = done < total

    show.unfinished = False
    return show


def _read(name: str, *, stream: bool = False):
    """The bytes of a file, or (``stream``) the file open for reading in binary."""
    try:
        return Path(name).open("rb") if stream else Path(name).read_bytes()
    except FileNotFoundError:
        raise Failed(_("%(file)s: no such file") % {"file": name}) from None
    except IsADirectoryError:
        raise Failed(_("%(file)s: a folder, not a file") % {"file": name}) from None
    except OSError as exc:
        raise Failed(
            _("%(file)s: cannot read it (%(reason)s)")
            % {"file": name, "reason": exc.strerror or exc}
        ) from None


def _export(args, out: _Output) -> int:
    from vinculo.portability.exporters import network_export_file

    user = _network_user(args.user)
    exported = network_export_file(user=user, format=args.format, vcard_version=args.vcard_version)
    if not args.output or args.output == "-":
        out.write(exported.data.decode().removeprefix("\ufeff"))
        return 0
    _write_atomic(args.output, exported.data)
    count = exported.contacts
    out.result(
        {"file": args.output, "contacts": count},
        _("%(count)d contacts exported to %(file)s.") % {"count": count, "file": args.output},
    )
    return 0


def _write_atomic(name: str, data: bytes) -> None:
    """Write the whole file or nothing: a temporary file beside it, renamed over it."""
    from vinculo.core.files import replaced_whole

    with replaced_whole(name, error=Failed) as temporary:
        temporary.write_bytes(data)


def _stats(args, out: _Output) -> int:
    from vinculo.network.selectors import network_health

    document = network_health(user=_network_user(args.user))
    counts = {key: value for key, value in document.items() if isinstance(value, int)}
    width = max(len(key) for key in counts)
    lines = [f"{key:<{width}}  {value}" for key, value in counts.items()]
    out.result(document, "\n".join(lines + _health_lines(document)))
    return 0


def _health_lines(document: dict) -> list[str]:
    """The health part of ``vinculo stats`` in words."""
    none = _("none")

    def top(name: str) -> str:
        counts = document["diversity"][name]["counts"][:5]
        return ", ".join(f"{row['label']} {row['count']}" for row in counts) or none

    growth = document["growth"]
    states, follow, balance = (
        document["tie_states"],
        document["followup_rate"],
        document["balance"],
    )
    brokers = [
        _("%(name)s (the only way to %(count)d)") % {"name": row["name"], "count": row["cut_off"]}
        for row in document["brokers"]
    ]
    losing = [
        ngettext("%(name)s (%(days)d day)", "%(name)s (%(days)d days)", row["days"])
        % {"name": row["name"], "days": row["days"]}
        for row in document["losing_touch"]
    ]
    return [
        _("Added this month: %(added)d.") % {"added": growth[-1]["added"] if growth else 0},
        _("Reach: %(direct)d people with a direct tie, %(two)d two steps away.")
        % {"direct": document["reach"]["direct"], "two": document["reach"]["two_steps"]},
        _("Ties: %(active)d active, %(cooling)d cooling, %(cold)d cold.") % states,
        _("Followed up within two days: %(done)d of %(met)d people met (%(percent)d%%).")
        % {
            "done": follow["followed_up"],
            "met": follow["met"],
            "percent": round(follow["rate"] * 100),
        },
        _("Interactions: you gave %(gave)d, received %(received)d, both ways %(mutual)d.")
        % balance,
        _("Most common sectors: %(sectors)s; tags: %(tags)s.")
        % {"sectors": top("sectors"), "tags": top("tags")},
        _("Brokers: %(names)s.") % {"names": ", ".join(brokers) or none},
        _("Losing touch: %(names)s.") % {"names": ", ".join(losing) or none},
    ]


def _day(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'%(value)s' is not a date like 2026-03-31") % {"value": text}
        ) from None


def _followups(args, out: _Output) -> int:
    from django.utils import translation

    from vinculo.activity.selectors import followups_due

    user = _network_user(args.user)
    # The reasons are written in the account's language, as those of ``suggest``.
    with translation.override(user.language or "es"):
        due = followups_due(user=user, due_by=args.due_by)
    rows = [{"contact": d.contact.name, "due": d.due.isoformat(), "why": d.why} for d in due.items]
    lines = []
    for d in due.items:
        if d.overdue_days > 0:
            when = ngettext("%(count)d day overdue", "%(count)d days overdue", d.overdue_days)
            when %= {"count": d.overdue_days}
        elif d.overdue_days == 0:
            when = _("due today")
        else:
            when = _("due on %(date)s") % {"date": d.due.isoformat()}
        lines.append(f"{d.due.isoformat()}  {d.contact.name} ({when})")
        lines.append(f"   {d.why}")
    out.result({"followups": rows}, "\n".join(lines) if lines else _("Nothing is due."))
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            _("'%(value)s' is not a whole number above 0") % {"value": text}
        )
    return value


def _contact_named(user, ref: str):
    """The contact a command line names: by external id or display name (accents and case
    ignored), else by the id the export and ``--json`` outputs give it (``c12``)."""
    from vinculo.people.models import Contact
    from vinculo.people.selectors import contact_find
    from vinculo.portability.exchange import contact_ids

    found = contact_find(user=user, ref=ref)
    if not found:
        pk = next((pk for pk, text in contact_ids(user=user).items() if text == ref), None)
        found = [Contact.objects.for_user(user).get(pk=pk)] if pk is not None else []
    if not found:
        raise Failed(_("No contact has the name or id '%(name)s'.") % {"name": ref})
    if len(found) > 1:
        ids = contact_ids(user=user)
        listed = [
            _("%(name)s (id %(id)s)") % {"name": c.name, "id": ids[c.pk]}
            for c in sorted(found, key=lambda c: c.pk)[:20]
        ]
        raise Failed(
            _("Several contacts are called '%(name)s': %(contacts)s. Name one by its id.")
            % {"name": ref, "contacts": ", ".join(listed) + (", …" if len(found) > 20 else "")}
        )
    return found[0]


def _suggest(args, out: _Output) -> int:
    from django.utils import translation

    from vinculo.giving.selectors import suggestion_list
    from vinculo.portability.exchange import suggestion_entries

    user = _network_user(args.user)
    contact = _contact_named(user, args.contact) if args.contact else None
    # The reasons are written in the account's language, whatever the messages speak.
    with translation.override(user.language or "es"):
        suggestions = suggestion_list(user=user, limit=args.limit, contact=contact, mine=args.mine)
    entries = suggestion_entries(user=user, suggestions=suggestions)
    lines = []
    for n, entry in enumerate(entries, start=1):
        lines.append(
            _("%(n)d. %(offer_name)s could help %(need_name)s (score %(score).2f)")
            % {
                "n": n,
                "offer_name": entry["b"]["name"],
                "need_name": entry["a"]["name"],
                "score": entry["score"],
            }
        )
        lines.append(f"   {entry['why']}")
    out.result(
        {"suggestions": entries},
        "\n".join(lines) if lines else _("No introductions to suggest."),
    )
    return 0


def _path(args, out: _Output) -> int:
    from vinculo.network.selectors import warm_paths_find

    user = _network_user(args.user)
    target = _contact_named(user, args.to) if args.to else None
    offering = (args.offering or "").strip()
    if target is None and not offering:
        raise Failed(_("Say what the person should offer: --offering TEXT."))
    paths = warm_paths_find(user=user, target=target, offering=offering, limit=args.limit)
    entries = [
        {"people": [user.name, *(p.name for p in path.people)], "score": path.score}
        for path in paths
    ]
    lines = []
    for n, (path, entry) in enumerate(zip(paths, entries, strict=True), start=1):
        lines.append(f"{n}. {' → '.join(entry['people'])}  ({path.score:.2f})")
        if path.offer:
            lines.append("   " + _("offers: %(offer)s") % {"offer": path.offer})
    if not lines:
        lines.append(
            _("No path: nobody you know is connected to %(name)s through ties with some strength.")
            % {"name": target.name}
            if target is not None
            else _("No path: nobody within reach of your network offers “%(text)s”.")
            % {"text": offering}
        )
    out.result({"paths": entries}, "\n".join(lines))
    return 0


def _event_named(user, ref: str):
    """The event a command line names: by external id, name (accents and case ignored) or
    the id an export gives it (``e12``)."""
    from vinculo.rounds.selectors import event_find, event_ref

    found = event_find(user=user, ref=ref)
    if not found:
        raise Failed(_("No event has the name or id '%(name)s'.") % {"name": ref})
    if len(found) > 1:
        listed = [
            _("%(name)s (%(date)s, id %(id)s)")
            % {"name": e.name, "date": e.date or "—", "id": event_ref(e)}
            for e in found[:20]
        ]
        raise Failed(
            _("Several events are called '%(name)s': %(events)s. Name one by its id.")
            % {"name": ref, "events": ", ".join(listed) + (", …" if len(found) > 20 else "")}
        )
    return found[0]


def _event_schedule(args, out: _Output) -> int:
    from django.core.exceptions import ValidationError

    from vinculo.rounds.selectors import schedule_sheet
    from vinculo.rounds.services import event_schedule_create

    user = _network_user(args.user)
    event = _event_named(user, args.event)
    try:
        schedule = event_schedule_create(
            owner=user, event=event, rounds=args.rounds, table_size=args.table_size
        )
    except ValidationError as exc:
        raise Failed(" ".join(exc.messages)) from None
    # The reasons are written in the account's language, whatever the messages speak.
    sheet = schedule_sheet(user=user, schedule=schedule, language=user.language or "es")
    lines = []
    for entry in sheet.rounds:
        lines.append(_("Round %(number)d") % {"number": entry.number})
        for group in entry.groups:
            lines.append(f"  {group.number}. " + " · ".join(p.name for p in group.people))
            lines.extend(f"     {reason}" for reason in group.reasons)
        if entry.rests:
            names = ", ".join(p.name for p in entry.rests)
            lines.append("  " + _("Resting: %(names)s") % {"names": names})
    lines.append(_("Complementarity: %(score).2f") % {"score": schedule.score})
    rounds = [[[p.name for p in group.people] for group in entry.groups] for entry in sheet.rounds]
    out.result({"rounds": rounds, "score": schedule.score}, "\n".join(lines))
    return 0


def _reindex(args, out: _Output) -> int:
    from vinculo.giving.matching import matches_rebuild

    user = _network_user(args.user)
    started = time.perf_counter()
    count = matches_rebuild(owner=user)
    seconds = round(time.perf_counter() - started, 3)
    out.result(
        {"matches": count, "seconds": seconds},
        ngettext(
            "Suggestions rebuilt: %(count)d match in %(seconds).2f s.",
            "Suggestions rebuilt: %(count)d matches in %(seconds).2f s.",
            count,
        )
        % {"count": count, "seconds": seconds},
    )
    return 0


def _backup(args, out: _Output) -> int:
    from django.template.defaultfilters import filesizeformat

    from vinculo.core.backup import BackupError, backup_create

    name = args.file or time.strftime("vinculo-backup-%Y-%m-%d-%H%M%S.tar.gz")
    try:
        done = backup_create(path=Path(name))
    except BackupError as exc:
        raise Failed(str(exc)) from None
    out.result(
        {
            "file": str(done.path),
            "bytes": done.size,
            "database": done.database,
            "media_files": done.media_files,
        },
        _("Backup written to %(file)s (%(size)s).")
        % {"file": done.path, "size": filesizeformat(done.size)},
    )
    return 0


def _restore(args, out: _Output) -> int:
    from vinculo.core.backup import BackupError, backup_restore

    try:
        manifest = backup_restore(path=Path(args.file), replace=args.replace)
    except BackupError as exc:
        raise Failed(str(exc)) from None
    _schema_update(always=True)
    out.result(
        {"file": args.file, "created": manifest["created"], "database": manifest["database"]},
        _("Restored %(file)s, made on %(created)s.")
        % {"file": args.file, "created": manifest["created"]},
    )
    return 0


WORKER_STOP_SECONDS = 10  # a stopped worker may end its task this long, then the task fails


def _parent_death_signal():
    """On Linux, a function that makes a child process get SIGTERM if this process dies."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import signal

    libc = ctypes.CDLL(None, use_errno=True)
    parent = os.getpid()

    def arm() -> None:
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before the line above
            os._exit(0)

    return arm


def _workers_start(*, queue: str, count: int) -> list[subprocess.Popen]:
    """``count`` processes of the database worker (django-tasks-db's ``db_worker``)."""
    import socket

    processes = []
    for number in range(count):
        worker_id = f"{socket.gethostname()}-{os.getpid()}-{number}"[-64:]
        command = [sys.executable, "-m", "vinculo", "manage", "db_worker", "--queue-name", queue]
        command += ["--worker-id", worker_id, "--no-reload", "--interval", "1"]
        processes.append(subprocess.Popen(command, preexec_fn=_parent_death_signal()))
    return processes


def _workers_stop(processes: list[subprocess.Popen]) -> None:
    """Stop the workers: each ends the task it runs; one still busy after a while is stopped
    in the middle (its task fails and its transaction is rolled back), then killed."""
    for attempt in range(3):
        for process in processes:
            if process.poll() is None:
                process.kill() if attempt == 2 else process.terminate()
        deadline = time.monotonic() + WORKER_STOP_SECONDS / (attempt + 1)
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
        if all(process.poll() is not None for process in processes):
            return


class _Stop(Exception):
    """SIGTERM or SIGINT reached a process that supervises workers."""


DIGEST_SCHEDULE_SECONDS = 300  # how often the worker queues the sending of due digests


def _digests_schedule(out: _Output) -> None:
    """Queue the sending of the community digests that are due (periodic work, no cron)."""
    from django.db import DatabaseError, connections

    from vinculo.communities.digest.tasks import digests_schedule

    try:
        digests_schedule()
    except DatabaseError as exc:  # the database is away for a moment: the next turn retries
        out.error(_("The digests could not be queued (%(reason)s).") % {"reason": exc})
    finally:
        connections.close_all()


def _worker(args, out: _Output) -> int:
    import signal

    from django.db import connections

    connections.close_all()  # the workers open their own

    def stop(signum, frame):
        raise _Stop

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    processes = _workers_start(queue=args.queue, count=args.processes)
    out.error(
        ngettext(
            "%(count)d worker waits for background work (queue %(queue)s).",
            "%(count)d workers wait for background work (queue %(queue)s).",
            args.processes,
        )
        % {"count": args.processes, "queue": args.queue}
    )
    schedules = args.queue == "*" or "default" in args.queue.split(",")
    scheduled_at = None
    try:
        while all(process.poll() is None for process in processes):
            if schedules and (
                scheduled_at is None or time.monotonic() - scheduled_at >= DIGEST_SCHEDULE_SECONDS
            ):
                scheduled_at = time.monotonic()
                _digests_schedule(out)
            time.sleep(0.5)
    except _Stop:
        return 0
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _workers_stop(processes)
    out.error(_("A worker stopped unexpectedly; the others were stopped too."))
    return 1


def _serve(args, out: _Output) -> int:
    from django.core.management import call_command
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from vinculo.core.db import statistics_refresh

    call_command("collectstatic", interactive=False, verbosity=0)
    _messages_compile(out)
    statistics_refresh()  # whatever wrote to the database since the last start
    _digests_schedule(out)  # the digests go out periodically from then on
    from vinculo.wsgi import application

    connections.close_all()  # the workers open their own
    host = f"[{args.host}]" if ":" in args.host and not args.host.startswith("[") else args.host
    url = f"http://{host}:{args.port}/"
    if args.host not in ("127.0.0.1", "localhost", "::1", "[::1]") and not os.environ.get(
        "VINCULO_ALLOWED_HOSTS"
    ):
        out.error(_("Set VINCULO_ALLOWED_HOSTS to the names clients use to reach this server."))

    def when_ready(server):
        out.write(_("Vínculo is listening on %(url)s") % {"url": url} + "\n")

    class Server(BaseApplication):
        def load_config(self):
            # GUNICORN_CMD_ARGS first, as the gunicorn command reads it (an access log, say:
            # BaseApplication alone ignores it); the options of `vinculo serve` come after.
            from_env = self.cfg.parser().parse_args(self.cfg.get_cmd_args_from_env())
            for key, value in vars(from_env).items():
                if value is not None and key != "args":
                    self.cfg.set(key.lower(), value)
            options = {
                "bind": f"{host}:{args.port}",
                "workers": args.workers,
                "worker_class": "gthread",
                "threads": 4,
                "when_ready": when_ready,
                "errorlog": "-",
            }
            # gunicorn 25+ opens a control socket shared by every server of the user; not needed.
            if "control_socket_disable" in self.cfg.settings:
                options["control_socket_disable"] = True
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    workers = [] if args.no_worker else _workers_start(queue="default", count=1)
    try:
        Server().run()
    except SystemExit as exc:
        return _exit_status(exc)
    finally:
        _workers_stop(workers)
    return 0


def _digest_send(args, out: _Output) -> int:
    from vinculo.communities.digest.services import digests_send_due

    # The console mail backend prints each message: diagnostics, so on standard error.
    with contextlib.redirect_stdout(sys.stderr):
        run = digests_send_due(dry_run=args.dry_run)
    lines = []
    for entry in run.digests:
        outcomes = {
            "sent": _("sent"),
            "would_send": _("would send"),
            "no_email": _("no email address"),
            "failed": _("failed"),
        }
        lines.append(
            f"{entry['community']}  {entry['member']} <{entry['email']}>: "
            f"{outcomes[entry['outcome']]}"
        )
    counts = run.as_dict(with_digests=False)
    summary = (
        _("Digests that would be sent: %(sent)d; empty: %(empty)d; without email: %(no_email)d.")
        if args.dry_run
        else _(
            "Digests sent: %(sent)d; empty: %(empty)d; without email: %(no_email)d; "
            "failed: %(failed)d."
        )
    )
    lines.append(summary % counts)
    out.result(run.as_dict(), "\n".join(lines))
    return 1 if run.failed else 0


def _messages_compile(out: _Output) -> None:
    """Compile the translations the package lacks (a checkout has .po files, no .mo)."""
    from django.conf import settings

    catalogues = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/*.po"))
    missing = [po for po in catalogues if not po.with_suffix(".mo").exists()]
    if not missing:
        return
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        out.error(_("msgfmt is missing, so the translations are not compiled."))
        return
    for po in missing:
        result = subprocess.run(
            [msgfmt, "--check-format", "-o", str(po.with_suffix(".mo")), str(po)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            out.error(
                _("%(file)s: not compiled (%(reason)s)")
                % {"file": po, "reason": result.stderr.strip()}
            )


def _manage(arguments: list[str]) -> int:
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["vinculo manage", *arguments])
    except SystemExit as exc:
        return _exit_status(exc)
    return 0


def _exit_status(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    return exc.code if isinstance(exc.code, int) else 1
