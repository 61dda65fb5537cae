from django.db import models
from django.utils.translation import gettext_lazy as _

from vinculo.core.models import OwnedModel
from vinculo.people.models import Contact, Need, Offer

from .enums import FavorKind, Flow, IntroductionStatus, Outcome


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
    # What the introduction is for: ``a``'s need that ``b``'s offer meets (when known).
    need = models.ForeignKey(
        Need, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    offer = models.ForeignKey(
        Offer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome_kind = models.CharField(_("result"), max_length=16, choices=Outcome, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    proposed_at = models.DateTimeField(_("proposed"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    made_at = models.DateTimeField(_("made"), null=True, blank=True)

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


class Favor(OwnedModel):
    """Help, advice or a resource given to a contact or received from them."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="favors", verbose_name=_("contact")
    )
    flow = models.CharField(_("direction"), max_length=8, choices=Flow)
    kind = models.CharField(_("kind"), max_length=16, choices=FavorKind, default=FavorKind.HELP)
    date = models.DateField(_("date"))
    description = models.TextField(_("description"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    # The interaction logged with it (the timeline shows it, strength counts it); the ledger
    # counts the favour once, not also as that interaction.
    interaction = models.OneToOneField(
        "activity.Interaction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="favor",
    )

    class Meta:
        verbose_name = _("favour")
        verbose_name_plural = _("favours")
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.description


class Match(OwnedModel):
    """A need met by an offer, as the matching engine scored it; kept up to date on every
    edit of offers and needs, so pages read suggestions without recomputing them."""

    # Indexed below, with the score, for one person's best suggestions.
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="+", db_index=False)
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+", db_index=False)
    score = models.FloatField()
    matched = models.JSONField(default=list)
    dismissed = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["need", "offer"], name="match_unique_pair")]
        indexes = [
            models.Index(fields=["owner", "dismissed", "-score"], name="match_owner_score"),
            # The best matches of one need or one offer, read in order (see suggestion_list).
            models.Index(fields=["need", "dismissed", "-score"], name="match_need_score"),
            models.Index(fields=["offer", "dismissed", "-score"], name="match_offer_score"),
        ]
