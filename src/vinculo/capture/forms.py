from django import forms
from django.utils.translation import gettext_lazy as _


class CardPhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo of the business card"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text=_("Hold the phone straight over the card, with good light."),
    )
