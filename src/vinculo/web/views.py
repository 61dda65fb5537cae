"""HTML pages. Thin: parse the request, call one service or selector, render."""

import functools
from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.defaultfilters import capfirst, linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vinculo.accounts import services as accounts_services
from vinculo.activity import services as activity_services
from vinculo.activity.enums import Direction, InteractionKind
from vinculo.activity.forms import InteractionForm
from vinculo.activity.selectors import interaction_get
from vinculo.giving import selectors as giving_selectors
from vinculo.giving.forms import FavorForm, ReferralForm
from vinculo.people import selectors, services
from vinculo.people.forms import ContactForm, ProfileForm, QuickAddForm, TieForm

from . import giving
from .helpers import is_htmx
from .selectors import (
    contact_count,
    contact_facts,
    contact_list_rows,
    contact_page_get,
    contact_timeline_page,
    dashboard_summary,
)

PAGE_SIZE = 50
TIMELINE_PAGE = 20  # entries of the contact page's timeline; "Older" brings the next ones


class IdsFirstPaginator(Paginator):
    """Pages of a long ordered list that cost the same on page 1 and page 500.

    A page is read in two steps: the page's ids in order, from the ordering index alone,
    then only those rows (by id, so SQLite looks them up instead of walking the index),
    put back in the order of the ids. With one query, ``OFFSET`` makes SQLite read and
    join every row before the page (60 ms for page 500 of 50,000 contacts).

    With ``first_ids``, the first pages read up to that many ids + 1 at once: when fewer
    come back, they are the whole list and its length is the count, so the ``COUNT`` that
    would scan every row a second time is not needed. Worth it where counting is as dear
    as reading (a search: ``LIKE '%word%'`` scans all the contacts either way).

    With ``rows``, a page's objects are ``rows(ids)`` (plain rows in the order of the ids)
    instead of the model instances of ``object_list``; with ``count``, the length of
    ``object_list`` is that, not counted.
    """

    def __init__(
        self, object_list, per_page, *, first_ids: int = 0, rows=None, count=None, **kwargs
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.first_ids = first_ids
        self.rows = rows
        if count is not None:
            self.__dict__["count"] = count  # the cached property, known by the caller

    def get_page(self, number):
        self._ids = self._leading_ids(number)
        return super().get_page(number)

    def _leading_ids(self, number) -> list | None:
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        if not self.first_ids or number * self.per_page > self.first_ids:
            return None
        ids = list(self.object_list.values_list("pk", flat=True)[: self.first_ids + 1])
        if len(ids) <= self.first_ids:
            self.__dict__["count"] = len(ids)  # the cached property, known without a query
        return ids

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        leading = getattr(self, "_ids", None)
        if leading is not None and top <= len(leading):
            ids = leading[bottom:top]
        else:
            ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        if self.rows is not None:
            return self._get_page(self.rows(ids), number, self)
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids).order_by()}
        # A row deleted between the two reads is left out rather than failing the page.
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


_blank_forms: dict[tuple, dict] = {}


def _blank_form(form_class, *, prefix: str | None = None) -> dict:
    """An empty form's fields rendered as HTML (``{{ form.field }}``, ``{{ form.as_div }}``),
    once per language and day (a date field starts on today) instead of on every page:
    rendering the four forms of the contact page through their widget templates took more
    time than all of its queries."""
    key = (form_class, prefix, get_language(), timezone.localdate())
    rendered = _blank_forms.get(key)
    if rendered is None:
        form = form_class(prefix=prefix)
        rendered = {name: form[name].as_field_group() for name in form.fields}
        rendered["as_div"] = form.as_div()
        if len(_blank_forms) > 100:  # yesterday's, other languages: start again
            _blank_forms.clear()
        _blank_forms[key] = rendered
    return rendered


@functools.lru_cache(maxsize=4096)
def _day(on, language: str) -> str:
    """``{{ on|date:"DATE_FORMAT" }}`` in ``language``, worked out once per day shown."""
    return date_format(on, "DATE_FORMAT")


def _timeline_context(request, interactions) -> dict:
    """What the timeline's entries (``detail.html#interaction``) need: the entries, and
    the CSRF field and the label of their delete buttons, made once for all of them."""
    return {
        "timeline": _timeline_entries(interactions),
        "csrf_input": format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        ),
        "delete_label": _("Delete"),
    }


