import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from vinculo import cli
from vinculo.cli import main
from vinculo.people.selectors import network_counts

RICH = Path(__file__).parents[1] / "portability" / "data" / "rich.json"
PASSWORD = "correct horse battery staple"
EMPTY_COUNTS = {
    "contacts": 0,
    "organizations": 0,
    "ties": 0,
    "interactions": 0,
    "offers": 0,
    "needs": 0,
    "events": 0,
    "introductions": 0,
    "referrals": 0,
    "followups_open": 0,
}
RICH_COUNTS = {
    "contacts": 5,
    "organizations": 3,
    "ties": 3,
    "interactions": 3,
    "offers": 6,
    "needs": 5,
    "events": 2,
    "introductions": 2,
    "referrals": 2,
    "followups_open": 1,
}
HEALTH_KEYS = {
    "reach",
    "growth",
    "tie_states",
    "followup_rate",
    "balance",
    "diversity",
    "brokers",
    "losing_touch",
}
CREATED_LINES = [
    "Contacts: 5 created, 0 updated, 0 skipped.",
    "Ties: 3 created, 0 updated, 0 skipped.",
    "Interactions: 3 created, 0 updated, 0 skipped.",
    "Events: 2 created, 0 updated, 0 skipped.",
    "Introductions: 2 created, 0 updated, 0 skipped.",
    "Referrals: 2 created, 0 updated, 0 skipped.",
    "Follow-ups: 2 created, 0 updated, 0 skipped.",
]


def as_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def with_bad_tie(tmp_path) -> Path:
    document = json.loads(RICH.read_text(encoding="utf-8"))
    document["knows"].append({"a": "c1", "b": "c99"})
    path = tmp_path / "contacts.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


# --- user create ---------------------------------------------------------------------------


def test_user_create_reads_the_password_from_stdin(db, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))

    status = main(
        ["user", "create", "bea", "--password-stdin", "--email", "bea@example.es", "--json"]
    )

    out = capsys.readouterr()
    assert (status, out.out, out.err) == (0, '{\n  "user": "bea"\n}\n', "")
    user = get_user_model().objects.get(username="bea")
    assert (user.email, user.check_password(PASSWORD)) == ("bea@example.es", True)


def test_user_create_asks_for_the_password_twice(db, capsys, monkeypatch):
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    status = main(["user", "create", "bea"])

    out = capsys.readouterr()
    assert (status, out.out, out.err) == (0, "Account 'bea' created.\n", "")
    assert get_user_model().objects.get(username="bea").check_password(PASSWORD)


def test_user_create_with_two_different_passwords_fails(db, capsys, monkeypatch):
    answers = iter([PASSWORD, PASSWORD + "!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    status = main(["user", "create", "bea"])

    out = capsys.readouterr()
    assert (status, out.out, out.err) == (1, "", "The two passwords differ.\n")
    assert not get_user_model().objects.exists()


def test_user_create_with_a_weak_password_says_why(db, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))

    status = main(["user", "create", "bea", "--password-stdin", "--json"])

    out = capsys.readouterr()
    assert (status, out.out) == (1, "")
    assert out.err == (
        "This password is too short. It must contain at least 8 characters.\n"
        "This password is too common.\n"
        "This password is entirely numeric.\n"
    )
    assert not get_user_model().objects.exists()


def test_user_create_with_a_taken_name_fails(user, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))

    status = main(["user", "create", "ana", "--password-stdin"])

    out = capsys.readouterr()
    assert (status, out.out, out.err) == (1, "", "A user with that username already exists.\n")


# --- import --------------------------------------------------------------------------------


def test_import_json_prints_the_report(user, capsys):
    status = main(["import", str(RICH), "--json"])

    out = capsys.readouterr()
    report = {"created": 5, "updated": 0, "skipped": 0, "errors": [], "warnings": []}
    assert (status, out.out, out.err) == (0, as_json(report), "")
    assert network_counts(user=user) == RICH_COUNTS


