"""API endpoints: parse the request, call one service or selector, render.

Every queryset starts from ``for_user(request.user)``, so another user's row
answers 404 exactly like a row that does not exist.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from vinculo.activity import services as activity_services
from vinculo.activity.enums import Direction, InteractionKind
from vinculo.activity.models import Interaction
from vinculo.giving import selectors as giving_selectors
from vinculo.giving import services as giving_services
from vinculo.giving.models import Favor
from vinculo.people import selectors as people_selectors
from vinculo.people import services as people_services
from vinculo.people.models import Need, Offer, Tie
from vinculo.portability.exchange import suggestion_entries

from .serializers import (
    MAX_ID,
    ContactQuerySerializer,
    ContactSerializer,
    DraftSerializer,
    FavorSerializer,
    InteractionSerializer,
    InteractionUpdateSerializer,
    IntroductionAnswerSerializer,
    IntroductionCloseSerializer,
    IntroductionMadeSerializer,
    IntroductionProposedSerializer,
    IntroductionSerializer,
    LedgerSerializer,
    NeedSerializer,
    NeedUpdateSerializer,
    OfferSerializer,
    OfferUpdateSerializer,
    ProfileSerializer,
    ProposeSerializer,
    SuggestionListSerializer,
    SuggestionQuerySerializer,
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
        value = int(raw)
    except ValueError:
        raise exceptions.ValidationError(
            {"contact": [_("Enter the id of a contact.")]}, code="invalid"
        ) from None
    # No contact has an id past what the database holds: such an id finds nothing, as
    # any other unknown id does (0 is never an id, and fits in every integer column).
    return value if 0 < value <= MAX_ID else 0


def _with_contact(request, rows, *fields: str):
    """Apply the ``?contact=`` filter of a list: the rows where one of ``fields`` is that
    contact (rows about no contact, ``none``, have none here)."""
    contact = _contact_id(request)
    if contact is None:
        return rows
    if contact == "none":
        return rows.none()
    match = Q()
    for field in fields:
        match |= Q(**{field: contact})
    return rows.filter(match)


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
            ties = _with_contact(self.request, ties, "a_id", "b_id")
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
            interactions = _with_contact(self.request, interactions, "contact_id")
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


# --- Give–give ------------------------------------------------------------------------------

MATCH_ID = OpenApiParameter("match_id", OpenApiTypes.INT, OpenApiParameter.PATH)
INTRODUCTION_ID = OpenApiParameter("introduction_id", OpenApiTypes.INT, OpenApiParameter.PATH)


def _refused(exc: DjangoValidationError, field: str = api_settings.NON_FIELD_ERRORS_KEY):
    """A service's refusal as a 400 naming the field it is about."""
    return exceptions.ValidationError({field: exc.messages}, code=getattr(exc, "code", None))


def _query(serializer_class, request) -> dict:
    query = serializer_class(data=request.query_params, context={"request": request})
    query.is_valid(raise_exception=True)
    return query.validated_data


def _proposed(introduction, draft) -> dict:
    return {
        **IntroductionSerializer(introduction).data,
        "message": DraftSerializer(draft).data,
    }


