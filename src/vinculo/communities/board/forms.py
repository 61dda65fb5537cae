from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .enums import PostKind


class PostForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("I…"),
        choices=[(PostKind.ASK, _("ask for something")), (PostKind.OFFER, _("offer something"))],
        widget=forms.RadioSelect,
        initial=PostKind.ASK,
    )
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": _("Does anyone know a good accountant in Seville?")}
        ),
        max_length=4000,
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class PostEditForm(PostForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class ReferralForm(forms.Form):
    message = forms.CharField(
        label=_("How could this person help? (the asker reads this)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    contact = forms.IntegerField(required=False, widget=forms.HiddenInput)
    description = forms.CharField(
        label=_("Or describe them in words (only you see this)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )


class ReferralConfirmForm(forms.Form):
    name = forms.CharField(label=_("Their name"), max_length=200)
    email = forms.CharField(label=_("Email to share"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone to share"), max_length=60, required=False)
