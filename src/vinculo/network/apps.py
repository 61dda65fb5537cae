from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _triggers_ensure(sender, using="default", **kwargs):
    from .versions import triggers_ensure  # the models are not loaded before ready()

    triggers_ensure(using=using)


class NetworkConfig(AppConfig):
    name = "vinculo.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self):
        # SQLite drops a table's triggers when a migration rebuilds the table: after every
        # migrate, the version triggers that are missing are created again.
        post_migrate.connect(_triggers_ensure, sender=self, dispatch_uid="network_triggers")
