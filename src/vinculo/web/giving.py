"""Pages of the give–give side: suggested introductions, the introduction flow, favours."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vinculo.giving import selectors, services
from vinculo.giving.forms import FavorForm, OutcomeForm, ReferralForm
from vinculo.people.selectors import contact_get


def contact_suggestions(request, contact_id: int):
    """Who could help a contact and whom they could help: loaded after the contact page."""
    user = request.user
    contact = contact_get(user=user, contact_id=contact_id)
    return render(
        request,
        "web/contacts/_suggestions.html",
        {
            "who_could_help": selectors.suggestion_list(
                user=user, contact=contact, side="needs", limit=5
            ),
            "whom_they_could_help": selectors.suggestion_list(
                user=user, contact=contact, side="offers", limit=5
            ),
        },
    )


def contact_context(*, user, contact) -> dict:
    """What the contact page shows of the give–give side (its suggestions come after the
    page: ``contact_suggestions``)."""
    return {
        "ledger": selectors.ledger_get(user=user, contact=contact),
        "favors": selectors.favor_list(user=user, contact=contact)[:20],
        "favor_form": FavorForm(prefix="favor"),
        "referral_form": ReferralForm(prefix="referral"),
        "referrals": selectors.referral_list(user=user, contact=contact)[:20],
    }


def dashboard_context(*, user) -> dict:
    """Give first: whom you could help this week, and who has been giving to you.

    The network's ledger counts every interaction, so it comes after the page
    (``dashboard_ledger``)."""
    return {
        "could_help": selectors.suggestion_list(user=user, mine=True, side="offers", limit=5),
        "givers": selectors.givers_to_thank(user=user),
    }


def dashboard_ledger(request):
    """The dashboard's sentence on what was given and received across the network."""
    ledger = selectors.ledger_get(user=request.user)
    return render(request, "web/_ledger_total.html", {"ledger": ledger})


def introductions(request):
    user = request.user
    return render(
        request,
        "web/introductions/list.html",
        {
            "suggestions": selectors.suggestion_list(user=user, limit=30),
            "mine": selectors.suggestion_list(user=user, limit=10, mine=True),
            "introductions": selectors.introduction_list(user=user)[:50],
        },
    )


@require_POST
def suggestion_dismiss(request, match_id: int):
    match = selectors.match_get(user=request.user, match_id=match_id)
    services.match_dismiss(match=match)
    if request.headers.get("HX-Request") == "true":
        return render(request, "web/introductions/dismissed.html")
    messages.success(request, _("Suggestion dismissed."))
    return redirect("introductions.list")


@require_POST
def suggestion_propose(request, match_id: int):
    match = selectors.match_get(user=request.user, match_id=match_id)
    try:
        introduction, _draft = services.introduction_propose_match(owner=request.user, match=match)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("introductions.list")
    return redirect("introductions.detail", introduction_id=introduction.pk)


def introduction_detail(request, introduction_id: int):
    introduction = selectors.introduction_get(user=request.user, introduction_id=introduction_id)
    context = {"introduction": introduction, "outcome_form": OutcomeForm()}
    if introduction.status in ("proposed", "suggested"):
        context["ask"] = services.introduction_draft_ask(introduction=introduction)
    if introduction.status in ("accepted", "made", "closed"):
        context["intro_drafts"] = services.introduction_drafts_make(introduction=introduction)
    return render(request, "web/introductions/detail.html", context)


def _step(request, introduction_id: int, action):
    introduction = selectors.introduction_get(user=request.user, introduction_id=introduction_id)
    try:
        action(introduction)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("introductions.detail", introduction_id=introduction.pk)


@require_POST
def introduction_send_ask(request, introduction_id: int):
    def send(introduction):
        draft = services.introduction_draft_ask(introduction=introduction)
        if not draft.to:
            raise ValidationError(
                _("%(name)s has no email address: copy the message instead.")
                % {"name": introduction.a.name}
            )
        services.draft_send(draft=draft)
        messages.success(request, _("Message sent to %(name)s.") % {"name": introduction.a.name})

    return _step(request, introduction_id, send)


@require_POST
def introduction_answer(request, introduction_id: int):
    accepted = request.POST.get("answer") == "yes"
    return _step(
        request,
        introduction_id,
        lambda i: services.introduction_answer(introduction=i, accepted=accepted),
    )


@require_POST
def introduction_make(request, introduction_id: int):
    def make(introduction):
        services.introduction_make(introduction=introduction, send=True)
        messages.success(request, _("Introduction sent to both."))

    return _step(request, introduction_id, make)


@require_POST
def introduction_close(request, introduction_id: int):
    form = OutcomeForm(request.POST)

    def close(introduction):
        if not form.is_valid():
            raise ValidationError(_("Check the outcome: the value is a number."))
        services.introduction_close(introduction=introduction, **form.cleaned_data)
        messages.success(request, _("Outcome saved."))

    return _step(request, introduction_id, close)


@require_POST
def favor_create(request, contact_id: int):
    contact = contact_get(user=request.user, contact_id=contact_id)
    form = FavorForm(request.POST, prefix="favor")
    if form.is_valid():
        services.favor_record(owner=request.user, contact=contact, **form.cleaned_data)
        messages.success(request, _("Saved in the ledger."))
    else:
        messages.error(request, _("Say what was given or received."))
    return redirect(contact.get_absolute_url() + "#ledger")


@require_POST
def referral_create(request, contact_id: int):
    contact = contact_get(user=request.user, contact_id=contact_id)
    form = ReferralForm(request.POST, prefix="referral")
    if form.is_valid():
        services.referral_record(owner=request.user, contact=contact, **form.cleaned_data)
        messages.success(request, _("Saved in the ledger."))
    else:
        messages.error(request, _("Say what business was passed on; the value is a number."))
    return redirect(contact.get_absolute_url() + "#ledger")
