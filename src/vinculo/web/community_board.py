"""Pages of a community's board: asks and offers, replies, and “I know someone”.

Every page starts from the viewer's membership (``workspace_membership_get``): another
workspace answers 404. The person behind a referral is shown to its helper, and to the
asker only once the helper confirmed that person agreed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vinculo.communities import selectors as community_selectors
from vinculo.communities.board import selectors, services
from vinculo.communities.board.enums import PostKind, ReferralStatus
from vinculo.communities.board.forms import (
    PostEditForm,
    PostForm,
    ReferralConfirmForm,
    ReferralForm,
    ReplyForm,
)

from .helpers import flash_errors, form_errors, is_htmx


def _viewer(request, workspace_slug: str):
    return community_selectors.workspace_membership_get(user=request.user, slug=workspace_slug)


def _post_url_for(request):
    def url_for(post) -> str:
        return request.build_absolute_uri(
            reverse(
                "communities.board.post",
                kwargs={"workspace_slug": post.workspace.slug, "post_id": post.pk},
            )
        )

    return url_for


def _to_post(post):
    return redirect("communities.board.post", workspace_slug=post.workspace.slug, post_id=post.pk)


def board(request, workspace_slug: str):
    """The board, newest first, with filters and search; the form to post."""
    viewer = _viewer(request, workspace_slug)
    form = PostForm(
        request.POST if request.method == "POST" else None,
        initial={"language": viewer.language or viewer.workspace.language},
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(
                actor=viewer, **form.cleaned_data, url_for=_post_url_for(request)
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Posted on the board."))
            return _to_post(post)
    filters = {
        "q": request.GET.get("q", "").strip(),
        "show": request.GET.get("show", ""),
        "kind": request.GET.get("kind", ""),
    }
    posts = selectors.post_search(
        viewer=viewer, query=filters["q"], show=filters["show"], kind=filters["kind"]
    )
    page = Paginator(posts, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "viewer": viewer,
        "workspace": viewer.workspace,
        "form": form,
        "page": page,
        "filters": filters,
        "filtered": any(filters.values()),
        "kinds": PostKind.choices,
    }
    template = "web/communities/board/list.html"
    if is_htmx(request) and request.method == "GET":
        template += "#rows"
    return render(request, template, context, status=400 if form.errors else 200)


def _post_context(viewer, post, **extra) -> dict:
    return {
        "viewer": viewer,
        "workspace": viewer.workspace,
        "post": post,
        "replies": selectors.post_replies(post=post),
        "referrals": selectors.post_referrals(viewer=viewer, post=post),
        "helpers": selectors.members_who_could_help(viewer=viewer, post=post),
        "is_author": post.author_id == viewer.pk,
        "can_moderate": post.author_id == viewer.pk or viewer.is_organiser,
        "can_refer": post.is_ask and post.is_open and post.author_id != viewer.pk,
        "reply_form": ReplyForm(),
        **extra,
    }


def post_detail(request, workspace_slug: str, post_id: int):
    viewer = _viewer(request, workspace_slug)
    post = selectors.post_get(viewer=viewer, post_id=post_id)
    return render(request, "web/communities/board/post.html", _post_context(viewer, post))


def post_edit(request, workspace_slug: str, post_id: int):
    viewer = _viewer(request, workspace_slug)
    post = selectors.post_get(viewer=viewer, post_id=post_id)
    if post.author_id != viewer.pk:
        raise PermissionDenied
    form = PostEditForm(
        request.POST if request.method == "POST" else None,
        initial={"text": post.text, "language": post.language},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(actor=viewer, post=post, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Post saved."))
            return _to_post(post)
    return render(
        request,
        "web/communities/board/edit.html",
        {"viewer": viewer, "workspace": viewer.workspace, "post": post, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def post_delete(request, workspace_slug: str, post_id: int):
    viewer = _viewer(request, workspace_slug)
    post = selectors.post_get(viewer=viewer, post_id=post_id)
    services.post_delete(actor=viewer, post=post)
    messages.success(request, _("Post deleted."))
    return redirect("communities.board", workspace_slug=workspace_slug)


@require_POST
def post_solve(request, workspace_slug: str, post_id: int):
    viewer = _viewer(request, workspace_slug)
    post = selectors.post_get(viewer=viewer, post_id=post_id)
    try:
        services.post_set_solved(
            actor=viewer, post=post, solved=request.POST.get("solved", "1") != "0"
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    return _to_post(post)


@require_POST
def reply_create(request, workspace_slug: str, post_id: int):
    viewer = _viewer(request, workspace_slug)
    post = selectors.post_get(viewer=viewer, post_id=post_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_create(actor=viewer, post=post, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return _to_post(post)
    return render(
        request,
        "web/communities/board/post.html",
        _post_context(viewer, post, reply_form=form),
        status=400,
    )


@require_POST
def reply_delete(request, workspace_slug: str, reply_id: int):
    viewer = _viewer(request, workspace_slug)
    reply = selectors.reply_get(viewer=viewer, reply_id=reply_id)
    services.reply_delete(actor=viewer, reply=reply)
    messages.success(request, _("Reply deleted."))
    return _to_post(reply.post)


def referral_create(request, workspace_slug: str, post_id: int):
    """“I know someone”: choose one of my own contacts (by search) or describe them."""
    viewer = _viewer(request, workspace_slug)
    post = selectors.post_get(viewer=viewer, post_id=post_id)
    query = request.GET.get("q", "").strip()
    form = ReferralForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_offer(
                actor=viewer,
                post=post,
                message=data["message"],
                contact_id=data["contact"],
                description=data["description"],
                url_for=_post_url_for(request),
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request, _("Thank you: the asker will see your offer, not who the person is.")
            )
            return _to_post(post)
    context = {
        "viewer": viewer,
        "workspace": viewer.workspace,
        "post": post,
        "form": form,
        "query": query,
        "contacts": selectors.my_contacts_search(viewer=viewer, query=query),
    }
    template = "web/communities/board/refer.html"
    if is_htmx(request) and request.method == "GET":
        template += "#contacts"
    return render(request, template, context, status=400 if form.errors else 200)


@require_POST
def referral_answer(request, workspace_slug: str, referral_id: int):
    viewer = _viewer(request, workspace_slug)
    referral = selectors.referral_get(viewer=viewer, referral_id=referral_id)
    accepted = request.POST.get("accepted") == "1"
    try:
        services.referral_answer(
            actor=viewer, referral=referral, accepted=accepted, url_for=_post_url_for(request)
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        if accepted:
            messages.success(
                request, _("Accepted: they will ask the person, and you will be told.")
            )
    return _to_post(referral.post)


def referral_confirm(request, workspace_slug: str, referral_id: int):
    """The helper says the person agreed, and chooses what the asker sees of them."""
    viewer = _viewer(request, workspace_slug)
    referral = selectors.referral_get(viewer=viewer, referral_id=referral_id)
    if referral.helper_id != viewer.pk:
        raise PermissionDenied
    shown = selectors.referral_view(viewer=viewer, referral=referral)
    form = ReferralConfirmForm(
        request.POST if request.method == "POST" else None,
        initial={
            "name": shown.person_name or "",
            "email": shown.person_email or "",
            # A phone is shared only when the helper picks it (suggested in the field's list):
            # an introduction needs one way to reach the person, not all of them.
            "phone": "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_confirm(
                actor=viewer,
                referral=referral,
                **form.cleaned_data,
                url_for=_post_url_for(request),
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Introduction made: both of you have an email."))
            return _to_post(referral.post)
    contact = referral.contact if shown.person_name else None
    return render(
        request,
        "web/communities/board/confirm.html",
        {
            "viewer": viewer,
            "workspace": viewer.workspace,
            "post": referral.post,
            "referral": shown,
            "can_confirm": referral.status == ReferralStatus.ACCEPTED,
            "emails": contact.emails if contact else [],
            "phones": contact.phones if contact else [],
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def referral_withdraw(request, workspace_slug: str, referral_id: int):
    viewer = _viewer(request, workspace_slug)
    referral = selectors.referral_get(viewer=viewer, referral_id=referral_id)
    try:
        services.referral_withdraw(actor=viewer, referral=referral)
    except ValidationError as exc:
        flash_errors(request, exc)
    return _to_post(referral.post)
