from django.db import models
from django.utils.translation import gettext_lazy as _


class PostKind(models.TextChoices):
    ASK = "ask", _("ask")
    OFFER = "offer", _("offer")


class PostStatus(models.TextChoices):
    OPEN = "open", _("open")
    SOLVED = "solved", _("solved")


class ReferralStatus(models.TextChoices):
    """“I know someone”: offered → accepted or declined by the asker → made once the
    helper confirms the person agreed (only then is the person named to the asker)."""

    OFFERED = "offered", _("offered")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    MADE = "made", _("made")
    WITHDRAWN = "withdrawn", _("withdrawn")
