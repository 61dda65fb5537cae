"""Indexes of the member directory on PostgreSQL (a community of 100,000 members).

* ``pg_trgm`` GIN indexes on the folded columns the directory searches with
  ``LIKE '%word%'`` (``Membership.search_text``, ``sector_folded``, ``city_folded``,
  ``MemberOffer.folded``, ``MemberNeed.folded``): PostgreSQL answers such a ``LIKE`` from
  the index of three-letter pieces instead of reading every member. Words of one or two
  letters have no trigram and still scan.
* A B-tree on (workspace, name, id): the directory's order, so a page of an unfiltered
  directory reads 20 index entries instead of sorting the whole community, and its count
  is an index-only scan.

Only on PostgreSQL, and only where ``pg_trgm`` can be created (it is a trusted extension,
in Debian's postgresql package): elsewhere the directory works the same, by scanning.
The indexes are not in the models' state (Django has no trigram operator class without
``django.contrib.postgres``), so nothing else needs to know about them.
"""

from django.db import DatabaseError, migrations, transaction

TRIGRAM = {
    "communities_member_search_trgm": ("communities_membership", "search_text"),
    "communities_member_sector_trgm": ("communities_membership", "sector_folded"),
    "communities_member_city_trgm": ("communities_membership", "city_folded"),
    "communities_offer_folded_trgm": ("communities_memberoffer", "folded"),
    "communities_need_folded_trgm": ("communities_memberneed", "folded"),
}
ORDER = "communities_member_directory_order"


def indexes_create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {ORDER} ON communities_membership (workspace_id, name, id)"
        )
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError:
            return  # no pg_trgm here: the directory still works, by scanning
        for name, (table, column) in TRIGRAM.items():
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
            )


def indexes_drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name in (*TRIGRAM, ORDER):
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0002_member_matches_introductions"),
    ]

    operations = [
        migrations.RunPython(indexes_create, indexes_drop, elidable=False),
    ]
