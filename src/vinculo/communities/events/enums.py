from django.db import models
from django.utils.translation import gettext_lazy as _


class RsvpAnswer(models.TextChoices):
    YES = "yes", _("going")
    MAYBE = "maybe", _("maybe")
    NO = "no", _("not going")
