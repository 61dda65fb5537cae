from django.db import models
from django.utils.translation import gettext_lazy as _

from vinculo.core.models import OwnedModel
from vinculo.people.models import Contact

from .enums import Direction, InteractionKind


class Event(OwnedModel):
    name = models.CharField(_("name"), max_length=200)
    date = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    attendees = models.ManyToManyField(
        Contact, blank=True, related_name="events", verbose_name=_("attendees")
    )
    external_id = models.CharField(_("external id"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-date", "name"]

    def __str__(self):
        return self.name


class Interaction(OwnedModel):
    """Something that happened with a contact, on their timeline."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="interactions", verbose_name=_("contact")
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=InteractionKind, default=InteractionKind.MEETING
    )
    direction = models.CharField(
        _("who gave"), max_length=16, choices=Direction, default=Direction.MUTUAL
    )
    date = models.DateField(_("date"))
    # Set when the source gave a time of day as well (kept for the round trip).
    at = models.DateTimeField(_("time"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["contact", "-date"], name="interaction_contact_date"),
            models.Index(fields=["owner", "-date", "-id"], name="interaction_owner_date"),
        ]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}: {self.contact}"


class FollowUp(OwnedModel):
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="followups", verbose_name=_("contact")
    )
    due = models.DateField(_("due"))
    done = models.BooleanField(_("done"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["owner", "done", "due"], name="followup_owner_due")]

    def __str__(self):
        return f"{self.contact} {self.due}"
