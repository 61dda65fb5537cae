"""The index behind the contact search (``selectors.contact_list``).

``Contact.search_text`` holds the folded words of a contact (accents and case removed),
and a search asks for contacts whose text contains every folded word typed. A plain
``LIKE '%word%'`` reads all of the owner's contacts; a trigram index answers from the
three-letter pieces of the word instead:

* SQLite: an FTS5 table with the ``trigram`` tokenizer over ``search_text``
  (``people_contact_fts``, external content: it stores the index, not a copy of the text),
  kept in step by triggers on ``people_contact``. A phrase query matches exactly the rows
  whose text contains the word.
* PostgreSQL: a ``pg_trgm`` GIN index on ``search_text``, which ``LIKE '%word%'`` uses as
  it is.

Words of one or two letters have no trigram; they stay a ``LIKE`` filter.

SQLite drops the triggers when a migration rebuilds ``people_contact``, so
:func:`search_index_ensure` runs after every ``migrate`` and rebuilds the index when they
were missing.
"""

from django.db import DatabaseError, connections, transaction

FTS = "people_contact_fts"
MIN_WORD = 3  # the trigram tokenizer cannot find a shorter word

_SQLITE_TRIGGERS = {
    f"{FTS}_insert": (
        f"CREATE TRIGGER IF NOT EXISTS {FTS}_insert AFTER INSERT ON people_contact BEGIN "
        f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END"
    ),
    f"{FTS}_delete": (
        f"CREATE TRIGGER IF NOT EXISTS {FTS}_delete AFTER DELETE ON people_contact BEGIN "
        f"INSERT INTO {FTS}({FTS}, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); END"
    ),
    f"{FTS}_update": (
        f"CREATE TRIGGER IF NOT EXISTS {FTS}_update AFTER UPDATE OF search_text "
        "ON people_contact BEGIN "
        f"INSERT INTO {FTS}({FTS}, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END"
    ),
}


def match_phrase(words: list[str]) -> str:
    """An FTS5 query for rows containing every word (each a quoted phrase)."""
    return " ".join('"{}"'.format(w.replace('"', '""')) for w in words)


def search_index_ensure(*, using: str = "default") -> bool:
    """Create the index (and on SQLite its triggers) where missing; ``True`` when
    something was created."""
    connection = connections[using]
    if "people_contact" not in connection.introspection.table_names():
        return False
    if connection.vendor == "sqlite":
        return _sqlite_ensure(connection)
    if connection.vendor == "postgresql":
        return _postgresql_ensure(connection)
    return False


def _sqlite_ensure(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {name for (name,) in cursor.fetchall()}
        missing = [name for name in (FTS, *_SQLITE_TRIGGERS) if name not in present]
        if not missing:
            return False
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(search_text, "
            "content='people_contact', content_rowid='id', tokenize='trigram')"
        )
        for sql in _SQLITE_TRIGGERS.values():
            cursor.execute(sql)
        # Rows written while a trigger was missing: index everything again.
        cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
    return True


def _postgresql_ensure(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'contact_search_trigram'")
        if cursor.fetchone():
            return False
        try:
            with transaction.atomic(using=connection.alias):
                # pg_trgm is a trusted extension: the database's owner may create it.
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError:
            return False  # no pg_trgm: the search still works, by scanning
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS contact_search_trigram ON people_contact "
            "USING gin (search_text gin_trgm_ops)"
        )
    return True


def search_index_drop(*, using: str = "default") -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in _SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS}")
        elif connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS contact_search_trigram")
