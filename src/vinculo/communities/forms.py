from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .enums import Role, Visibility


class WorkspaceCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class WorkspaceEditForm(forms.Form):
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)


class WorkspaceOwnerEditForm(WorkspaceCreateForm):
    pass


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _visibility_field(label):
    return forms.ChoiceField(label=label, choices=Visibility.choices, initial=Visibility.MEMBERS)


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    does = forms.CharField(label=_("What I do"), widget=forms.Textarea, required=False)
    does_visibility = _visibility_field(_("Who sees it"))
    offers = forms.CharField(
        label=_("What I offer"),
        widget=forms.Textarea,
        required=False,
        help_text=_("One per line."),
    )
    offers_visibility = _visibility_field(_("Who sees it"))
    needs = forms.CharField(
        label=_("What I need"),
        widget=forms.Textarea,
        required=False,
        help_text=_("One per line."),
    )
    needs_visibility = _visibility_field(_("Who sees it"))
    pitch = forms.CharField(label=_("My pitch"), widget=forms.Textarea, required=False)
    pitch_visibility = _visibility_field(_("Who sees it"))
    sector = forms.CharField(label=_("Sector"), max_length=120, required=False)
    sector_visibility = _visibility_field(_("Who sees it"))
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    city_visibility = _visibility_field(_("Who sees it"))

    def cleaned_lists(self) -> dict[str, list[str]]:
        return {
            "offers": _lines(self.cleaned_data["offers"]),
            "needs": _lines(self.cleaned_data["needs"]),
        }


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class InvitationLinkForm(forms.Form):
    expires_on = forms.DateField(
        label=_("Valid until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class InvitationEmailForm(InvitationLinkForm):
    email = forms.EmailField(label=_("Email"))
