"""Communities: a workspace of an organisation, its members with their community
profiles, and the invitations that bring people in.

Nothing here points at a member's own network (people, activity, giving): a community
profile is written by the member for the community, and the pages read nothing else.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import (
    IntroductionAnswer,
    IntroductionOutcome,
    IntroductionStatus,
    InvitationKind,
    Role,
    Visibility,
)


class WorkspaceQuerySet(models.QuerySet):
    def for_user(self, user):
        """Workspaces ``user`` is a member of: the only way pages reach a workspace."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(memberships__user=user)


class Workspace(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="es",
        help_text=_("Language of invitations and messages when a member has none."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Goes up whenever members' offers or needs change: a process's cached matching index
    # of the workspace is current only at the version it was built or edited for.
    match_version = models.PositiveIntegerField(default=0, editable=False)

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


def _visibility(label):
    return models.CharField(
        label, max_length=12, choices=Visibility.choices, default=Visibility.MEMBERS
    )


class Membership(models.Model):
    """A user in a workspace with a role, and their community profile there."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("community")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="community_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    # The community profile: written by the member for this community.
    name = models.CharField(_("name"), max_length=200)
    does = models.TextField(_("what I do"), blank=True)
    pitch = models.TextField(_("my pitch"), blank=True)
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    does_visibility = _visibility(_("who sees what I do"))
    pitch_visibility = _visibility(_("who sees my pitch"))
    sector_visibility = _visibility(_("who sees my sector"))
    city_visibility = _visibility(_("who sees my city"))
    offers_visibility = _visibility(_("who sees my offers"))
    needs_visibility = _visibility(_("who sees my needs"))
    # Folded (no accents, lower case) for search and filters; search_text holds only
    # what every member may see (the name and the fields shown to all members), so a
    # search never reveals a hidden field.
    search_text = models.TextField(editable=False, default="")
    sector_folded = models.CharField(max_length=120, editable=False, default="")
    city_folded = models.CharField(max_length=120, editable=False, default="")
    # Every offer's / need's ``folded``, one per line, whoever may see them: the directory's
    # offer and need filters read them here, with the field's visibility on the same row.
    offers_folded = models.TextField(editable=False, default="", db_default="")
    needs_folded = models.TextField(editable=False, default="", db_default="")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "user"], name="communities_one_membership_per_user"
            )
        ]
        indexes = [models.Index(fields=["workspace", "role"], name="communities_member_role")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_organiser(self) -> bool:
        return self.role in (Role.OWNER, Role.ORGANISER)

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


class _MemberItem(models.Model):
    """One offer or need of a member's community profile: text plus its language, so
    matching across members can index it like any other offer or need."""

    text = models.CharField(_("text"), max_length=500)
    language = models.CharField(_("language"), max_length=8, blank=True)
    folded = models.CharField(max_length=500, editable=False, default="")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class MemberOffer(_MemberItem):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="offers")

    class Meta(_MemberItem.Meta):
        verbose_name = _("member offer")
        verbose_name_plural = _("member offers")


class MemberNeed(_MemberItem):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="needs")

    class Meta(_MemberItem.Meta):
        verbose_name = _("member need")
        verbose_name_plural = _("member needs")


class Invitation(models.Model):
    """A secret address that lets people join: a link for many, or an email for one."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("community")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=InvitationKind.choices)
    token = models.CharField(max_length=64, unique=True, editable=False)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    uses = models.PositiveIntegerField(_("times used"), default=0)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.email or self.get_kind_display()


class MemberMatch(models.Model):
    """One member's offer that meets another member's need, as the matching engine scored
    it; computed by background workers (``communities.tasks``), read by the selectors with
    each viewer's visibility applied.

    ``reasons``: what the two texts have in common, ``[[key, es, en], ...]``, so the reason
    is shown in the reader's language.
    """

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="member_matches"
    )
    needer = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="matches_as_needer"
    )
    offerer = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="matches_as_offerer"
    )
    need = models.ForeignKey(MemberNeed, on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey(MemberOffer, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)

    class Meta:
        verbose_name = _("member match")
        verbose_name_plural = _("member matches")
        ordering = ["-score", "pk"]
        indexes = [
            models.Index(fields=["workspace", "needer"], name="communities_match_needer"),
            models.Index(fields=["workspace", "offerer"], name="communities_match_offerer"),
            models.Index(fields=["workspace", "-score"], name="communities_match_score"),
        ]

    def __str__(self) -> str:
        return f"{self.need_id} <- {self.offer_id}"


class MemberIntroduction(models.Model):
    """An introduction between two members of a workspace, made when both accept.

    ``first`` is the member who asked for it (or, when an organiser proposed it, the first
    of the pair); ``proposed_by`` is who proposed it (null once that member left).
    ``first_outcome`` and ``second_outcome``: whether it helped, as each side says;
    ``outcome``, what organisers count: "helped" when either says it helped, "not_helped"
    when one says it did not and neither that it helped.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="introductions")
    first = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="introductions_as_first"
    )
    second = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="introductions_as_second"
    )
    proposed_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=IntroductionStatus.choices,
        default=IntroductionStatus.PROPOSED,
    )
    first_answer = models.CharField(
        max_length=12, choices=IntroductionAnswer.choices, blank=True, default=""
    )
    second_answer = models.CharField(
        max_length=12, choices=IntroductionAnswer.choices, blank=True, default=""
    )
    message = models.TextField(_("message"), blank=True)
    reasons = models.JSONField(_("reasons"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    made_at = models.DateTimeField(_("made"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=IntroductionOutcome.choices, blank=True, default=""
    )
    outcome_at = models.DateTimeField(null=True, blank=True)
    first_outcome = models.CharField(
        max_length=12, choices=IntroductionOutcome.choices, blank=True, default=""
    )
    second_outcome = models.CharField(
        max_length=12, choices=IntroductionOutcome.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("member introduction")
        verbose_name_plural = _("member introductions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["workspace", "status"], name="communities_intro_status"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} + {self.second_id}"
