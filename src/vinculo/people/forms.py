"""Forms for people. They validate and clean; the views hand the data to services."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from .phones import phone_normalize


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def _commas(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


class LinesField(forms.CharField):
    """One item per line in a textarea, a list in ``cleaned_data``."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        return _lines(super().to_python(value))


class CommaField(forms.CharField):
    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        return _commas(super().to_python(value))


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    organization = forms.CharField(label=_("Organization"), max_length=200, required=False)
    title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    emails = LinesField(label=_("Emails"), required=False, help_text=_("One per line."))
    phones = LinesField(label=_("Phones"), required=False, help_text=_("One per line."))
    urls = LinesField(label=_("Web pages"), required=False, help_text=_("One per line."))
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    country = forms.CharField(
        label=_("Country"), max_length=2, required=False, help_text=_("Two letters: ES, MX, AR…")
    )
    languages = CommaField(
        label=_("Languages"), required=False, help_text=_("Codes separated by commas: es, en.")
    )
    tags = CommaField(label=_("Tags"), required=False, help_text=_("Separated by commas."))
    does = forms.CharField(
        label=_("What they do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    offers = LinesField(
        label=_("What they offer"), required=False, help_text=_("One offer per line.")
    )
    needs = LinesField(label=_("What they need"), required=False, help_text=_("One need per line."))
    expects = forms.CharField(
        label=_("What they expect from the relationship"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    met_on = forms.DateField(
        label=_("Met on"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    met_where = forms.CharField(label=_("Met where"), max_length=200, required=False)
    strength = forms.FloatField(
        label=_("Strength of the tie"),
        required=False,
        min_value=0,
        max_value=1,
        help_text=_("From 0 to 1; empty lets Vínculo work it out; 0 means no direct tie."),
        widget=forms.NumberInput(attrs={"step": "0.1"}),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_emails(self):
        emails = self.cleaned_data["emails"]
        validate = EmailValidator()
        for email in emails:
            try:
                validate(email)
            except ValidationError as exc:
                raise ValidationError(
                    _("“%(value)s” is not a valid email address."),
                    code="invalid_email",
                    params={"value": email},
                ) from exc
        return emails

    def clean_phones(self):
        return [phone_normalize(phone) for phone in self.cleaned_data["phones"]]

    def clean_urls(self):
        urls = []
        validate = URLValidator()
        for url in self.cleaned_data["urls"]:
            if "://" not in url:
                url = "https://" + url
            try:
                validate(url)
            except ValidationError as exc:
                raise ValidationError(
                    _("“%(value)s” is not a web address."),
                    code="invalid_url",
                    params={"value": url},
                ) from exc
            urls.append(url)
        return urls

    def clean_country(self):
        country = self.cleaned_data["country"].strip().upper()
        if country and (len(country) != 2 or not country.isalpha()):
            raise ValidationError(_("Use the two-letter country code, e.g. ES."), code="country")
        return country

    @classmethod
    def initial_for(cls, contact) -> dict:
        return {
            "name": contact.name,
            "organization": contact.organization.name if contact.organization_id else "",
            "title": contact.title,
            "emails": contact.emails,
            "phones": contact.phones,
            "urls": contact.urls,
            "city": contact.city,
            "country": contact.country,
            "languages": contact.languages,
            "tags": [t.name for t in contact.tags.all()],
            "does": contact.does,
            "offers": [o.text for o in contact.offers.all()],
            "needs": [n.text for n in contact.needs.all()],
            "expects": contact.expects,
            "met_on": contact.met_on,
            "met_where": contact.met_where,
            "strength": contact.strength,
            "notes": contact.notes,
        }


class QuickAddForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autofocus": True})
    )
    where = forms.CharField(label=_("Where"), max_length=200, required=False)
    line = forms.CharField(
        label=_("One line to remember them"),
        max_length=500,
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("Designer, looking for clients in tourism")}
        ),
    )


class TieForm(forms.Form):
    other = forms.CharField(label=_("Who do they know?"), max_length=200)
    strength = forms.FloatField(
        label=_("Strength"),
        required=False,
        min_value=0,
        max_value=1,
        widget=forms.NumberInput(attrs={"step": "0.1"}),
    )
    how = forms.CharField(label=_("How they know each other"), max_length=300, required=False)


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("My name"), max_length=200, required=False)
    does = forms.CharField(
        label=_("What I do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    offers = LinesField(label=_("What I offer"), required=False, help_text=_("One per line."))
    needs = LinesField(label=_("What I need"), required=False, help_text=_("One per line."))
    pitch = forms.CharField(
        label=_("My pitch"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences: what you do and offer."),
    )
    synonyms = forms.CharField(
        label=_("My synonyms"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Words that mean the same to you, one group per line, separated by commas: "
            "tpv, datáfono, card terminal."
        ),
    )
