from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Frequency


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Send me the community's digest"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
    )