def test_import_prints_the_counts_as_text(user, capsys):
    status = main(["import", str(RICH)])

    out = capsys.readouterr()
    assert (status, out.out, out.err) == (0, "\n".join(CREATED_LINES) + "\n", "")


def test_import_twice_reports_the_contacts_as_updated(user, capsys):
    main(["import", str(RICH)])
    capsys.readouterr()

    status = main(["--json", "import", str(RICH)])

    out = capsys.readouterr()
    report = {"created": 0, "updated": 5, "skipped": 0, "errors": [], "warnings": []}
    assert (status, out.out) == (0, as_json(report))
    assert network_counts(user=user) == RICH_COUNTS


def test_import_with_a_bad_entry_imports_the_rest_and_exits_1(user, capsys, tmp_path):
    path = with_bad_tie(tmp_path)

    status = main(["import", str(path), "--json"])

    out = capsys.readouterr()
    error = {"where": f"{path}: knows[3].b", "why": "unknown contact id 'c99'"}
    report = {"created": 5, "updated": 0, "skipped": 0, "errors": [error], "warnings": []}
    assert (status, out.out, out.err) == (
        1,
        as_json(report),
        f"{path}: knows[3].b: unknown contact id 'c99'\n",
    )
    assert network_counts(user=user) == RICH_COUNTS


def test_import_strict_with_a_bad_entry_writes_nothing(user, capsys, tmp_path):
    path = with_bad_tie(tmp_path)

    status = main(["import", str(path), "--strict"])

    out = capsys.readouterr()
    assert status == 1
    assert out.out == (
        "Contacts: 0 created, 0 updated, 5 skipped.\n"
        "Ties: 0 created, 0 updated, 4 skipped.\n"
        "Interactions: 0 created, 0 updated, 3 skipped.\n"
        "Events: 0 created, 0 updated, 2 skipped.\n"
        "Introductions: 0 created, 0 updated, 2 skipped.\n"
        "Referrals: 0 created, 0 updated, 2 skipped.\n"
        "Follow-ups: 0 created, 0 updated, 2 skipped.\n"
        "The file was rejected: nothing was written.\n"
    )
    assert out.err == f"{path}: knows[3].b: unknown contact id 'c99'\n"
    assert network_counts(user=user) == EMPTY_COUNTS


def test_import_dry_run_writes_nothing(user, capsys):
    status = main(["import", str(RICH), "--dry-run"])

    out = capsys.readouterr()
    expected = "\n".join([*CREATED_LINES, "Dry run: nothing was written."]) + "\n"
    assert (status, out.out, out.err) == (0, expected, "")
    assert network_counts(user=user) == EMPTY_COUNTS


def test_import_missing_file_fails(user, capsys, tmp_path):
    path = tmp_path / "missing.json"

    status = main(["import", str(path)])

    out = capsys.readouterr()
    assert (status, out.out, out.err) == (1, "", f"{path}: no such file\n")


def test_import_folder_fails(user, capsys, tmp_path):
    status = main(["import", str(tmp_path)])

    out = capsys.readouterr()
    assert (status, out.out, out.err) == (1, "", f"{tmp_path}: a folder, not a file\n")


def test_import_invalid_json_says_the_line_and_column(user, capsys, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"format": "vinculo/1",\n  "contacts": [,]}\n', encoding="utf-8")

    status = main(["import", str(path), "--json"])

    out = capsys.readouterr()
    error = {"where": f"{path}: line 2, column 16", "why": "invalid JSON: Expecting value"}
    report = {"created": 0, "updated": 0, "skipped": 0, "errors": [error], "warnings": []}
    assert (status, out.out) == (1, as_json(report))
    assert out.err == f"{path}: line 2, column 16: invalid JSON: Expecting value\n"
    assert network_counts(user=user) == EMPTY_COUNTS


def test_import_of_another_json_document_fails(user, capsys, tmp_path):
    path = tmp_path / "otro.json"
    path.write_text('{"hola": "mundo"}', encoding="utf-8")

    status = main(["import", str(path)])

    out = capsys.readouterr()
    assert status == 1
    assert out.err == (
        f"{path}: format: required key is missing: this is not a Vínculo exchange document\n"
    )


