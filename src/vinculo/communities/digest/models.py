"""The digest: one subscription per member of a community, with its schedule."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vinculo.communities.models import Membership

from .enums import Frequency


class DigestSubscription(models.Model):
    """How often a member gets the digest of their community, and where the schedule is.

    ``next_at`` is when the next digest is due; a run claims a due subscription by moving
    ``next_at`` forward with a conditional UPDATE, so two runs never send the same digest.
    ``checked_at`` ends the window of the last digest: the next one tells what is new since.
    ``token`` is the secret of the one-click unsubscribe address.
    """

    membership = models.OneToOneField(
        Membership,
        on_delete=models.CASCADE,
        related_name="digest_subscription",
        verbose_name=_("member"),
    )
    frequency = models.CharField(
        _("frequency"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    next_at = models.DateTimeField(_("next digest"))
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")
        indexes = [models.Index(fields=["next_at"], name="digest_next_at")]

    def __str__(self) -> str:
        return f"{self.membership} ({self.frequency})"
