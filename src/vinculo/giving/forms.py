from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import FavorKind, Flow, Outcome


class OutcomeForm(forms.Form):
    outcome_kind = forms.ChoiceField(label=_("What came of it"), choices=Outcome.choices)
    outcome = forms.CharField(
        label=_("In a few words"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    value = forms.DecimalField(
        label=_("Value of the business"), required=False, min_value=0, decimal_places=2
    )
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3, initial="EUR")


class FavorForm(forms.Form):
    flow = forms.ChoiceField(label=_("Direction"), choices=Flow.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=FavorKind.choices)
    description = forms.CharField(label=_("What"), max_length=500)
    date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


class ReferralForm(forms.Form):
    flow = forms.ChoiceField(label=_("Direction"), choices=Flow.choices)
    description = forms.CharField(label=_("What business"), max_length=500)
    value = forms.DecimalField(label=_("Value"), required=False, min_value=0, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3, initial="EUR")
    date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
