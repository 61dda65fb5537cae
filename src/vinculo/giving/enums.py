from django.db import models
from django.utils.translation import gettext_lazy as _


class IntroductionStatus(models.TextChoices):
    SUGGESTED = "suggested", _("suggested")
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    MADE = "made", _("made")
    DECLINED = "declined", _("declined")
    CLOSED = "closed", _("closed")


class Outcome(models.TextChoices):
    MET = "met", _("they met")
    BUSINESS = "business", _("business done")
    NOTHING = "nothing", _("nothing came of it")


class FavorKind(models.TextChoices):
    HELP = "help", _("help")
    RESOURCE = "resource", _("resource")
    ADVICE = "advice", _("advice")
    CONTACT = "contact", _("a contact")


class Flow(models.TextChoices):
    GAVE = "gave", _("I gave")
    RECEIVED = "received", _("I received")
