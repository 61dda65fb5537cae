from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vinculo.core.models import OwnedModel


class Organization(OwnedModel):
    name = models.CharField(_("name"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("owner", Lower("name"), name="organization_unique_name")
        ]

    def __str__(self):
        return self.name


class Tag(OwnedModel):
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [models.UniqueConstraint("owner", "name", name="tag_unique_name")]

    def __str__(self):
        return self.name


class Contact(OwnedModel):
    name = models.CharField(_("name"), max_length=200)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("organization"),
    )
    title = models.CharField(_("job title"), max_length=200, blank=True)
    emails = models.JSONField(_("emails"), default=list, blank=True)
    phones = models.JSONField(_("phones"), default=list, blank=True)
    urls = models.JSONField(_("web pages"), default=list, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="contacts", verbose_name=_("tags"))
    does = models.TextField(_("what they do"), blank=True)
    expects = models.TextField(_("what they expect"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    met_on = models.DateField(_("met on"), null=True, blank=True)
    met_where = models.CharField(_("met where"), max_length=200, blank=True)
    met_event = models.ForeignKey(
        "activity.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="met_contacts",
        verbose_name=_("met at event"),
    )
    introduced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="introduced",
        verbose_name=_("introduced by"),
    )
    strength = models.FloatField(
        _("strength"),
        null=True,
        blank=True,
        help_text=_("Your own judgement of the tie, 0 to 1; 0 means no direct tie."),
    )
    external_id = models.CharField(_("external id"), max_length=200, blank=True)
    # Name, organization, title, city, emails and phones folded (no accents, lower case),
    # so one indexed column answers "nunez" for "Núñez".
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name", "id"]
        indexes = [
            # The list in name order, and its search: search_text rides along so that
            # matching it (LIKE '%word%', which no B-tree can seek) reads this index alone,
            # not every row of the table.
            models.Index(
                fields=["owner", "name", "id", "search_text"], name="contact_owner_name_search"
            ),
            # "Recently added" on the dashboard: newest first without sorting the network.
            models.Index(fields=["owner", "created_at", "id"], name="contact_owner_created"),
            # Who introduced whom (the ledger, "givers to thank"): only the contacts that
            # were introduced, instead of every contact of the owner.
            models.Index(fields=["owner", "introduced_by"], name="contact_owner_introduced_by"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "external_id"],
                condition=~models.Q(external_id=""),
                name="contact_unique_external_id",
            ),
            models.CheckConstraint(
                condition=models.Q(strength__isnull=True)
                | models.Q(strength__gte=0, strength__lte=1),
                name="contact_strength_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contacts.detail", kwargs={"contact_id": self.pk})

    @property
    def language(self) -> str:
        """The language to write to this person in: their first, else Spanish."""
        return self.languages[0] if self.languages else "es"


class Offer(OwnedModel):
    """Something a person can give to others. ``contact`` empty: the owner's own."""

    contact = models.ForeignKey(
        Contact,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("contact"),
    )
    text = models.CharField(_("offer"), max_length=500)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["owner", "contact"], name="offer_owner_contact")]

    def __str__(self):
        return self.text


class Need(OwnedModel):
    """Something a person is looking for. ``contact`` empty: the owner's own."""

    contact = models.ForeignKey(
        Contact,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("contact"),
    )
    text = models.CharField(_("need"), max_length=500)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["owner", "contact"], name="need_owner_contact")]

    def __str__(self):
        return self.text


class Tie(OwnedModel):
    """Two contacts know each other (undirected: ``a`` has the lower id)."""

    a = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    strength = models.FloatField(_("strength"), null=True, blank=True)
    how = models.CharField(_("how they know each other"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        constraints = [
            models.UniqueConstraint(fields=["owner", "a", "b"], name="tie_unique_pair"),
            models.CheckConstraint(condition=models.Q(a__lt=models.F("b")), name="tie_ordered"),
            models.CheckConstraint(
                condition=models.Q(strength__isnull=True)
                | models.Q(strength__gte=0, strength__lte=1),
                name="tie_strength_range",
            ),
        ]
        indexes = [
            models.Index(fields=["b"], name="tie_b"),
            # A contact's ties where it is ``b``; where it is ``a``, tie_unique_pair serves.
            models.Index(fields=["owner", "b"], name="tie_owner_b"),
        ]

    def __str__(self):
        return f"{self.a} – {self.b}"

    def other(self, contact):
        return self.b if contact.pk == self.a_id else self.a


class DuplicateDismissal(OwnedModel):
    """The owner said ``a`` and ``b`` (``a`` has the lower id) are not the same person, so
    they are not proposed as duplicates again."""

    a = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("dismissed duplicate")
        verbose_name_plural = _("dismissed duplicates")
        constraints = [
            models.UniqueConstraint(fields=["owner", "a", "b"], name="duplicate_dismissal_pair"),
            models.CheckConstraint(
                condition=models.Q(a__lt=models.F("b")), name="duplicate_dismissal_ordered"
            ),
        ]
        indexes = [models.Index(fields=["b"], name="duplicate_dismissal_b")]

    def __str__(self):
        return f"{self.a_id} ≠ {self.b_id}"
