"""API endpoints: parse the request, call one service or selector, render.

Every queryset starts from ``for_user(request.user)``, so another user's row
answers 404 exactly like a row that does not exist.
"""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, serializers, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from vinculo.activity import services as activity_services
from vinculo.activity.enums import Direction, InteractionKind
from vinculo.activity.models import Interaction
from vinculo.people import selectors as people_selectors
from vinculo.people import services as people_services
from vinculo.people.models import Need, Offer, Tie

from .serializers import (
    ContactSerializer,
    InteractionSerializer,
    InteractionUpdateSerializer,
    NeedSerializer,
    NeedUpdateSerializer,
    OfferSerializer,
    OfferUpdateSerializer,
    ProfileSerializer,
    TieSerializer,
    TieUpdateSerializer,
    TokenSerializer,
)

CONTACT_FILTER = OpenApiParameter(
    "contact",
    OpenApiTypes.STR,
    description=_('Only rows of this contact (its id); "none" for your own offers or needs.'),
)


def _contact_id(request) -> int | str | None:
    """The ``?contact=`` filter: a contact id, ``"none"`` for the owner's own rows, or
    ``None`` when the request does not filter."""
    raw = request.query_params.get("contact", "").strip()
    if not raw:
        return None
    if raw.lower() == "none":
        return "none"
    try:
        return int(raw)
    except ValueError:
        raise exceptions.ValidationError(
            {"contact": [_("Enter the id of a contact.")]}, code="invalid"
        ) from None


