from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import Direction, InteractionKind


class InteractionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InteractionKind.choices)
    direction = forms.ChoiceField(
        label=_("Who gave"), choices=Direction.choices, initial=Direction.MUTUAL
    )
    date = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
