"""What every owned model shares: an owner, and queries that start from it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OwnedQuerySet(models.QuerySet):
    def for_user(self, user):
        """The only way views, selectors and the API reach owned rows."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


class OwnedModel(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Keys of the exchange format that the model has no column for are kept here,
    # so an import followed by an export loses nothing.
    extra = models.JSONField(_("extra fields"), default=dict, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True
