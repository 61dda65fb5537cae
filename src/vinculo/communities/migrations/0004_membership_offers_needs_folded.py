"""The members' offers and needs, folded, on the membership row: the directory's offer and
need filters read one row per member (``LIKE '%word%'``, a ``pg_trgm`` GIN index on
PostgreSQL) instead of joining every member's offers or needs.

``offers_folded`` / ``needs_folded``: the ``folded`` of each offer / need, in their order,
one per line (a searched word never holds a line break, so it never spans two items).
``communities.services._refresh_search`` keeps them up to date; this migration fills them
from the offers and needs already stored.
"""

from django.db import DatabaseError, migrations, models, transaction

TRIGRAM = {
    "communities_member_offers_trgm": ("communities_membership", "offers_folded"),
    "communities_member_needs_trgm": ("communities_membership", "needs_folded"),
}
ITEMS = {"offers_folded": "communities_memberoffer", "needs_folded": "communities_memberneed"}


def folded_fill(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        # One statement, so each row is written once.
        joined = ", ".join(
            f"{column} = COALESCE((SELECT string_agg(i.folded, E'\\n' ORDER BY i.position, i.id) "
            f"FROM {table} i WHERE i.membership_id = m.id), '')"
            for column, table in ITEMS.items()
        )
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE communities_membership m SET {joined}")
        return
    Membership = apps.get_model("communities", "Membership")
    for column, model_name in (("offers_folded", "MemberOffer"), ("needs_folded", "MemberNeed")):
        model = apps.get_model("communities", model_name)
        joined: dict[int, list[str]] = {}
        rows = model.objects.order_by("membership_id", "position", "pk").values_list(
            "membership_id", "folded"
        )
        for membership_id, folded in rows.iterator(5000):
            joined.setdefault(membership_id, []).append(folded)
        batch = []
        for membership_id, items in joined.items():
            batch.append(Membership(pk=membership_id, **{column: "\n".join(items)}))
            if len(batch) >= 2000:
                Membership.objects.bulk_update(batch, [column])
                batch = []
        Membership.objects.bulk_update(batch, [column])


def indexes_create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError:
            return  # no pg_trgm here: the filters still work, by scanning
        for name, (table, column) in TRIGRAM.items():
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
            )
        cursor.execute("ANALYZE communities_membership")


def indexes_drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name in TRIGRAM:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0003_directory_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="offers_folded",
            field=models.TextField(default="", db_default="", editable=False),
        ),
        migrations.AddField(
            model_name="membership",
            name="needs_folded",
            field=models.TextField(default="", db_default="", editable=False),
        ),
        migrations.RunPython(folded_fill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(indexes_create, indexes_drop, elidable=False),
    ]
