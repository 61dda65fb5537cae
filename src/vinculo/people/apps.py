from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _search_index_ensure(sender, using="default", **kwargs):
    from .search_index import search_index_ensure  # the app registry is not ready before

    search_index_ensure(using=using)


class PeopleConfig(AppConfig):
    name = "vinculo.people"
    label = "people"

    def ready(self):
        # SQLite drops the search index's triggers when a migration rebuilds the contact
        # table: after every migrate, missing ones are created again and the index rebuilt.
        post_migrate.connect(_search_index_ensure, sender=self, dispatch_uid="people_search")
