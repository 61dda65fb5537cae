from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("owner")
    ORGANISER = "organiser", _("organiser")
    MEMBER = "member", _("member")


class Visibility(models.TextChoices):
    """Who sees one field of a member's community profile."""

    MEMBERS = "members", _("members of the community")
    ORGANISERS = "organisers", _("organisers only")
    ONLY_ME = "me", _("only me")


class InvitationKind(models.TextChoices):
    LINK = "link", _("link")
    EMAIL = "email", _("email")


# The profile fields a member chooses the audience of, one visibility column each.
VISIBLE_FIELDS = ("does", "pitch", "sector", "city", "offers", "needs")


class IntroductionStatus(models.TextChoices):
    """Where an introduction between two members stands (double opt-in).

    "proposed": nobody has answered yet; "accepted": one side said yes and the other has
    not answered; "made": both said yes (each now sees the other's email); "declined":
    one side said no.
    """

    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted by one side")
    DECLINED = "declined", _("declined")
    MADE = "made", _("made")


class IntroductionAnswer(models.TextChoices):
    NONE = "", _("not answered")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class IntroductionOutcome(models.TextChoices):
    NONE = "", _("not said")
    HELPED = "helped", _("it helped")
    NOT_HELPED = "not_helped", _("it did not help")
