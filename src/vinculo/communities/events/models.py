"""Community events: an organiser's event for the members of a workspace, the members'
answers (RSVP) and the organisers' meeting plans for those who go.

Everything hangs from the workspace: pages reach an event through the viewer's
membership, so an event of another community answers 404.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vinculo.communities.models import Membership, Workspace

from .enums import RsvpAnswer


class CommunityEvent(models.Model):
    workspace = models.ForeignKey(
        Workspace,
        on_delete=models.CASCADE,
        related_name="community_events",
        verbose_name=_("community"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("How many people fit; leave it empty when there is no limit."),
    )
    created_by = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="community_events_created",
        verbose_name=_("organiser"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("community event")
        verbose_name_plural = _("community events")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["workspace", "starts_at"], name="community_event_when"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Rsvp(models.Model):
    """A member's answer to an event. ``waitlisted``: said yes when the event was full;
    they move up, first come first served, when a place is freed."""

    event = models.ForeignKey(
        CommunityEvent, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("event")
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="community_rsvps",
        verbose_name=_("member"),
    )
    answer = models.CharField(_("answer"), max_length=8, choices=RsvpAnswer.choices)
    waitlisted = models.BooleanField(_("on the waiting list"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        verbose_name = _("answer to an event")
        verbose_name_plural = _("answers to events")
        ordering = ["answered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "membership"], name="community_events_one_rsvp_per_member"
            )
        ]
        indexes = [models.Index(fields=["membership", "answered_at"], name="community_rsvp_when")]

    def __str__(self) -> str:
        return f"{self.membership} · {self.answer}"


class CommunityEventSchedule(models.Model):
    """An organiser's plan of meeting rounds among the members going to an event.

    ``rounds``: ``[{"groups": [[member id, …], …], "rests": [member id, …], "score": x}]``;
    ``people``: ``{member id: name}`` when it was computed; ``reasons``: ``{"a-b": [[need
    member, offer member, need, offer, score], …]}`` for the pairs that meet, ``a < b``,
    only from offers and needs their members share with every member.
    """

    event = models.ForeignKey(
        CommunityEvent,
        on_delete=models.CASCADE,
        related_name="schedules",
        verbose_name=_("event"),
    )
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    rounds = models.JSONField(_("rounds"), default=list)
    table_size = models.PositiveSmallIntegerField(_("people per table"), default=2)
    score = models.FloatField(_("score"), default=0.0)
    people = models.JSONField(default=dict)
    reasons = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("meeting plan")
        verbose_name_plural = _("meeting plans")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} ({len(self.rounds)})"
