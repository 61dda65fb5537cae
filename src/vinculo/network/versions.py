"""The owner's network version: read by the network cache, moved by the database.

Triggers on ``people_contact``, ``people_tie`` and ``activity_interaction`` add one to
``network_networkversion.version`` of the row's owner on every insert, update and
delete. Written once here rather than in each service: imports, merges, CardDAV, the
API, bulk writes and raw SQL all go through the tables, so none can forget it.

SQLite drops a table's triggers when Django rebuilds the table (many ``AlterField`` and
``AddField`` migrations do), so :func:`triggers_ensure` runs after every ``migrate`` and
creates the missing ones again. PostgreSQL keeps them through ``ALTER TABLE``; there one
trigger per statement bumps each owner once, however many rows the statement wrote.
"""

import secrets

from django.db import connections

from .models import NetworkVersion

WATCHED = ("people_contact", "people_tie", "activity_interaction")
VERSIONS = "network_networkversion"
EVENTS = {"INSERT": "NEW", "UPDATE": "NEW", "DELETE": "OLD"}


def network_version(*, user) -> int:
    """The owner's current version (one indexed read); its row is made when first asked,
    so writes before that moved nothing a cache could hold.

    A new row starts at a random number, not 0: a row made again (a rolled-back
    transaction, an account deleted and its id given to a new one) must not meet a
    process that cached another network at the same number."""
    found = NetworkVersion.objects.filter(owner=user).values_list("version", flat=True).first()
    if found is None:
        start = secrets.randbits(48)
        found = NetworkVersion.objects.get_or_create(owner=user, defaults={"version": start})[
            0
        ].version
    return found


def _sqlite_trigger(table: str, event: str) -> tuple[str, str]:
    row = EVENTS[event]
    name = f"{table}_network_{event.lower()}"
    return name, (
        f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {table} FOR EACH ROW BEGIN "
        f"UPDATE {VERSIONS} SET version = version + 1 WHERE owner_id = {row}.owner_id; END"
    )


def _postgresql_statements() -> list[str]:
    statements = [
        # One function for every table: the transition table of the statement names the
        # owners it wrote, each bumped once.
        f"""CREATE OR REPLACE FUNCTION network_version_bump() RETURNS trigger AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            UPDATE {VERSIONS} SET version = version + 1
            WHERE owner_id IN (SELECT DISTINCT owner_id FROM old_rows);
          ELSE
            UPDATE {VERSIONS} SET version = version + 1
            WHERE owner_id IN (SELECT DISTINCT owner_id FROM new_rows);
          END IF;
          RETURN NULL;
        END $$ LANGUAGE plpgsql"""
    ]
    for table in WATCHED:
        for event, row in EVENTS.items():
            name = f"{table}_network_{event.lower()}"
            rows = "old_rows" if row == "OLD" else "new_rows"
            statements += [
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                f"REFERENCING {row} TABLE AS {rows} "
                "FOR EACH STATEMENT EXECUTE FUNCTION network_version_bump()",
            ]
    return statements


def triggers_ensure(*, using: str = "default") -> list[str]:
    """Create the triggers that are missing; returns the names created (SQLite) or all
    of them (PostgreSQL, where creating them again is cheap and idempotent)."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if VERSIONS not in tables or not set(WATCHED) <= tables:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            present = {name for (name,) in cursor.fetchall()}
            created = []
            for table in WATCHED:
                for event in EVENTS:
                    name, sql = _sqlite_trigger(table, event)
                    if name not in present:
                        cursor.execute(sql)
                        created.append(name)
            return created
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname LIKE %s",
                ["%\\_network\\_%"],
            )
            if cursor.fetchone()[0] == len(WATCHED) * len(EVENTS):
                return []
            for sql in _postgresql_statements():
                cursor.execute(sql)
            return [f"{t}_network_{e.lower()}" for t in WATCHED for e in EVENTS]
    return []


def triggers_drop(*, using: str = "default") -> None:
    """Undo :func:`triggers_ensure` (the migration backwards)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        for table in WATCHED:
            for event in EVENTS:
                name = f"{table}_network_{event.lower()}"
                if connection.vendor == "sqlite":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                elif connection.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS network_version_bump()")
