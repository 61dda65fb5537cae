from django.db import models
from django.utils.translation import gettext_lazy as _

from vinculo.activity.models import Event
from vinculo.core.models import OwnedModel


class EventSchedule(OwnedModel):
    """An organiser's plan of meeting rounds for an event's attendees, kept to print later.

    ``rounds``: ``[{"groups": [[contact id, …], …], "rests": [contact id, …], "score": x}]``
    (pairs, or tables of ``table_size``); ``people``: ``{contact id: name}`` as they were
    when it was computed (a contact deleted since keeps its name on the printout);
    ``reasons``: ``{"a-b": [[need person, offer person, need, offer, score, [[key, es, en],
    …]], …]}`` for the pairs that meet, ``a < b``: why they should meet, written out in the
    reader's language when shown.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="schedules", verbose_name=_("event")
    )
    rounds = models.JSONField(_("rounds"), default=list)
    table_size = models.PositiveSmallIntegerField(_("people per table"), default=2)
    score = models.FloatField(_("score"), default=0.0)
    people = models.JSONField(default=dict)
    reasons = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("meeting plan")
        verbose_name_plural = _("meeting plans")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "event", "-created_at"], name="schedule_event")]

    def __str__(self):
        return f"{self.event} ({len(self.rounds)})"
