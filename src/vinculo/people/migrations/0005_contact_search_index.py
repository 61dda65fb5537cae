from django.db import migrations


def index_create(apps, schema_editor):
    # The trigram index of the search (vinculo.people.search_index); created again after
    # every migrate too, as SQLite loses its triggers when people_contact is rebuilt.
    from vinculo.people.search_index import search_index_ensure

    search_index_ensure(using=schema_editor.connection.alias)


def index_drop(apps, schema_editor):
    from vinculo.people.search_index import search_index_drop

    search_index_drop(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_duplicate_dismissal"),
    ]

    operations = [
        migrations.RunPython(index_create, index_drop),
    ]