def _timeline_entries(interactions) -> list:
    """The interactions, each with what its entry shows already as text: ``kind_text``,
    ``direction_text``, ``date_text``, ``summary_html``, ``html_id`` and ``delete_url``.

    Done here once per entry rather than through filters, URL and number formatting in the
    template: with 100 entries those took most of the contact page's time."""
    head, tail = reverse("interactions.delete", kwargs={"interaction_id": 0}).rsplit("0", 1)
    kinds = {value: capfirst(str(label)) for value, label in InteractionKind.choices}
    directions = {value: str(label) for value, label in Direction.choices}
    language = get_language()
    interactions = list(interactions)
    for interaction in interactions:
        interaction.kind_text = kinds.get(interaction.kind, interaction.kind)
        interaction.direction_text = directions.get(interaction.direction, interaction.direction)
        interaction.date_text = _day(interaction.date, language)
        interaction.summary_html = linebreaksbr(interaction.summary, autoescape=True)
        interaction.html_id = f"interaction-{interaction.pk}"
        interaction.delete_url = f"{head}{interaction.pk}{tail}"
    return interactions


def dashboard(request):
    """The network in figures; whom you could help comes after the page
    (``dashboard_give_first``), as does the ledger."""
    return render(
        request,
        "web/dashboard.html",
        {"summary": dashboard_summary(user=request.user), "quick_form": QuickAddForm()},
    )


def dashboard_give_first(request):
    """The dashboard's suggestions and givers to thank, loaded after it: reading and
    ranking them took as long as the rest of the dashboard."""
    return render(
        request,
        "web/dashboard.html#give-first",
        giving.dashboard_context(user=request.user),
    )


def contact_list(request):
    query = request.GET.get("q", "").strip()
    tag = request.GET.get("tag", "").strip()
    contacts = contact_list_rows(user=request.user, query=query, tag=tag)
    # A search scans every contact however few match: read up to 2,000 of them at once and
    # count those, instead of a second scan to count.
    paginator = IdsFirstPaginator(
        contacts,
        PAGE_SIZE,
        first_ids=2000 if query else 0,
        rows=lambda ids: selectors.contact_rows(user=request.user, ids=ids),
        # The whole network: its count is kept between requests (counting reads every row).
        count=None if query or tag else contact_count(user=request.user),
    )
    page = paginator.get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "tag": tag}
    if is_htmx(request):
        return render(request, "web/contacts/list.html#rows", context)
    context["tags"] = selectors.tag_list(user=request.user)
    return render(request, "web/contacts/list.html", context)


def _timeline_cursor(value: str) -> tuple[date, int] | None:
    """``?before=2026-03-13.1234`` (the date and id of the last entry shown) as a pair;
    None for anything else, which shows the newest entries."""
    on, _sep, pk = value.partition(".")
    try:
        return date.fromisoformat(on), int(pk)
    except ValueError:
        return None


def contact_detail(request, contact_id: int):
    """The contact page, with the newest entries of the timeline. ``?before=`` starts the
    timeline further back: through htmx (the "Older" link) only those entries come back,
    to be appended; without it, the page shows them."""
    contact = contact_page_get(user=request.user, contact_id=contact_id)
    before = _timeline_cursor(request.GET.get("before", ""))
    timeline = contact_timeline_page(contact=contact, before=before, size=TIMELINE_PAGE)
    context = {
        "contact": contact,
        "before": before,
        **_timeline_context(request, timeline.entries),
        "older_url": (
            f"{contact.get_absolute_url()}?before={timeline.older[0].isoformat()}.{timeline.older[1]}"
            if timeline.older
            else ""
        ),
    }
    if before is not None and is_htmx(request):
        return render(request, "web/contacts/detail.html#timeline-page", context)
    return render(
        request,
        "web/contacts/detail.html",
        {
            **context,
            "facts": contact_facts(contact=contact),
            # The ledger's totals come after the page (``contact_ledger``).
            "favors": giving_selectors.favor_list(user=request.user, contact=contact)[:20],
            "referrals": giving_selectors.referral_list(user=request.user, contact=contact)[:20],
            "ties": selectors.contact_ties(contact=contact),
            "interaction_form": _blank_form(InteractionForm),
            "tie_form": _blank_form(TieForm),
            "favor_form": _blank_form(FavorForm, prefix="favor"),
            "referral_form": _blank_form(ReferralForm, prefix="referral"),
        },
    )


def contact_ledger(request, contact_id: int):
    """The contact page's given / received totals, loaded after it: eight counts over the
    contact's interactions, introductions, favours and referrals."""
    contact = selectors.contact_get(user=request.user, contact_id=contact_id)
    return render(
        request,
        "web/contacts/detail.html#ledger-totals",
        {
            "contact": contact,
            "ledger": giving_selectors.ledger_get(user=request.user, contact=contact),
        },
    )


def contact_create(request):
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact = services.contact_create(owner=request.user, **form.cleaned_data)
        messages.success(request, _("%(name)s was added.") % {"name": contact.name})
        return redirect(contact)
    return render(request, "web/contacts/form.html", {"form": form, "contact": None})


