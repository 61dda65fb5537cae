"""What the network side stores: one version number per owner."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NetworkVersion(models.Model):
    """Moves on every write to the owner's contacts, ties or interactions.

    The database moves it, by triggers on those three tables (``versions.py``), in the
    same transaction as the write: every write path bumps it, bulk ones and those added
    later included, and a rolled-back write leaves it where it was. A process keeps the
    owner's network graph while the version it was built at is still the current one.
    """

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    version = models.PositiveBigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("network version")
        verbose_name_plural = _("network versions")

    def __str__(self):
        return f"{self.owner_id}: {self.version}"
