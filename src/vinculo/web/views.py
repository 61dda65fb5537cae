"""HTML pages. Thin: parse the request, call one service or selector, render."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vinculo.accounts import services as accounts_services
from vinculo.activity import services as activity_services
from vinculo.activity.forms import InteractionForm
from vinculo.activity.selectors import interaction_get
from vinculo.people import selectors, services
from vinculo.people.forms import ContactForm, ProfileForm, QuickAddForm, TieForm

from . import giving
from .selectors import contact_list_rows, dashboard_summary

PAGE_SIZE = 50


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
    """

    def __init__(self, object_list, per_page, *, first_ids: int = 0, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.first_ids = first_ids

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
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids).order_by()}
        # A row deleted between the two reads is left out rather than failing the page.
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def dashboard(request):
    return render(
        request,
        "web/dashboard.html",
        {
            "summary": dashboard_summary(user=request.user),
            "quick_form": QuickAddForm(),
            **giving.dashboard_context(user=request.user),
        },
    )


def contact_list(request):
    query = request.GET.get("q", "").strip()
    tag = request.GET.get("tag", "").strip()
    contacts = contact_list_rows(user=request.user, query=query, tag=tag)
    # A search scans every contact however few match: read up to 2,000 of them at once and
    # count those, instead of a second scan to count.
    paginator = IdsFirstPaginator(contacts, PAGE_SIZE, first_ids=2000 if query else 0)
    page = paginator.get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "tag": tag}
    if _is_htmx(request):
        return render(request, "web/contacts/list.html#rows", context)
    context["tags"] = selectors.tag_list(user=request.user)
    return render(request, "web/contacts/list.html", context)


def contact_detail(request, contact_id: int):
    contact = selectors.contact_get(user=request.user, contact_id=contact_id)
    return render(
        request,
        "web/contacts/detail.html",
        {
            "contact": contact,
            "timeline": selectors.contact_timeline(contact=contact)[:100],
            "ties": selectors.contact_ties(contact=contact),
            "interaction_form": InteractionForm(),
            "tie_form": TieForm(),
            **giving.contact_context(user=request.user, contact=contact),
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
        if _is_htmx(request):
            return render(
                request,
                "web/contacts/detail.html#interaction",
                {"interaction": interaction, "contact": contact},
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
    if _is_htmx(request):
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
