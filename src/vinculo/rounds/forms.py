from django import forms
from django.utils.translation import gettext_lazy as _

from .planning import MAX_ROUNDS, MAX_TABLE_SIZE


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