def test_import_of_a_wrong_type_names_the_entry(user, capsys, tmp_path):
    path = tmp_path / "tipos.json"
    path.write_text(
        '{"format": "vinculo/1", "contacts": [{"id": "c1", "name": 7}]}', encoding="utf-8"
    )

    status = main(["import", str(path)])

    out = capsys.readouterr()
    assert status == 1
    assert out.err == f"{path}: contacts[0].name: expected a string, got a number\n"
    assert out.out == "Contacts: 0 created, 0 updated, 1 skipped.\n"


def test_import_format_csv_of_a_json_file_is_refused_and_writes_nothing(user, capsys):
    status = main(["import", str(RICH), "--format", "csv"])

    out = capsys.readouterr()
    assert (status, out.out) == (
        1,
        "Contacts: 0 created, 0 updated, 0 skipped.\nThe file was rejected: nothing was written.\n",
    )
    assert out.err == (
        f"{RICH}: the first line is not the header of an address book "
        "(no column for names, e-mails or phones)\n"
    )
    assert network_counts(user=user) == EMPTY_COUNTS


def test_import_with_several_accounts_needs_user(user, other_user, capsys):
    status = main(["import", str(RICH)])

    out = capsys.readouterr()
    assert (status, out.out) == (1, "")
    assert out.err == "There are several accounts (ana, intrusa): choose one with --user NAME.\n"


def test_import_into_the_account_named_by_user(user, other_user, capsys):
    status = main(["import", str(RICH), "--user", "intrusa"])

    assert status == 0
    assert network_counts(user=other_user) == RICH_COUNTS
    assert network_counts(user=user) == EMPTY_COUNTS


def test_import_with_an_unknown_user_fails(user, capsys):
    status = main(["import", str(RICH), "--user", "zoe"])

    out = capsys.readouterr()
    assert (status, out.out, out.err) == (1, "", "There is no account named 'zoe'.\n")


def test_import_without_any_account_says_how_to_make_one(db, capsys):
    status = main(["import", str(RICH)])

    out = capsys.readouterr()
    assert (status, out.err) == (
        1,
        "There is no account yet: create one with 'vinculo user create NAME'.\n",
    )


# --- export, stats, the rest ---------------------------------------------------------------


def test_export_prints_the_exchange_document(user, capsys):
    main(["import", str(RICH)])
    capsys.readouterr()

    status = main(["export", "--format", "json"])

    out = capsys.readouterr()
    assert (status, out.out, out.err) == (0, RICH.read_text(encoding="utf-8"), "")


def test_export_to_a_file_replaces_it_whole(user, capsys, tmp_path):
    main(["import", str(RICH)])
    capsys.readouterr()
    path = tmp_path / "red.json"
    path.write_text("old", encoding="utf-8")

    status = main(["export", "-o", str(path), "--json"])

    out = capsys.readouterr()
    assert (status, out.out, out.err) == (0, as_json({"file": str(path), "contacts": 5}), "")
    assert path.read_text(encoding="utf-8") == RICH.read_text(encoding="utf-8")
    assert list(tmp_path.iterdir()) == [path]


def test_export_to_a_missing_folder_fails(user, capsys, tmp_path):
    path = tmp_path / "no" / "red.json"

    status = main(["export", "-o", str(path)])

    out = capsys.readouterr()
    assert (status, out.out) == (1, "")
    assert out.err == f"{path}: cannot write it (No such file or directory)\n"


def test_stats_json_counts_the_network(user, capsys):
    main(["import", str(RICH)])
    capsys.readouterr()

    status = main(["stats", "--json"])

    out = capsys.readouterr()
    assert (status, out.err) == (0, "")
    document = json.loads(out.out)
    # The counts; the health of the network (documented in the README) is tested with
    # exact values in tests/network.
    assert {k: document[k] for k in RICH_COUNTS} == RICH_COUNTS
    assert set(document) == set(RICH_COUNTS) | HEALTH_KEYS


