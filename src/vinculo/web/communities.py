"""Pages of communities: my communities, a workspace's home, directory, member profiles,
my profile there, the organisers' management page, and the invitation landing page.

Every page starts from the viewer's membership (``workspace_membership_get``): a workspace
the viewer is not a member of answers 404 on every page, and a role that may not do
something answers 403.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from vinculo.communities import selectors, services
from vinculo.communities.enums import VISIBLE_FIELDS
from vinculo.communities.forms import (
    InvitationEmailForm,
    InvitationLinkForm,
    ProfileForm,
    RoleForm,
    WorkspaceCreateForm,
    WorkspaceEditForm,
    WorkspaceOwnerEditForm,
)

from .helpers import flash_errors, form_errors, is_htmx

PROBLEMS = {
    "revoked": gettext_lazy("This invitation was withdrawn by the community's organisers."),
    "used": gettext_lazy("This invitation has already been used."),
    "expired": gettext_lazy("This invitation has expired: ask the organisers for a new one."),
}


def _end_of_day(day: datetime.date | None):
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def workspace_list(request):
    """My communities, and a form to start one."""
    form = WorkspaceCreateForm(
        request.POST if request.method == "POST" else None,
        initial={"language": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.workspace_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Community created: invite its members."))
            return redirect("communities.home", workspace_slug=membership.workspace.slug)
    return render(
        request,
        "web/communities/list.html",
        {"memberships": selectors.workspace_list(user=request.user), "form": form},
        status=400 if form.errors else 200,
    )


def home(request, workspace_slug: str):
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    return render(
        request,
        "web/communities/home.html",
        {
            "viewer": viewer,
            "workspace": viewer.workspace,
            "counts": selectors.workspace_counts(viewer=viewer),
        },
    )


_ID_MARK = 987654321  # stands for a member's id in a reversed address


def _member_url(workspace) -> str:
    """The address of a member's page with ``{id}`` for the id: reversed once per page."""
    kwargs = {"workspace_slug": workspace.slug, "member_id": _ID_MARK}
    head, _mark, tail = reverse("communities.member", kwargs=kwargs).rpartition(str(_ID_MARK))
    return f"{head}{{id}}{tail}"  # the last one: a slug may hold the same digits


def directory(request, workspace_slug: str):
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "sector", "city", "offer", "need")}
    page, rows = selectors.directory_page(
        viewer=viewer,
        number=request.GET.get("page"),
        member_url=_member_url(viewer.workspace),
        query=filters["q"],
        sector=filters["sector"],
        city=filters["city"],
        offer=filters["offer"],
        need=filters["need"],
    )
    context = {
        "viewer": viewer,
        "workspace": viewer.workspace,
        "page": page,
        "cards": rows,
        "filters": filters,
        "filtered": any(filters.values()),
    }
    template = "web/communities/directory.html"
    if is_htmx(request):
        template += "#rows"
    return render(request, template, context)


def member_detail(request, workspace_slug: str, member_id: int):
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    member = selectors.member_get(viewer=viewer, member_id=member_id)
    return render(
        request,
        "web/communities/member.html",
        {
            "viewer": viewer,
            "workspace": viewer.workspace,
            "card": selectors.member_card(viewer=viewer, member=member),
            "role_form": RoleForm(initial={"role": member.role}),
            "can_remove": viewer.pk != member.pk
            and viewer.is_organiser
            and (viewer.is_owner or not member.is_organiser),
        },
    )


