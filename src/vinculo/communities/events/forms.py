from django import forms
from django.utils.translation import gettext_lazy as _

from .services import MAX_ROUNDS, MAX_TABLE_SIZE


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        required=False,
        help_text=_("How many people fit; leave it empty when there is no limit."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class ScheduleForm(forms.Form):
    rounds = forms.IntegerField(
        label=_("Rounds"),
        min_value=1,
        max_value=MAX_ROUNDS,
        initial=3,
        help_text=_("How many times everyone changes partner."),
    )
    table_size = forms.IntegerField(
        label=_("People per meeting"),
        min_value=2,
        max_value=MAX_TABLE_SIZE,
        initial=2,
        help_text=_("2 for one-to-one meetings; more for small tables."),
    )
