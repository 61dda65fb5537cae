"""The shapes the API reads and writes.

Serializers only parse and check input and render output; the views hand the
validated data to the services in ``people`` and ``activity``, so the API, the
web pages and the command line write through the same code.
"""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from vinculo.activity.enums import Direction, InteractionKind
from vinculo.activity.models import Event
from vinculo.giving.enums import FavorKind, Flow, IntroductionStatus, Outcome
from vinculo.people.models import Contact
from vinculo.people.phones import phone_normalize

_COUNTRY = re.compile(r"[A-Za-z]{2}")

# The largest id a database row can have (64-bit signed): a larger number is refused as
# invalid input instead of overflowing the database driver.
MAX_ID = 2**63 - 1


class OwnedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """The id of one of the requesting user's own rows.

    Another user's id is answered exactly like an id that does not exist.
    """

    def __init__(self, *, model, **kwargs):
        self.model = model
        super().__init__(queryset=model.objects.none(), **kwargs)

    def get_queryset(self):
        return self.model.objects.for_user(self.context["request"].user)


class RelatedTextsField(serializers.ListField):
    """A list of strings, read from a related manager (``attribute`` of each row)."""

    def __init__(self, *, attribute, **kwargs):
        self.attribute = attribute
        super().__init__(**kwargs)

    def to_representation(self, data):
        return [getattr(row, self.attribute) for row in data.all()]


class PhoneField(serializers.CharField):
    """A phone number, stored in international form (``"+34 612 34 56 78"``)."""

    def to_internal_value(self, data):
        raw = super().to_internal_value(data)
        try:
            return phone_normalize(raw)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages, code="invalid_phone") from exc


class OrganizationNameField(serializers.CharField):
    """The contact's organization, read and written as its name."""

    def get_attribute(self, instance):
        organization = instance.organization
        return organization.name if organization is not None else ""


class MetSerializer(serializers.Serializer):
    """When, where and at which event the owner met the contact."""

    date = serializers.DateField(source="met_on", allow_null=True, required=False)
    where = serializers.CharField(
        source="met_where", allow_blank=True, max_length=200, required=False
    )
    event = OwnedPrimaryKeyField(
        model=Event,
        source="met_event",
        allow_null=True,
        required=False,
        help_text=_("Id of one of your events."),
    )


class ContactSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    external_id = serializers.CharField(
        max_length=200,
        allow_blank=True,
        required=False,
        help_text=_("Your own identifier for the contact, unique among your contacts."),
    )
    name = serializers.CharField(max_length=200)
    organization = OrganizationNameField(
        max_length=200,
        allow_blank=True,
        required=False,
        help_text=_("Name of the organization; created if you have none with that name."),
    )
    title = serializers.CharField(max_length=200, allow_blank=True, required=False)
    emails = serializers.ListField(child=serializers.EmailField(), required=False)
    phones = serializers.ListField(
        child=PhoneField(max_length=64),
        required=False,
        help_text=_("Numbers without a country code are read in the default region."),
    )
    urls = serializers.ListField(child=serializers.URLField(max_length=500), required=False)
    city = serializers.CharField(max_length=120, allow_blank=True, required=False)
    country = serializers.CharField(
        max_length=2,
        allow_blank=True,
        required=False,
        help_text=_("Two-letter country code (ISO 3166-1), such as ES."),
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=16),
        required=False,
        help_text=_("Language codes, the one to write to them in first."),
    )
    tags = RelatedTextsField(
        attribute="name", child=serializers.CharField(max_length=80), required=False
    )
    does = serializers.CharField(allow_blank=True, required=False)
    offers = RelatedTextsField(
        attribute="text", child=serializers.CharField(max_length=500), required=False
    )
    needs = RelatedTextsField(
        attribute="text", child=serializers.CharField(max_length=500), required=False
    )
    expects = serializers.CharField(allow_blank=True, required=False)
    notes = serializers.CharField(allow_blank=True, required=False)
    met = MetSerializer(source="*", required=False)
    introduced_by = OwnedPrimaryKeyField(
        model=Contact,
        allow_null=True,
        required=False,
        help_text=_("Id of the contact who introduced them."),
    )
    strength = serializers.FloatField(
        min_value=0,
        max_value=1,
        allow_null=True,
        required=False,
        help_text=_("Your own judgement of the tie, 0 to 1; 0 means no direct tie."),
    )
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def validate_country(self, value):
        if value and not _COUNTRY.fullmatch(value):
            raise serializers.ValidationError(
                _("Enter a two-letter country code, such as ES."), code="invalid_country"
            )
        return value.upper()

    def validate_external_id(self, value):
        if not value:
            return value
        taken = Contact.objects.for_user(self.context["request"].user).filter(external_id=value)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError(
                _("You already have a contact with this external id."), code="unique"
            )
        return value

    def validate_introduced_by(self, value):
        if value is not None and self.instance is not None and value.pk == self.instance.pk:
            raise serializers.ValidationError(
                _("A contact cannot be introduced by themselves."), code="self"
            )
        return value


class OfferSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    contact = OwnedPrimaryKeyField(
        model=Contact,
        allow_null=True,
        required=False,
        default=None,
        help_text=_("Id of the contact who offers it; null for your own offers."),
    )
    text = serializers.CharField(max_length=500)
    position = serializers.IntegerField(read_only=True)


class OfferUpdateSerializer(OfferSerializer):
    contact = serializers.IntegerField(
        source="contact_id",
        read_only=True,
        allow_null=True,
        help_text=_("Set when it is created; it cannot be moved to another contact."),
    )


class NeedSerializer(OfferSerializer):
    contact = OwnedPrimaryKeyField(
        model=Contact,
        allow_null=True,
        required=False,
        default=None,
        help_text=_("Id of the contact who needs it; null for your own needs."),
    )


class NeedUpdateSerializer(NeedSerializer):
    contact = serializers.IntegerField(
        source="contact_id",
        read_only=True,
        allow_null=True,
        help_text=_("Set when it is created; it cannot be moved to another contact."),
    )


class TieSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    a = OwnedPrimaryKeyField(model=Contact, help_text=_("Id of one of your contacts."))
    b = OwnedPrimaryKeyField(model=Contact, help_text=_("Id of another of your contacts."))
    strength = serializers.FloatField(min_value=0, max_value=1, allow_null=True, required=False)
    how = serializers.CharField(max_length=300, allow_blank=True, required=False)

    def validate(self, attrs):
        if "a" in attrs and "b" in attrs and attrs["a"].pk == attrs["b"].pk:
            raise serializers.ValidationError(
                {"b": [_("A contact cannot be tied to themselves.")]}, code="self"
            )
        return attrs


class TieUpdateSerializer(TieSerializer):
    a = serializers.IntegerField(source="a_id", read_only=True)
    b = serializers.IntegerField(source="b_id", read_only=True)


class InteractionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    contact = OwnedPrimaryKeyField(model=Contact, help_text=_("Id of one of your contacts."))
    kind = serializers.ChoiceField(choices=InteractionKind.choices, required=False)
    direction = serializers.ChoiceField(
        choices=Direction.choices, required=False, help_text=_("Who gave value.")
    )
    date = serializers.DateField()
    summary = serializers.CharField(allow_blank=True, required=False)


class InteractionUpdateSerializer(InteractionSerializer):
    contact = serializers.IntegerField(source="contact_id", read_only=True)