def contact_edit(request, contact_id: int):
    contact = selectors.contact_get(user=request.user, contact_id=contact_id)
    form = ContactForm(request.POST or None, initial=ContactForm.initial_for(contact))
    if request.method == "POST" and form.is_valid():
        services.contact_update(contact=contact, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect(contact)
    return render(request, "web/contacts/form.html", {"form": form, "contact": contact})


@require_POST
def contact_delete(request, contact_id: int):
    contact = selectors.contact_get(user=request.user, contact_id=contact_id)
    name = contact.name
    services.contact_delete(contact=contact)
    messages.success(request, _("%(name)s was deleted.") % {"name": name})
    return redirect("contacts.list")


def contact_quick_add(request):
    last_where = request.session.get("quick_add_where", "")
    form = QuickAddForm(request.POST or None, initial={"where": last_where})
    if request.method == "POST" and form.is_valid():
        contact = services.contact_quick_add(owner=request.user, **form.cleaned_data)
        request.session["quick_add_where"] = form.cleaned_data["where"]
        messages.success(
            request,
            _("%(name)s is in your network. Add another?") % {"name": contact.name},
        )
        return redirect("contacts.quick_add")
    return render(request, "web/contacts/quick_add.html", {"form": form})


@require_POST
def interaction_create(request, contact_id: int):
    contact = selectors.contact_get(user=request.user, contact_id=contact_id)
    form = InteractionForm(request.POST)
    if form.is_valid():
        interaction = activity_services.interaction_log(
            owner=request.user, contact=contact, **form.cleaned_data
        )
        if is_htmx(request):
            return render(
                request,
                "web/contacts/detail.html#interaction",
                {
                    **_timeline_context(request, [interaction]),
                    "interaction": _timeline_entries([interaction])[0],
                    "contact": contact,
                },
            )
        messages.success(request, _("Interaction logged."))
    else:
        messages.error(request, _("The interaction could not be saved: check the date."))
    return redirect(contact)


@require_POST
def interaction_delete(request, interaction_id: int):
    interaction = interaction_get(user=request.user, interaction_id=interaction_id)
    contact = interaction.contact
    activity_services.interaction_delete(interaction=interaction)
    if is_htmx(request):
        return HttpResponse("")
    return redirect(contact)


@require_POST
def tie_create(request, contact_id: int):
    contact = selectors.contact_get(user=request.user, contact_id=contact_id)
    form = TieForm(request.POST)
    if form.is_valid():
        matches = [
            c
            for c in selectors.contact_find(user=request.user, ref=form.cleaned_data["other"])
            if c.pk != contact.pk
        ]
        if len(matches) == 1:
            services.tie_create(
                owner=request.user,
                a=contact,
                b=matches[0],
                strength=form.cleaned_data["strength"],
                how=form.cleaned_data["how"],
            )
            messages.success(request, _("Tie saved."))
        elif not matches:
            messages.error(
                request,
                _("No contact is called “%(name)s”.") % {"name": form.cleaned_data["other"]},
            )
        else:
            messages.error(
                request,
                _("Several contacts are called “%(name)s”; open the right one and add it there.")
                % {"name": form.cleaned_data["other"]},
            )
    else:
        messages.error(request, _("The tie could not be saved: the strength goes from 0 to 1."))
    return redirect(reverse("contacts.detail", kwargs={"contact_id": contact.pk}) + "#ties")


@require_POST
def tie_delete(request, tie_id: int):
    tie = selectors.tie_get(user=request.user, tie_id=tie_id)
    back = request.POST.get("contact")
    services.tie_delete(tie=tie)
    if back and back.isdigit() and int(back) in (tie.a_id, tie.b_id):
        return redirect(reverse("contacts.detail", kwargs={"contact_id": int(back)}) + "#ties")
    return redirect(tie.a)


def profile(request):
    user = request.user
    initial = {
        "display_name": user.display_name,
        "does": user.does,
        "pitch": user.pitch,
        "synonyms": user.synonyms,
        "offers": selectors.profile_offers(user=user),
        "needs": selectors.profile_needs(user=user),
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=user, **form.cleaned_data)
        messages.success(request, _("Your profile was saved."))
        return redirect("web.profile")
    return render(
        request,
        "web/profile.html",
        {"form": form, "api_token": accounts_services.api_token_get(user=user)},
    )


@require_POST
def api_token_renew(request):
    accounts_services.api_token_renew(user=request.user)
    messages.success(request, _("A new API token was created; the old one no longer works."))
    return redirect(reverse("web.profile") + "#api")
