"""Pages of member introductions: who in the community could help me and whom I could
help, my introductions (double opt-in: accept or decline, then say how it went), and for
organisers the best introductions to make this week.

Every page starts from the viewer's membership (``workspace_membership_get``): another
workspace answers 404; an action the viewer's role may not take answers 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vinculo.communities import selectors, services
from vinculo.communities.enums import IntroductionOutcome, IntroductionStatus

from .helpers import flash_errors


def _url_for(request, slug: str):
    def url_for(introduction) -> str:
        path = reverse(
            "communities.intro", kwargs={"workspace_slug": slug, "intro_id": introduction.pk}
        )
        return request.build_absolute_uri(path)

    return url_for


def introductions(request, workspace_slug: str):
    """People who could help me, people I could help, and my introductions."""
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    helps_you = selectors.who_could_help(viewer=viewer)
    you_help = selectors.whom_you_could_help(viewer=viewer)
    # Someone who could help you and whom you could help is one card, with both reasons:
    # one person, one button to ask for the introduction.
    helping = {s.other_id for s in helps_you}
    also = {s.other_id: s.reason for s in you_help if s.other_id in helping}
    return render(
        request,
        "web/communities/intros/list.html",
        {
            "viewer": viewer,
            "workspace": viewer.workspace,
            "helps_you": [(s, also.get(s.other_id, "")) for s in helps_you],
            "you_help": [s for s in you_help if s.other_id not in helping],
            "you_help_above": bool(also),
            "introductions": [
                (i, selectors.introduction_side(viewer=viewer, introduction=i))
                for i in selectors.introduction_list(viewer=viewer)
            ],
        },
    )


def organisers(request, workspace_slug: str):
    """For organisers: the best introductions to make this week, and the latest ones."""
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    if not viewer.is_organiser:
        raise PermissionDenied
    return render(
        request,
        "web/communities/intros/organisers.html",
        {
            "viewer": viewer,
            "workspace": viewer.workspace,
            "suggestions": selectors.organiser_introductions(viewer=viewer),
            "recent": selectors.workspace_introductions(viewer=viewer),
            "stats": selectors.member_matches_stats(viewer=viewer),
        },
    )


@require_POST
def ask(request, workspace_slug: str, member_id: int):
    """Ask to be introduced to a member (my acceptance goes with the request)."""
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    other = selectors.member_get(viewer=viewer, member_id=member_id)
    try:
        introduction = services.introduction_request(
            actor=viewer,
            other=other,
            message=request.POST.get("message", ""),
            url_for=_url_for(request, workspace_slug),
        )
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("communities.intros", workspace_slug=workspace_slug)
    messages.success(
        request,
        _("Introduction requested: %(name)s will be asked whether they accept.")
        % {"name": other.name},
    )
    return redirect("communities.intro", workspace_slug=workspace_slug, intro_id=introduction.pk)


@require_POST
def propose(request, workspace_slug: str):
    """An organiser proposes that two members meet."""
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    if not viewer.is_organiser:
        raise PermissionDenied
    try:
        first_id, second_id = int(request.POST["first"]), int(request.POST["second"])
    except (KeyError, ValueError):
        messages.error(request, _("Choose the two members to introduce."))
        return redirect("communities.intros_organisers", workspace_slug=workspace_slug)
    first = selectors.member_get(viewer=viewer, member_id=first_id)
    second = selectors.member_get(viewer=viewer, member_id=second_id)
    try:
        services.introduction_propose(
            actor=viewer,
            first=first,
            second=second,
            message=request.POST.get("message", ""),
            url_for=_url_for(request, workspace_slug),
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            _("Introduction proposed to %(first)s and %(second)s.")
            % {"first": first.name, "second": second.name},
        )
    return redirect("communities.intros_organisers", workspace_slug=workspace_slug)


@require_POST
def refresh(request, workspace_slug: str):
    """An organiser asks the workers to compute every member's suggestions again."""
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    if not viewer.is_organiser:
        raise PermissionDenied
    services.member_matches_refresh(workspace=viewer.workspace)
    messages.success(
        request, _("The suggestions are being computed again; this page shows them when ready.")
    )
    return redirect("communities.intros_organisers", workspace_slug=workspace_slug)


def detail(request, workspace_slug: str, intro_id: int):
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    introduction = selectors.introduction_get(viewer=viewer, introduction_id=intro_id)
    side = selectors.introduction_side(viewer=viewer, introduction=introduction)
    my_answer = getattr(introduction, f"{side}_answer") if side else ""
    return render(
        request,
        "web/communities/intros/detail.html",
        {
            "viewer": viewer,
            "workspace": viewer.workspace,
            "introduction": introduction,
            "side": side,
            "other": (introduction.second if side == "first" else introduction.first)
            if side
            else None,
            "can_answer": bool(side)
            and not my_answer
            and introduction.status in (IntroductionStatus.PROPOSED, IntroductionStatus.ACCEPTED),
            "contact_email": selectors.introduction_contact_email(
                viewer=viewer, introduction=introduction
            ),
            "message": selectors.introduction_message(viewer=viewer, introduction=introduction),
            "my_outcome": getattr(introduction, f"{side}_outcome") if side else "",
            "waiting_for": selectors.introduction_waiting_for(introduction=introduction),
            "terms": selectors.introduction_terms(introduction=introduction),
            "can_say_outcome": bool(side) and introduction.status == IntroductionStatus.MADE,
            "outcomes": [(v, label) for v, label in IntroductionOutcome.choices if v],
        },
    )


@require_POST
def answer(request, workspace_slug: str, intro_id: int):
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    introduction = selectors.introduction_get(viewer=viewer, introduction_id=intro_id)
    accepted = request.POST.get("answer") == "accept"
    try:
        introduction = services.introduction_answer(
            actor=viewer,
            introduction=introduction,
            accepted=accepted,
            url_for=_url_for(request, workspace_slug),
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        if introduction.status == IntroductionStatus.MADE:
            messages.success(request, _("Introduction made: you can now write to each other."))
        elif accepted:
            messages.success(request, _("Accepted: waiting for the other member."))
        else:
            messages.success(request, _("Declined. Nothing of yours was shared."))
    return redirect("communities.intro", workspace_slug=workspace_slug, intro_id=intro_id)


@require_POST
def outcome(request, workspace_slug: str, intro_id: int):
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    introduction = selectors.introduction_get(viewer=viewer, introduction_id=intro_id)
    try:
        services.introduction_outcome_set(
            actor=viewer, introduction=introduction, outcome=request.POST.get("outcome", "")
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Thank you: the organisers see how introductions go."))
    return redirect("communities.intro", workspace_slug=workspace_slug, intro_id=intro_id)
