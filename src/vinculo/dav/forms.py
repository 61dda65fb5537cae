from django import forms
from django.utils.translation import gettext_lazy as _


class AppPasswordForm(forms.Form):
    label = forms.CharField(
        label=_("Device"),
        max_length=80,
        help_text=_("A name to recognise it by, such as “Ana's phone”."),
    )