class ProfileSerializer(serializers.Serializer):
    """The owner's own profile: what I do, offer and need, and my pitch."""

    username = serializers.CharField(read_only=True)
    name = serializers.CharField(
        source="display_name", max_length=200, allow_blank=True, required=False
    )
    does = serializers.CharField(allow_blank=True, required=False)
    pitch = serializers.CharField(allow_blank=True, required=False)
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES,
        allow_blank=True,
        required=False,
        help_text=_("Language of the interface; empty follows the browser."),
    )
    offers = serializers.ListField(child=serializers.CharField(max_length=500), required=False)
    needs = serializers.ListField(child=serializers.CharField(max_length=500), required=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


# --- Give–give: suggestions, introductions, favours, the ledger ------------------------------

_CURRENCY = re.compile(r"[A-Za-z]{3}")


class CurrencyField(serializers.CharField):
    """A three-letter currency code (ISO 4217), stored in capitals; empty when not known."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Three-letter currency code (ISO 4217), such as EUR."))
        super().__init__(max_length=3, allow_blank=True, required=False, default="", **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value and not _CURRENCY.fullmatch(value):
            raise serializers.ValidationError(
                _("Enter a three-letter currency code, such as EUR."), code="invalid_currency"
            )
        return value.upper()


class MoneyField(serializers.DecimalField):
    def __init__(self, **kwargs):
        super().__init__(
            max_digits=14,
            decimal_places=2,
            min_value=Decimal(0),
            allow_null=True,
            required=False,
            default=None,
            **kwargs,
        )


class ContactQuerySerializer(serializers.Serializer):
    """``?contact=``: only what concerns this contact."""

    contact = OwnedPrimaryKeyField(
        model=Contact, required=False, help_text=_("Id of one of your contacts.")
    )


class SuggestionQuerySerializer(serializers.Serializer):
    limit = serializers.IntegerField(
        min_value=1, max_value=200, default=20, help_text=_("At most this many (1 to 200).")
    )
    contact = OwnedPrimaryKeyField(
        model=Contact,
        required=False,
        help_text=_("Id of a contact: who could help them and whom they could help."),
    )
    mine = serializers.BooleanField(
        default=False, help_text=_("Your own: who can help you and whom you can help.")
    )

    def validate(self, attrs):
        if attrs.get("contact") is not None and attrs.get("mine"):
            raise serializers.ValidationError(
                {"mine": [_("Ask either for your own suggestions or for a contact's.")]},
                code="exclusive",
            )
        return attrs


class SuggestionPersonSerializer(serializers.Serializer):
    id = serializers.CharField(
        help_text=_('The id an export of the network gives them; "me" for you.')
    )
    name = serializers.CharField()
    contact = serializers.IntegerField(
        allow_null=True, help_text=_("Id of the contact; null for you.")
    )


class SuggestionSerializer(serializers.Serializer):
    match_id = serializers.IntegerField(help_text=_("Id to dismiss or propose the suggestion."))
    a = SuggestionPersonSerializer(help_text=_("Who needs it."))
    b = SuggestionPersonSerializer(help_text=_("Who offers it."))
    need = serializers.CharField()
    offer = serializers.CharField()
    score = serializers.FloatField(help_text=_("How well the offer meets the need, 0 to 1."))
    why = serializers.CharField(help_text=_("The reason, in words."))


class SuggestionListSerializer(serializers.Serializer):
    suggestions = SuggestionSerializer(many=True, help_text=_("Best first."))


class DraftSerializer(serializers.Serializer):
    """A message ready to send, copy, or open in a mail program."""

    to = serializers.ListField(child=serializers.CharField())
    subject = serializers.CharField()
    body = serializers.CharField()
    language = serializers.CharField(help_text=_("The language of the message: the reader's."))
    mailto = serializers.CharField(help_text=_("A mailto: link that opens the message."))


class ProposeSerializer(serializers.Serializer):
    send = serializers.BooleanField(
        default=False,
        write_only=True,
        help_text=_("Also email the question to the first contact now."),
    )


class IntroductionSerializer(ProposeSerializer):
    """The owner introduces ``a`` (who needs something) to ``b`` (who offers it)."""

    id = serializers.IntegerField(read_only=True)
    a = OwnedPrimaryKeyField(
        model=Contact, help_text=_("Id of the contact asked first: the one who needs something.")
    )
    b = OwnedPrimaryKeyField(
        model=Contact, help_text=_("Id of the contact they would meet: the one who offers it.")
    )
    reason = serializers.CharField(allow_blank=True, required=False, default="")
    status = serializers.ChoiceField(choices=IntroductionStatus.choices, read_only=True)
    date = serializers.DateField(read_only=True, allow_null=True)
    need = serializers.IntegerField(
        source="need_id",
        read_only=True,
        allow_null=True,
        help_text=_("Id of the need it is for, if known."),
    )
    offer = serializers.IntegerField(
        source="offer_id",
        read_only=True,
        allow_null=True,
        help_text=_("Id of the offer that meets it, if known."),
    )
    outcome_kind = serializers.ChoiceField(
        choices=Outcome.choices, read_only=True, allow_blank=True
    )
    outcome = serializers.CharField(read_only=True)
    value = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True
    )
    currency = serializers.CharField(read_only=True)
    proposed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    answered_at = serializers.DateTimeField(read_only=True, allow_null=True)
    made_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def validate(self, attrs):
        if attrs["a"].pk == attrs["b"].pk:
            raise serializers.ValidationError(
                {"b": [_("A contact cannot be introduced to themselves.")]}, code="self"
            )
        return attrs


class IntroductionProposedSerializer(IntroductionSerializer):
    message = DraftSerializer(
        read_only=True, help_text=_("The question to the first contact, in their language.")
    )


class IntroductionMadeSerializer(IntroductionSerializer):
    messages = DraftSerializer(
        many=True,
        read_only=True,
        help_text=_("The introduction as sent to each of the two, each in their language."),
    )


class IntroductionAnswerSerializer(serializers.Serializer):
    accepted = serializers.BooleanField(help_text=_("Whether the first contact said yes."))


class IntroductionCloseSerializer(serializers.Serializer):
    outcome_kind = serializers.ChoiceField(choices=Outcome.choices)
    outcome = serializers.CharField(allow_blank=True, required=False, default="")
    value = MoneyField(help_text=_("Value of the business done, if any."))
    currency = CurrencyField()


class FavorSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    contact = OwnedPrimaryKeyField(model=Contact, help_text=_("Id of one of your contacts."))
    flow = serializers.ChoiceField(
        choices=Flow.choices, help_text=_("Whether you gave it or received it.")
    )
    kind = serializers.ChoiceField(choices=FavorKind.choices, default=FavorKind.HELP)
    date = serializers.DateField(
        allow_null=True, required=False, default=None, help_text=_("Today when not given.")
    )
    description = serializers.CharField(max_length=500)
    value = MoneyField()
    currency = CurrencyField()
    created_at = serializers.DateTimeField(read_only=True)


class LedgerSerializer(serializers.Serializer):
    """What was given and received, counted by kind."""

    gave = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_("Introductions, referrals, favours and interactions you gave."),
    )
    received = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("The same, received.")
    )
    gave_total = serializers.IntegerField()
    received_total = serializers.IntegerField()
    mutual = serializers.IntegerField(
        help_text=_("Interactions where value went both ways: on neither side of the balance.")
    )
    balance = serializers.IntegerField(
        help_text=_("Given minus received: positive when you gave more.")
    )
    referral_value_gave = serializers.DictField(
        child=serializers.DecimalField(max_digits=None, decimal_places=2),
        help_text=_("Value of the business you referred, by currency."),
    )
    referral_value_received = serializers.DictField(
        child=serializers.DecimalField(max_digits=None, decimal_places=2),
        help_text=_("Value of the business referred to you, by currency."),
    )
