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
