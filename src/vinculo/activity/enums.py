from django.db import models
from django.utils.translation import gettext_lazy as _


class InteractionKind(models.TextChoices):
    MEETING = "meeting", _("meeting")
    CALL = "call", _("call")
    EMAIL = "email", _("email")
    MESSAGE = "message", _("message")
    EVENT = "event", _("event")
    INTRO = "intro", _("introduction")
    OTHER = "other", _("other")


class Direction(models.TextChoices):
    GAVE = "gave", _("I gave")
    RECEIVED = "received", _("I received")
    MUTUAL = "mutual", _("mutual")


class FollowUpReason(models.TextChoices):
    """Why a follow-up exists: the day after meeting someone, a cadence, or by hand."""

    MET = "met", _("met them")
    EVENT = "event", _("met at an event")
    CADENCE = "cadence", _("keep in touch")
    MANUAL = "manual", _("planned")


class EventKind(models.TextChoices):
    """Kinds of event; a kind imported from a file that is none of these is kept as it is."""

    NETWORKING = "networking", _("networking event")
    BREAKFAST = "breakfast", _("breakfast")
    LUNCH = "lunch", _("lunch")
    BRAINSTORMING = "brainstorming", _("brainstorming meeting")
    FAIR = "fair", _("fair")
    CONFERENCE = "conference", _("conference")
    OTHER = "other", _("other")
