"""The board of a community: asks and offers, replies, and “I know someone” referrals.

A referral may point at one of the helper's own private contacts (``people.Contact``):
that link is read only for the helper. The asker learns who the person is from the
``shared_*`` columns, which stay empty until the helper confirms the person agreed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vinculo.communities.models import Membership, Workspace

from .enums import PostKind, PostStatus, ReferralStatus


class Post(models.Model):
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="board_posts", verbose_name=_("community")
    )
    author = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="board_posts", verbose_name=_("author")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=PostKind.choices)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=8, choices=PostStatus.choices, default=PostStatus.OPEN
    )
    folded = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    solved_at = models.DateTimeField(_("solved"), null=True, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["workspace", "-created_at"], name="board_post_newest"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_ask(self) -> bool:
        return self.kind == PostKind.ASK

    @property
    def is_open(self) -> bool:
        return self.status == PostStatus.OPEN


class Reply(models.Model):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="replies", verbose_name=_("post")
    )
    author = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="board_replies", verbose_name=_("author")
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Referral(models.Model):
    """A member who knows someone who could answer an ask."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("post")
    )
    helper = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="board_referrals",
        verbose_name=_("helper"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.OFFERED
    )
    # What the asker sees from the start: the helper's own words.
    message = models.TextField(_("message"))
    # Private to the helper: one of their own contacts, or the person described in words.
    contact = models.ForeignKey(
        "people.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact"),
    )
    description = models.TextField(_("who they are (only you see this)"), blank=True)
    # Shown to the asker once made, as the helper chose to share them.
    shared_name = models.CharField(_("name"), max_length=200, blank=True)
    shared_email = models.CharField(_("email"), max_length=254, blank=True)
    shared_phone = models.CharField(_("phone"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    made_at = models.DateTimeField(_("made"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.message[:60]
