"""Pages of the digest: a member's digest settings in a community, and the one-click
unsubscribe address that every digest carries.

The settings page starts from the viewer's membership like every community page. The
unsubscribe address works without logging in (its secret token is the key): GET shows a
confirmation, because mail clients open links to preview them, and POST unsubscribes;
mail providers POST to it without a CSRF token (RFC 8058 one-click), so it is exempt.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from vinculo.communities import selectors as community_selectors
from vinculo.communities.digest import services
from vinculo.communities.digest.enums import Frequency
from vinculo.communities.digest.forms import FrequencyForm
from vinculo.communities.digest.selectors import member_language, subscription_by_token


def digest_settings(request, workspace_slug: str):
    """How often I get this community's digest."""
    viewer = community_selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
    subscription = services.subscription_ensure(membership=viewer)
    form = FrequencyForm(
        request.POST if request.method == "POST" else None,
        initial={"frequency": subscription.frequency},
    )
    if request.method == "POST" and form.is_valid():
        try:
            subscription = services.subscription_set_frequency(
                membership=viewer, frequency=form.cleaned_data["frequency"]
            )
        except ValidationError as exc:
            form.add_error("frequency", exc.messages[0])
        else:
            messages.success(request, _("Digest settings saved."))
            return redirect("communities.digest", workspace_slug=workspace_slug)
    return render(
        request,
        "web/communities/digest/settings.html",
        {
            "workspace": viewer.workspace,
            "viewer": viewer,
            "form": form,
            "subscription": subscription,
            "receives": subscription.frequency != Frequency.NEVER,
            "has_email": bool(request.user.email),
        },
    )


@login_not_required
@csrf_exempt
def digest_unsubscribe(request, digest_token: str):
    """The unsubscribe address of a digest: confirm (GET), then unsubscribe (POST)."""
    if request.method not in ("GET", "POST"):
        raise Http404
    subscription = subscription_by_token(token=digest_token)
    membership = subscription.membership
    # The page speaks the language of the digest it came from.
    with translation.override(member_language(membership)):
        done = False
        if request.method == "POST":
            services.subscription_unsubscribe(subscription=subscription)
            done = True
        return render(
            request,
            "web/communities/digest/unsubscribe.html",
            {
                "community": membership.workspace.name,
                "done": done,
                "token": digest_token,
                "already": not done and subscription.frequency == Frequency.NEVER,
            },
        )