def test_stats_as_text(user, capsys):
    status = main(["stats"])

    out = capsys.readouterr()
    assert status == 0
    assert out.out == (
        "contacts        0\n"
        "organizations   0\n"
        "ties            0\n"
        "interactions    0\n"
        "offers          0\n"
        "needs           0\n"
        "events          0\n"
        "introductions   0\n"
        "referrals       0\n"
        "followups_open  0\n"
        "Added this month: 0.\n"
        "Reach: 0 people with a direct tie, 0 two steps away.\n"
        "Ties: 0 active, 0 cooling, 0 cold.\n"
        "Followed up within two days: 0 of 0 people met (0%).\n"
        "Interactions: you gave 0, received 0, both ways 0.\n"
        "Most common sectors: none; tags: none.\n"
        "Brokers: none.\n"
        "Losing touch: none.\n"
    )


def test_usage_error_exits_2(db, capsys):
    status = main(["import"])

    out = capsys.readouterr()
    assert status == 2
    assert out.err.splitlines()[-1] == (
        "vinculo import: error: the following arguments are required: FILE"
    )


def test_manage_passes_through_to_django(db, capsys):
    status = main(["manage", "check"])

    out = capsys.readouterr()
    assert (status, out.out) == (0, "System check identified no issues (0 silenced).\n")


def test_vinculo_command_works_on_a_fresh_home(tmp_path):
    """The installed script, as a user runs it: a new VINCULO_HOME is migrated on first use."""
    command = Path(sys.executable).with_name("vinculo")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "VINCULO_SKIP_MIGRATE")
    }
    env.update(VINCULO_HOME=str(tmp_path / "home"), VINCULO_LANGUAGE="en")

    def run(*args, stdin=None):
        done = subprocess.run(
            [str(command), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        return done.returncode, done.stdout, done.stderr

    created = run("user", "create", "ana", "--password-stdin", "--json", stdin=PASSWORD + "\n")
    imported = run("import", str(RICH), "--json")
    exported = tmp_path / "red.json"
    export = run("export", "--format", "json", "-o", str(exported))
    stats = run("stats", "--json")

    assert created == (0, '{\n  "user": "ana"\n}\n', "")
    report = {"created": 5, "updated": 0, "skipped": 0, "errors": [], "warnings": []}
    assert imported == (0, as_json(report), "")
    assert export == (0, f"5 contacts exported to {exported}.\n", "")
    assert exported.read_text(encoding="utf-8") == RICH.read_text(encoding="utf-8")
    assert (stats[0], stats[2]) == (0, "")
    assert {k: json.loads(stats[1])[k] for k in RICH_COUNTS} == RICH_COUNTS


def test_import_that_the_database_refuses_writes_nothing_and_exits_1(user, capsys):
    if connection.vendor != "sqlite":
        pytest.skip("the trigger is written for SQLite")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TRIGGER refuse_followups BEFORE INSERT ON activity_followup "
            "BEGIN SELECT RAISE(ABORT, 'follow-ups refused'); END"
        )

    status = main(["import", str(RICH), "--json"])

    out = capsys.readouterr()
    assert (status, out.out) == (1, "")
    assert out.err == f"{RICH}: the import failed and nothing was written (follow-ups refused)\n"
    assert network_counts(user=user) == EMPTY_COUNTS


@pytest.mark.django_db
def test_a_command_runs_migrate_only_when_a_migration_file_is_not_applied():
    # Every command first applies what the database lacks; up to date, it does not load
    # the migrations to find out.
    assert cli._migrations_pending() is False
    MigrationRecorder.Migration.objects.filter(
        app="communities", name="0004_membership_offers_needs_folded"
    ).delete()
    assert cli._migrations_pending() is True
    # The server runs migrate at every start (its after-work: triggers made again), the
    # other commands only when a migration is missing.
    parser = cli._parser()
    assert parser.parse_args(["serve"]).migrate_always is True
    assert getattr(parser.parse_args(["stats", "--user", "ana"]), "migrate_always", False) is False
