"""API of the digest: how often I get a community's digest by email.

The same services as the settings page: the subscription is always the requester's own,
reached through their membership, so another community answers 404 and no address names
another member's settings.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from vinculo.communities import selectors as community_selectors
from vinculo.communities.digest import services
from vinculo.communities.digest.enums import Frequency


class DigestSettingsSerializer(serializers.Serializer):
    frequency = serializers.ChoiceField(
        choices=Frequency.choices,
        help_text=_("How often you get the digest: daily, weekly, monthly or never."),
        error_messages={
            "invalid_choice": _("Choose how often you want the digest."),
            "required": _("Choose how often you want the digest."),
            "null": _("Choose how often you want the digest."),
        },
    )
    next_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text=_("When the next digest is due (sent only if there is something new)."),
    )
    last_sent_at = serializers.DateTimeField(read_only=True, allow_null=True)
    has_email = serializers.BooleanField(
        read_only=True, help_text=_("Without an email address on your account no digest comes.")
    )


def _settings(request, subscription) -> dict:
    receives = subscription.frequency != Frequency.NEVER
    return {
        "frequency": subscription.frequency,
        "next_at": subscription.next_at if receives else None,
        "last_sent_at": subscription.last_sent_at,
        "has_email": bool(request.user.email),
    }


@extend_schema(tags=["communities"])
class DigestSettingsView(APIView):
    """Your digest settings in a community; PUT or PATCH changes how often it comes."""

    @extend_schema(responses=DigestSettingsSerializer)
    def get(self, request, workspace_slug: str):
        viewer = community_selectors.workspace_membership_get(
            user=request.user, slug=workspace_slug
        )
        subscription = services.subscription_ensure(membership=viewer)
        return Response(DigestSettingsSerializer(_settings(request, subscription)).data)

    def _update(self, request, workspace_slug: str):
        viewer = community_selectors.workspace_membership_get(
            user=request.user, slug=workspace_slug
        )
        body = DigestSettingsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            subscription = services.subscription_set_frequency(
                membership=viewer, frequency=body.validated_data["frequency"]
            )
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(exc.message_dict) from None
        return Response(DigestSettingsSerializer(_settings(request, subscription)).data)

    @extend_schema(request=DigestSettingsSerializer, responses=DigestSettingsSerializer)
    def put(self, request, workspace_slug: str):
        return self._update(request, workspace_slug)

    @extend_schema(request=DigestSettingsSerializer, responses=DigestSettingsSerializer)
    def patch(self, request, workspace_slug: str):
        return self._update(request, workspace_slug)