class UpdateSerializerMixin:
    """A different serializer for updates, where the owning contact can no longer change."""

    update_serializer_class = None

    def get_serializer_class(self):
        if self.action in {"update", "partial_update"}:
            return self.update_serializer_class
        return self.serializer_class


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                description=_(
                    "Words to find in the name, organization, title, city, emails or phones; "
                    "accents and case do not matter."
                ),
            ),
            OpenApiParameter(
                "tag", OpenApiTypes.STR, description=_("Only contacts with this tag.")
            ),
        ]
    )
)
@extend_schema(tags=["contacts"])
class ContactViewSet(viewsets.ModelViewSet):
    serializer_class = ContactSerializer
    lookup_url_kwarg = "contact_id"

    def get_queryset(self):
        params = self.request.query_params if self.action == "list" else {}
        return people_selectors.contact_list(
            user=self.request.user, query=params.get("q", ""), tag=params.get("tag", "")
        ).prefetch_related("offers", "needs")

    def perform_create(self, serializer):
        serializer.instance = people_services.contact_create(
            owner=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = people_services.contact_update(
            contact=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        people_services.contact_delete(contact=instance)


class _TraitViewSet(UpdateSerializerMixin, viewsets.ModelViewSet):
    """Offers and needs share one shape: a text of a contact, or of the owner."""

    model = None
    create_service = None

    def get_queryset(self):
        rows = self.model.objects.for_user(self.request.user)
        if self.action == "list":
            contact = _contact_id(self.request)
            if contact is not None:
                rows = rows.filter(contact_id=None if contact == "none" else contact)
        return rows.order_by(F("contact_id").asc(nulls_first=True), "position", "id")

    def perform_create(self, serializer):
        serializer.instance = self.create_service(
            owner=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = people_services.trait_update(
            trait=serializer.instance,
            text=serializer.validated_data.get("text", serializer.instance.text),
        )

    def perform_destroy(self, instance):
        people_services.trait_delete(trait=instance)


@extend_schema_view(list=extend_schema(parameters=[CONTACT_FILTER]))
@extend_schema(tags=["offers"])
class OfferViewSet(_TraitViewSet):
    model = Offer
    create_service = staticmethod(people_services.offer_create)
    serializer_class = OfferSerializer
    update_serializer_class = OfferUpdateSerializer
    lookup_url_kwarg = "offer_id"


@extend_schema_view(list=extend_schema(parameters=[CONTACT_FILTER]))
@extend_schema(tags=["needs"])
class NeedViewSet(_TraitViewSet):
    model = Need
    create_service = staticmethod(people_services.need_create)
    serializer_class = NeedSerializer
    update_serializer_class = NeedUpdateSerializer
    lookup_url_kwarg = "need_id"


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "contact",
                OpenApiTypes.INT,
                description=_("Only ties with this contact at one end."),
            )
        ]
    )
)
@extend_schema(tags=["ties"])
class TieViewSet(UpdateSerializerMixin, viewsets.ModelViewSet):
    serializer_class = TieSerializer
    update_serializer_class = TieUpdateSerializer
    lookup_url_kwarg = "tie_id"

    def get_queryset(self):
        ties = Tie.objects.for_user(self.request.user)
        if self.action == "list":
            contact = _contact_id(self.request)
            if contact == "none":
                ties = ties.none()
            elif contact is not None:
                ties = ties.filter(Q(a_id=contact) | Q(b_id=contact))
        return ties.order_by("id")

    def perform_create(self, serializer):
        serializer.instance = people_services.tie_create(
            owner=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = people_services.tie_update(
            tie=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        people_services.tie_delete(tie=instance)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "contact", OpenApiTypes.INT, description=_("Only interactions with this contact.")
            )
        ]
    )
)
@extend_schema(tags=["interactions"])
class InteractionViewSet(UpdateSerializerMixin, viewsets.ModelViewSet):
    serializer_class = InteractionSerializer
    update_serializer_class = InteractionUpdateSerializer
    lookup_url_kwarg = "interaction_id"

    def get_queryset(self):
        interactions = Interaction.objects.for_user(self.request.user)
        if self.action == "list":
            contact = _contact_id(self.request)
            if contact == "none":
                interactions = interactions.none()
            elif contact is not None:
                interactions = interactions.filter(contact_id=contact)
        return interactions.order_by("-date", "-id")

    def perform_create(self, serializer):
        data = {"kind": InteractionKind.MEETING, "direction": Direction.MUTUAL}
        data.update(serializer.validated_data)
        serializer.instance = activity_services.interaction_log(owner=self.request.user, **data)

    def perform_update(self, serializer):
        serializer.instance = activity_services.interaction_update(
            interaction=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        activity_services.interaction_delete(interaction=instance)


@extend_schema(tags=["profile"])
class ProfileView(APIView):
    """Your own profile: what you do, offer and need, and your pitch."""

    serializer_class = ProfileSerializer

    def _profile(self, user) -> dict:
        return {
            "username": user.get_username(),
            "display_name": user.display_name,
            "does": user.does,
            "pitch": user.pitch,
            "language": user.language,
            "offers": people_selectors.profile_offers(user=user),
            "needs": people_selectors.profile_needs(user=user),
        }

    @extend_schema(responses=ProfileSerializer)
    def get(self, request):
        return Response(ProfileSerializer(self._profile(request.user)).data)

    def _update(self, request, *, partial: bool):
        serializer = ProfileSerializer(
            self._profile(request.user), data=request.data, partial=partial
        )
        serializer.is_valid(raise_exception=True)
        people_services.profile_update(user=request.user, **serializer.validated_data)
        return Response(ProfileSerializer(self._profile(request.user)).data)

    @extend_schema(request=ProfileSerializer, responses=ProfileSerializer)
    def put(self, request):
        return self._update(request, partial=False)

    @extend_schema(request=ProfileSerializer, responses=ProfileSerializer)
    def patch(self, request):
        return self._update(request, partial=True)


@extend_schema(tags=["auth"])
class TokenObtainView(ObtainAuthToken):
    """Exchange a username and password for the token to send as ``Authorization: Token …``.

    Throttled per address; repeated failures lock the account out for a while.
    """

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "token"

    @extend_schema(request=ObtainAuthToken.serializer_class, responses=TokenSerializer)
    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except serializers.ValidationError:
            # django-axes marks the request it was given (this DRF request) when the
            # credentials are locked out; answer that in JSON rather than as a login error.
            if getattr(request, "axes_locked_out", False):
                raise exceptions.Throttled(
                    detail=_("Too many failed attempts. Try again later.")
                ) from None
            raise


class SchemaView(SpectacularAPIView):
    permission_classes = (IsAuthenticated,)


class DocsView(SpectacularSwaggerSplitView):
    permission_classes = (IsAuthenticated,)
    url_name = "api.schema"
