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
