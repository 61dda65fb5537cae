"""The database gets what it needs to plan queries well."""

import pytest
from django.db import connection

from vinculo.core.db import statistics_refresh
from vinculo.giving.matching import matches_rebuild

from ..factories import make_contact

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL gathers its own"),
]


def _analysed_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchall():
            return set()
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        return {row[0] for row in cursor.fetchall()}


def test_statistics_refresh_analyses_every_table_with_rows(user):
    make_contact(user, name="Lucía Pérez", needs=["un abogado"], offers=["diseño web"])
    statistics_refresh()
    assert {"people_contact", "people_need", "people_offer", "accounts_user"} <= (
        _analysed_tables()
    )


def test_a_rebuild_of_the_suggestions_leaves_statistics_behind(user):
    make_contact(user, name="Ana", needs=["un abogado laboralista"])
    make_contact(user, name="Luis", offers=["abogado laboralista"])
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    matches_rebuild(owner=user)
    assert "giving_match" in _analysed_tables()