class _OneObjectSchema(AutoSchema):
    """The schema of a ``list`` action that answers one object (the list inside it)."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


@extend_schema(tags=["suggestions"])
class SuggestionViewSet(viewsets.ViewSet):
    """Introductions worth making: one contact's need that another's offer meets."""

    schema = _OneObjectSchema()
    lookup_url_kwarg = "match_id"

    @extend_schema(parameters=[SuggestionQuerySerializer], responses=SuggestionListSerializer)
    def list(self, request):
        """Best first; ``a`` has the need and ``b`` the offer. ``why`` is in the language of
        the request."""
        options = _query(SuggestionQuerySerializer, request)
        suggestions = giving_selectors.suggestion_list(
            user=request.user,
            limit=options["limit"],
            contact=options.get("contact"),
            mine=options["mine"],
        )
        entries = suggestion_entries(user=request.user, suggestions=suggestions)
        rows = []
        for suggestion, entry in zip(suggestions, entries, strict=True):
            entry["a"]["contact"] = getattr(suggestion.need_contact, "pk", None)
            entry["b"]["contact"] = getattr(suggestion.offer_contact, "pk", None)
            rows.append({"match_id": suggestion.match_id, **entry})
        return Response(SuggestionListSerializer({"suggestions": rows}).data)

    @extend_schema(parameters=[MATCH_ID], request=None, responses={204: None})
    def dismiss(self, request, match_id: int):
        """Not interesting: the suggestion is not offered again."""
        match = giving_selectors.match_get(user=request.user, match_id=match_id)
        giving_services.match_dismiss(match=match)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[MATCH_ID],
        request=ProposeSerializer,
        responses={201: IntroductionProposedSerializer},
    )
    def propose(self, request, match_id: int):
        """Start the introduction it describes: the drafted question to the one who needs."""
        match = giving_selectors.match_get(user=request.user, match_id=match_id)
        body = ProposeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            introduction, draft = giving_services.introduction_propose_match(
                owner=request.user, match=match, send=body.validated_data["send"]
            )
        except DjangoValidationError as exc:
            raise _refused(exc) from None
        return Response(_proposed(introduction, draft), status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "contact",
                OpenApiTypes.INT,
                description=_("Only introductions of this contact, on either side."),
            )
        ]
    ),
    create=extend_schema(
        request=IntroductionSerializer, responses={201: IntroductionProposedSerializer}
    ),
)
@extend_schema(tags=["introductions"])
class IntroductionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Double opt-in: proposed (ask ``a``) → accepted or declined → made (one email to
    each) → closed with an outcome. A step the status does not allow answers 400."""

    serializer_class = IntroductionSerializer
    lookup_url_kwarg = "introduction_id"

    def get_queryset(self):
        rows = giving_selectors.introduction_list(user=self.request.user)
        if self.action == "list":
            rows = _with_contact(self.request, rows, "a_id", "b_id")
        return rows

    def create(self, request):
        """Propose an introduction: the drafted question to ``a``, in their language."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            introduction, draft = giving_services.introduction_propose(
                owner=request.user,
                a=data["a"],
                b=data["b"],
                reason=data["reason"],
                send=data["send"],
            )
        except DjangoValidationError as exc:
            raise _refused(exc) from None
        return Response(_proposed(introduction, draft), status=status.HTTP_201_CREATED)

    def _step(self, service, **kwargs):
        try:
            return service(**kwargs)
        except DjangoValidationError as exc:
            raise _refused(exc, "status") from None

    @extend_schema(
        parameters=[INTRODUCTION_ID],
        request=IntroductionAnswerSerializer,
        responses=IntroductionSerializer,
    )
    def answer(self, request, introduction_id: int):
        """What ``a`` answered: they want to meet ``b``, or not."""
        introduction = self.get_object()
        body = IntroductionAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        introduction = self._step(
            giving_services.introduction_answer,
            introduction=introduction,
            accepted=body.validated_data["accepted"],
        )
        return Response(IntroductionSerializer(introduction).data)

    @extend_schema(parameters=[INTRODUCTION_ID], request=None, responses=IntroductionMadeSerializer)
    def make(self, request, introduction_id: int):
        """Introduce them: one email to each (to those with an address), in their language."""
        introduction = self.get_object()
        drafts = self._step(giving_services.introduction_make, introduction=introduction, send=True)
        return Response(
            {
                **IntroductionSerializer(introduction).data,
                "messages": DraftSerializer(drafts, many=True).data,
            }
        )

    @extend_schema(
        parameters=[INTRODUCTION_ID],
        request=IntroductionCloseSerializer,
        responses=IntroductionSerializer,
    )
    def close(self, request, introduction_id: int):
        """What came of it: they met, did business (and its value), or nothing."""
        introduction = self.get_object()
        body = IntroductionCloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        introduction = self._step(
            giving_services.introduction_close, introduction=introduction, **body.validated_data
        )
        return Response(IntroductionSerializer(introduction).data)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "contact", OpenApiTypes.INT, description=_("Only favours with this contact.")
            )
        ]
    )
)
@extend_schema(tags=["favors"])
class FavorViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Help, advice, a contact or a resource given to a contact or received from them."""

    serializer_class = FavorSerializer
    lookup_url_kwarg = "favor_id"

    def get_queryset(self):
        favors = Favor.objects.for_user(self.request.user)
        if self.action == "list":
            favors = _with_contact(self.request, favors, "contact_id")
        return favors.order_by("-date", "-id")

    def perform_create(self, serializer):
        serializer.instance = giving_services.favor_record(
            owner=self.request.user, **serializer.validated_data
        )


@extend_schema(tags=["ledger"])
class LedgerView(APIView):
    """Introductions, referrals, favours and interactions given and received."""

    @extend_schema(parameters=[ContactQuerySerializer], responses=LedgerSerializer)
    def get(self, request):
        """With the whole network, or with one contact (``?contact=``)."""
        contact = _query(ContactQuerySerializer, request).get("contact")
        ledger = giving_selectors.ledger_get(user=request.user, contact=contact)
        return Response(LedgerSerializer(ledger).data)


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
    template_name = "api/swagger_ui.html"  # its style in a file: no inline style (CSP)
    url_name = "api.schema"
