"""API of follow-ups: what is due (the Today list), done and snooze, keep-in-touch cadences
and the follow-up rate after events.

The same selectors and services as the Today page and ``vinculo followups``; every read
starts from the requesting user, so another user's follow-up or cadence answers 404.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from vinculo.activity import selectors, services
from vinculo.activity.enums import FollowUpReason, InteractionKind
from vinculo.activity.forms import SNOOZE_DAYS
from vinculo.people.models import Contact, Tag

from .serializers import OwnedPrimaryKeyField

FOLLOWUP_ID = OpenApiParameter("followup_id", OpenApiTypes.INT, OpenApiParameter.PATH)
CADENCE_ID = OpenApiParameter("cadence_id", OpenApiTypes.INT, OpenApiParameter.PATH)


class DueQuerySerializer(serializers.Serializer):
    due_by = serializers.DateField(
        required=False, help_text=_("What is due by this day (default: today).")
    )


class DueSerializer(serializers.Serializer):
    contact = serializers.CharField(source="contact.name", help_text=_("The contact's name."))
    contact_id = serializers.IntegerField(source="contact.pk")
    due = serializers.DateField()
    why = serializers.CharField(help_text=_("Why it is due, in the language of the request."))
    overdue_days = serializers.IntegerField(
        help_text=_("Days late; 0 due today, negative still ahead.")
    )
    followup_id = serializers.IntegerField(
        source="followup.pk",
        allow_null=True,
        default=None,
        help_text=_("The follow-up; null when a keep-in-touch cadence came due."),
    )
    reason = serializers.ChoiceField(choices=FollowUpReason.choices)
    going_cold = serializers.BooleanField(
        source="past_max", help_text=_("Past the maximum interval of its cadence.")
    )


class DueListSerializer(serializers.Serializer):
    followups = DueSerializer(many=True, help_text=_("Most overdue first."))


class FollowUpSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    contact = OwnedPrimaryKeyField(model=Contact, help_text=_("Id of one of your contacts."))
    due = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    reason = serializers.ChoiceField(choices=FollowUpReason.choices, read_only=True)
    done = serializers.BooleanField(read_only=True)
    done_on = serializers.DateField(read_only=True, allow_null=True)


class DoneSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=InteractionKind.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Also log an interaction of this kind today."),
    )
    summary = serializers.CharField(required=False, allow_blank=True, default="")


class SnoozeSerializer(serializers.Serializer):
    days = serializers.ChoiceField(
        choices=SNOOZE_DAYS, default=SNOOZE_DAYS[0], help_text=_("Put off by 1 or 7 days.")
    )


class CadenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    tag = OwnedPrimaryKeyField(
        model=Tag, required=False, allow_null=True, default=None, help_text=_("Id of a tag.")
    )
    contact = OwnedPrimaryKeyField(
        model=Contact,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Id of a contact."),
    )
    ideal_days = serializers.IntegerField(min_value=1, max_value=3650)
    max_days = serializers.IntegerField(min_value=1, max_value=3650)

    def validate(self, attrs):
        if (attrs.get("tag") is None) == (attrs.get("contact") is None):
            raise serializers.ValidationError(
                _("Give either a tag or a contact."), code="tag_or_contact"
            )
        return attrs


class RateSerializer(serializers.Serializer):
    met = serializers.IntegerField(help_text=_("People met at events in the period."))
    followed_up = serializers.IntegerField(help_text=_("Of them, followed up within two days."))
    percent = serializers.IntegerField(allow_null=True)
    days = serializers.IntegerField(help_text=_("The period, in days up to today."))


def _refused(exc: DjangoValidationError):
    return exceptions.ValidationError({"max_days": exc.messages}, code=exc.code)


@extend_schema(tags=["followups"])
class FollowUpListView(APIView):
    @extend_schema(parameters=[DueQuerySerializer], responses=DueListSerializer)
    def get(self, request):
        """What is due by a day: open follow-ups and keep-in-touch cadences, most overdue
        first."""
        query = DueQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        due = selectors.followups_due(user=request.user, due_by=query.validated_data.get("due_by"))
        return Response(DueListSerializer({"followups": due.items}).data)

    @extend_schema(request=FollowUpSerializer, responses={201: FollowUpSerializer})
    def post(self, request):
        """Plan a follow-up with a contact."""
        body = FollowUpSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        followup = services.followup_create(owner=request.user, **body.validated_data)
        return Response(FollowUpSerializer(followup).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["followups"])
class FollowUpDoneView(APIView):
    @extend_schema(parameters=[FOLLOWUP_ID], request=DoneSerializer, responses=FollowUpSerializer)
    def post(self, request, followup_id: int):
        """Mark it done; with ``kind``, log that interaction today as well."""
        followup = selectors.followup_get(user=request.user, followup_id=followup_id)
        body = DoneSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.followup_done(
            followup=followup,
            log_kind=body.validated_data["kind"],
            summary=body.validated_data["summary"],
        )
        return Response(FollowUpSerializer(followup).data)


@extend_schema(tags=["followups"])
class FollowUpSnoozeView(APIView):
    @extend_schema(parameters=[FOLLOWUP_ID], request=SnoozeSerializer, responses=FollowUpSerializer)
    def post(self, request, followup_id: int):
        """Put it off by a day or a week from today."""
        followup = selectors.followup_get(user=request.user, followup_id=followup_id)
        body = SnoozeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.followup_snooze(followup=followup, days=body.validated_data["days"])
        return Response(FollowUpSerializer(followup).data)


@extend_schema(tags=["followups"])
class FollowUpRateView(APIView):
    @extend_schema(responses=RateSerializer)
    def get(self, request):
        """The follow-up rate after events over the last 90 days."""
        rate = selectors.followup_rate_after_events(user=request.user)
        return Response(RateSerializer(rate).data)


@extend_schema(tags=["followups"])
class CadenceListView(APIView):
    @extend_schema(responses=CadenceSerializer(many=True))
    def get(self, request):
        """Keep-in-touch cadences: per tag, then per contact."""
        by_tag, by_contact = selectors.cadence_list(user=request.user)
        return Response(CadenceSerializer([*by_tag, *by_contact], many=True).data)

    @extend_schema(request=CadenceSerializer, responses={201: CadenceSerializer})
    def post(self, request):
        """Set the cadence of a tag or a contact (a second call changes it)."""
        body = CadenceSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        try:
            cadence = services.cadence_set(owner=request.user, **body.validated_data)
        except DjangoValidationError as exc:
            raise _refused(exc) from None
        return Response(CadenceSerializer(cadence).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["followups"])
class CadenceDetailView(APIView):
    @extend_schema(parameters=[CADENCE_ID], responses=CadenceSerializer)
    def get(self, request, cadence_id: int):
        cadence = selectors.cadence_get(user=request.user, cadence_id=cadence_id)
        return Response(CadenceSerializer(cadence).data)

    @extend_schema(parameters=[CADENCE_ID], responses={204: None})
    def delete(self, request, cadence_id: int):
        cadence = selectors.cadence_get(user=request.user, cadence_id=cadence_id)
        services.cadence_delete(cadence=cadence)
        return Response(status=status.HTTP_204_NO_CONTENT)