def my_profile(request, workspace_slug: str):
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    member = selectors.member_get(viewer=viewer, member_id=viewer.pk)
    initial = {
        "name": member.name,
        "does": member.does,
        "pitch": member.pitch,
        "sector": member.sector,
        "city": member.city,
        "offers": "\n".join(o.text for o in member.offers.all()),
        "needs": "\n".join(n.text for n in member.needs.all()),
        **{f"{f}_visibility": getattr(member, f"{f}_visibility") for f in VISIBLE_FIELDS},
    }
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.profile_update(
                membership=member,
                name=data["name"],
                does=data["does"],
                pitch=data["pitch"],
                sector=data["sector"],
                city=data["city"],
                visibility={f: data[f"{f}_visibility"] for f in VISIBLE_FIELDS},
                **form.cleaned_lists(),
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Your community profile is saved."))
            return redirect("communities.my_profile", workspace_slug=workspace_slug)
    rows = [
        (form["name"], None),
        (form["does"], form["does_visibility"]),
        (form["offers"], form["offers_visibility"]),
        (form["needs"], form["needs_visibility"]),
        (form["pitch"], form["pitch_visibility"]),
        (form["sector"], form["sector_visibility"]),
        (form["city"], form["city_visibility"]),
    ]
    return render(
        request,
        "web/communities/my_profile.html",
        {"viewer": viewer, "workspace": viewer.workspace, "form": form, "rows": rows},
        status=400 if form.errors else 200,
    )


def manage(request, workspace_slug: str):
    """For organisers: the description, the members and their roles (a page at a time, by
    name, as the directory), the invitations."""
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    if not viewer.is_organiser:
        raise PermissionDenied
    workspace = viewer.workspace
    form_class = WorkspaceOwnerEditForm if viewer.is_owner else WorkspaceEditForm
    initial = {
        "name": workspace.name,
        "description": workspace.description,
        "language": workspace.language,
    }
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.workspace_update(actor=viewer, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Community saved."))
            return redirect("communities.manage", workspace_slug=workspace.slug)
    query = request.GET.get("q", "").strip()
    members = selectors.DirectoryPaginator(
        selectors.directory_search(viewer=viewer, query=query).prefetch_related(None),
        selectors.DIRECTORY_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "web/communities/manage.html",
        {
            "viewer": viewer,
            "workspace": workspace,
            "form": form,
            "members": members,
            "query": query,
            "invitations": selectors.invitation_list(viewer=viewer),
            "link_form": InvitationLinkForm(),
            "email_form": InvitationEmailForm(),
            "join_base": request.build_absolute_uri(
                reverse("communities.join", kwargs={"invitation_token": "TOKEN"})
            ).replace("TOKEN/", ""),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def member_role(request, workspace_slug: str, member_id: int):
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    member = selectors.member_get(viewer=viewer, member_id=member_id)
    try:
        services.member_set_role(actor=viewer, member=member, role=request.POST.get("role", ""))
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": member.name, "role": member.get_role_display()},
        )
    return redirect("communities.manage", workspace_slug=workspace_slug)


@require_POST
def member_remove(request, workspace_slug: str, member_id: int):
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    member = selectors.member_get(viewer=viewer, member_id=member_id)
    try:
        services.member_remove(actor=viewer, member=member)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request, _("%(name)s is no longer a member of the community.") % {"name": member.name}
        )
    return redirect("communities.manage", workspace_slug=workspace_slug)


@require_POST
def leave(request, workspace_slug: str):
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    try:
        services.member_leave(membership=viewer)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("communities.home", workspace_slug=workspace_slug)
    messages.success(request, _("You left %(community)s.") % {"community": viewer.workspace.name})
    return redirect("communities.list")


@require_POST
def workspace_delete(request, workspace_slug: str):
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    name = viewer.workspace.name
    services.workspace_delete(actor=viewer)
    messages.success(request, _("Community %(community)s deleted.") % {"community": name})
    return redirect("communities.list")


def _join_url(request):
    def join_url_for(token: str) -> str:
        return request.build_absolute_uri(
            reverse("communities.join", kwargs={"invitation_token": token})
        )

    return join_url_for


@require_POST
def invitation_link_create(request, workspace_slug: str):
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    form = InvitationLinkForm(request.POST)
    if not viewer.is_organiser:
        raise PermissionDenied
    if form.is_valid():
        try:
            services.invitation_link_create(
                actor=viewer, expires_at=_end_of_day(form.cleaned_data["expires_on"])
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Invitation link created: share it with the members."))
    else:
        messages.error(request, _("Enter a valid date."))
    return redirect("communities.manage", workspace_slug=workspace_slug)


@require_POST
def invitation_email_send(request, workspace_slug: str):
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    if not viewer.is_organiser:
        raise PermissionDenied
    form = InvitationEmailForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_email_send(
                actor=viewer,
                email=form.cleaned_data["email"],
                join_url_for=_join_url(request),
                expires_at=_end_of_day(form.cleaned_data["expires_on"]),
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("communities.manage", workspace_slug=workspace_slug)


@require_POST
def invitation_revoke(request, workspace_slug: str, invitation_id: int):
    viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    invitation = selectors.invitation_get(viewer=viewer, invitation_id=invitation_id)
    services.invitation_revoke(actor=viewer, invitation=invitation)
    messages.success(request, _("Invitation withdrawn: its address no longer works."))
    return redirect("communities.manage", workspace_slug=workspace_slug)


def join(request, invitation_token: str):
    """The invitation landing page: the workspace and a "Join" button.

    A revoked, used or expired invitation says so with a 404, and names no workspace;
    anonymous visitors are sent to log in (or sign up) and back here by the site-wide
    login redirect.
    """
    invitation = selectors.invitation_by_token(token=invitation_token)
    existing = selectors.membership_of(user=request.user, workspace_id=invitation.workspace_id)
    if existing is not None:
        messages.info(request, _("You are already a member of this community."))
        return redirect("communities.home", workspace_slug=invitation.workspace.slug)
    problem = selectors.invitation_problem(invitation=invitation)
    if problem:
        return render(
            request, "web/communities/join.html", {"problem": PROBLEMS[problem]}, status=404
        )
    if request.method == "POST":
        try:
            membership, _created = services.invitation_accept(
                user=request.user, invitation=invitation
            )
        except services.InvitationUnusable as exc:
            return render(
                request,
                "web/communities/join.html",
                {"problem": PROBLEMS[exc.code]},
                status=404,
            )
        messages.success(
            request,
            _("Welcome to %(community)s! Tell the members what you do, offer and need.")
            % {"community": membership.workspace.name},
        )
        return redirect("communities.my_profile", workspace_slug=membership.workspace.slug)
    if request.method != "GET":
        raise Http404
    return render(
        request,
        "web/communities/join.html",
        {"invitation": invitation, "workspace": invitation.workspace},
    )
