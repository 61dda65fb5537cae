from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import Direction, EventKind, InteractionKind


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


class CadenceForm(forms.Form):
    """Keep in touch every so many days: the ideal interval, and the longest acceptable."""

    ideal_days = forms.IntegerField(label=_("Ideally every (days)"), min_value=1, max_value=3650)
    max_days = forms.IntegerField(label=_("At the most every (days)"), min_value=1, max_value=3650)

    def clean(self):
        data = super().clean()
        ideal, most = data.get("ideal_days"), data.get("max_days")
        if ideal and most and most < ideal:
            self.add_error("max_days", _("The maximum cannot be shorter than the ideal."))
        return data


class TagCadenceForm(CadenceForm):
    tag = forms.ChoiceField(label=_("Tag"))
    field_order = ["tag", "ideal_days", "max_days"]

    def __init__(self, *args, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [(t.pk, t.name) for t in tags]


class FollowUpForm(forms.Form):
    due = forms.DateField(
        label=_("When"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    note = forms.CharField(label=_("What to do"), required=False, max_length=500)


class FollowUpDoneForm(forms.Form):
    """Done; with a kind, the interaction is logged on the timeline as well."""

    kind = forms.ChoiceField(
        label=_("What you did"),
        required=False,
        choices=[("", _("nothing to log")), *InteractionKind.choices],
    )
    summary = forms.CharField(label=_("Summary"), required=False, max_length=2000)


SNOOZE_DAYS = (1, 7)


class SnoozeForm(forms.Form):
    days = forms.TypedChoiceField(
        coerce=int, choices=[(d, d) for d in SNOOZE_DAYS], initial=SNOOZE_DAYS[0]
    )


class EventForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *EventKind.choices], required=False
    )
    date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if kind and kind not in EventKind.values:
            # An imported kind that is none of ours stays selectable, so saving keeps it.
            self.fields["kind"].choices = [*self.fields["kind"].choices, (kind, kind)]

    @classmethod
    def initial_for(cls, event) -> dict:
        return {
            "name": event.name,
            "kind": event.kind,
            "date": event.date,
            "place": event.place,
            "notes": event.notes,
        }


class EventQuickAddForm(forms.Form):
    """The capture at an event: a name and one line; the day and place come from the event."""

    name = forms.CharField(
        label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autofocus": True})
    )
    line = forms.CharField(
        label=_("One line to remember them"),
        max_length=500,
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("Designer, looking for clients in tourism")}
        ),
    )
