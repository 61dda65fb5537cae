from django.db import models
from django.utils.translation import gettext_lazy as _

from vinculo.core.models import OwnedModel
from vinculo.people.models import Contact

from .enums import IntroductionStatus


class Introduction(OwnedModel):
    """The owner introduces ``a`` to ``b``."""

    a = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=IntroductionStatus, default=IntroductionStatus.SUGGESTED
    )
    reason = models.TextField(_("reason"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.a} → {self.b}"


class Referral(OwnedModel):
    """Business passed on. An empty side is the owner ("me")."""

    from_contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    to_contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    date = models.DateField(_("date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    status = models.CharField(_("status"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.description
