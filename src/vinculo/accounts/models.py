from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """An account; also the owner's own profile (what I do, offer, need, my pitch).

    The owner's offers and needs are rows of ``people.Offer`` / ``people.Need``
    with no contact, so the matching engine reads them like anyone else's.
    """

    does = models.TextField(_("what I do"), blank=True)
    pitch = models.TextField(
        _("my pitch"), blank=True, help_text=_("Two or three sentences: what you do and offer.")
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        help_text=_("Language of the interface; empty follows the browser."),
    )
    display_name = models.CharField(_("my name"), max_length=200, blank=True)
    synonyms = models.TextField(
        _("my synonyms"),
        blank=True,
        help_text=_(
            "Words that mean the same to you, one group per line, separated by commas: "
            "tpv, datáfono, card terminal."
        ),
    )
    exchange_extra = models.JSONField(_("extra fields"), default=dict, blank=True)
    # Bumped by every change to offers and needs; an in-process matching index built
    # at another version is stale (another process, or a rolled-back transaction).
    match_version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def synonym_groups(self) -> list[list[str]]:
        groups = []
        for line in self.synonyms.splitlines():
            words = [w.strip() for w in line.split(",") if w.strip()]
            if len(words) > 1:
                groups.append(words)
        return groups

    @property
    def name(self) -> str:
        return self.display_name or self.get_full_name() or self.username
