from django.db import models
from django.utils.translation import gettext_lazy as _


class IntroductionStatus(models.TextChoices):
    SUGGESTED = "suggested", _("suggested")
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    MADE = "made", _("made")
    DECLINED = "declined", _("declined")
    CLOSED = "closed", _("closed")
