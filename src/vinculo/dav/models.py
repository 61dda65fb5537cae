"""App passwords: a secret per device that syncs the address book over CardDAV, which the
owner can revoke without changing the account's password."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vinculo.core.models import OwnedQuerySet


class AppPassword(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner"),
    )
    label = models.CharField(_("label"), max_length=80)
    # SHA-256 of the secret (256 random bits, so no slow hash is needed); shown once.
    secret_hash = models.CharField(_("secret (hashed)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("app password")
        verbose_name_plural = _("app passwords")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.label
