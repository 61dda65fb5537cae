from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vinculo.core.models import OwnedModel
from vinculo.people.models import Contact, Tag

from .enums import Direction, EventKind, FollowUpReason, InteractionKind


class Event(OwnedModel):
    name = models.CharField(_("name"), max_length=200)
    date = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    # One of EventKind; a kind imported from a file that is none of them is kept as it was.
    kind = models.CharField(_("kind"), max_length=40, blank=True, choices=EventKind.choices)
    notes = models.TextField(_("notes"), blank=True)
    attendees = models.ManyToManyField(
        Contact, blank=True, related_name="events", verbose_name=_("attendees")
    )
    # The people I want to meet there (the prepare sheet), attending or not.
    to_meet = models.ManyToManyField(
        Contact, blank=True, related_name="events_to_meet", verbose_name=_("people to meet")
    )
    external_id = models.CharField(_("external id"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-date", "name"]
        indexes = [models.Index(fields=["owner", "date"], name="event_owner_date")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events.detail", kwargs={"event_id": self.pk})

    @property
    def kind_label(self) -> str:
        """The kind in words; an imported kind that is none of EventKind, as it was written."""
        return str(EventKind(self.kind).label) if self.kind in EventKind.values else self.kind


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
            # The ledger counts the owner's interactions by direction from the index alone.
            models.Index(fields=["owner", "direction", "kind"], name="interaction_owner_direction"),
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
    reason = models.CharField(
        _("reason"), max_length=16, choices=FollowUpReason, default=FollowUpReason.MANUAL
    )
    # The event where the contact was met, for follow-ups made after it.
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followups",
        verbose_name=_("event"),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    snoozed_on = models.DateField(_("last snoozed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["owner", "done", "due"], name="followup_owner_due")]

    def __str__(self):
        return f"{self.contact} {self.due}"


class Cadence(OwnedModel):
    """Keep in touch with a contact, or with everyone of a tag, every so many days.

    ``ideal_days`` after the last interaction the contact is due; past ``max_days`` the
    tie is going cold. A contact's own cadence wins over its tags'.
    """

    tag = models.ForeignKey(
        Tag,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cadences",
        verbose_name=_("tag"),
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cadences",
        verbose_name=_("contact"),
    )
    ideal_days = models.PositiveIntegerField(_("ideally every (days)"))
    max_days = models.PositiveIntegerField(_("at most every (days)"))

    class Meta:
        verbose_name = _("keep-in-touch cadence")
        verbose_name_plural = _("keep-in-touch cadences")
        ordering = ["ideal_days", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tag__isnull=True, contact__isnull=False)
                | models.Q(tag__isnull=False, contact__isnull=True),
                name="cadence_tag_or_contact",
            ),
            models.CheckConstraint(
                condition=models.Q(ideal_days__gte=1, max_days__gte=models.F("ideal_days")),
                name="cadence_interval_order",
            ),
            models.UniqueConstraint(
                fields=["owner", "tag"], condition=models.Q(tag__isnull=False), name="cadence_tag"
            ),
            models.UniqueConstraint(
                fields=["owner", "contact"],
                condition=models.Q(contact__isnull=False),
                name="cadence_contact",
            ),
        ]

    def __str__(self):
        return f"{self.tag or self.contact}: {self.ideal_days}/{self.max_days}"


class CalendarFeed(OwnedModel):
    """The secret address of a user's calendar of follow-ups and events.

    Whoever has the address reads the calendar (calendar applications cannot log in);
    renewing replaces the token, so the old address answers 404, and deleting the row
    turns the feed off.
    """

    token = models.CharField(_("token"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [models.UniqueConstraint(fields=["owner"], name="calendar_feed_owner")]

    def __str__(self):
        return f"{self.owner}"
