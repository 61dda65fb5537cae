"""API of an event's meeting rounds: plan them, read a plan, delete it.

The same service as the web page and ``vinculo event schedule``; every read starts from the
requesting user, so another user's event or plan answers 404.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from vinculo.activity.selectors import event_get
from vinculo.portability.exchange import contact_ids
from vinculo.rounds import selectors, services
from vinculo.rounds.services import MAX_ROUNDS, MAX_TABLE_SIZE


class ScheduleRequestSerializer(serializers.Serializer):
    rounds = serializers.IntegerField(
        min_value=1, max_value=MAX_ROUNDS, help_text=_("How many rounds.")
    )
    table_size = serializers.IntegerField(
        min_value=2,
        max_value=MAX_TABLE_SIZE,
        default=2,
        help_text=_("People per meeting: 2 for one-to-one meetings, more for tables."),
    )


class PersonSerializer(serializers.Serializer):
    id = serializers.CharField(
        allow_null=True, help_text=_("The id an export gives the contact; null if deleted.")
    )
    name = serializers.CharField()


class GroupSerializer(serializers.Serializer):
    table = serializers.IntegerField()
    people = PersonSerializer(many=True)
    why = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Why they should meet, in the language of the request."),
    )


class RoundSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    groups = GroupSerializer(many=True)
    rests = PersonSerializer(many=True)


class ScheduleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.IntegerField()
    table_size = serializers.IntegerField()
    score = serializers.FloatField()
    created_at = serializers.DateTimeField()
    rounds = RoundSerializer(many=True)


class ScheduleListSerializer(serializers.Serializer):
    schedules = ScheduleSerializer(many=True)


def _entry(*, user, schedule) -> dict:
    sheet = selectors.schedule_sheet(user=user, schedule=schedule, language=get_language() or "es")
    ids = contact_ids(user=user, contacts=[int(pk) for pk in schedule.people])

    def person(p):
        return {"id": ids.get(p.id) if p.contact is not None else None, "name": p.name}

    return {
        "id": schedule.pk,
        "event": schedule.event_id,
        "table_size": schedule.table_size,
        "score": schedule.score,
        "created_at": schedule.created_at,
        "rounds": [
            {
                "number": r.number,
                "groups": [
                    {
                        "table": g.number,
                        "people": [person(p) for p in g.people],
                        "why": g.reasons,
                    }
                    for g in r.groups
                ],
                "rests": [person(p) for p in r.rests],
            }
            for r in sheet.rounds
        ],
    }


@extend_schema(tags=["events"])
class EventScheduleListView(APIView):
    """The meeting plans of an event, newest first, and new ones."""

    @extend_schema(responses=ScheduleListSerializer)
    def get(self, request, event_id: int):
        event = event_get(user=request.user, event_id=event_id)
        schedules = selectors.schedule_list(user=request.user, event=event)
        return Response(
            ScheduleListSerializer(
                {"schedules": [_entry(user=request.user, schedule=s) for s in schedules]}
            ).data
        )

    @extend_schema(request=ScheduleRequestSerializer, responses={201: ScheduleSerializer})
    def post(self, request, event_id: int):
        """Plan ``rounds`` rounds among the attendees: complementary people first, never two
        colleagues, no pair twice, everyone a good meeting before anyone a second."""
        event = event_get(user=request.user, event_id=event_id)
        body = ScheduleRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            schedule = services.event_schedule_create(
                owner=request.user, event=event, **body.validated_data
            )
        except DjangoValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            raise exceptions.ValidationError(detail) from None
        return Response(
            ScheduleSerializer(_entry(user=request.user, schedule=schedule)).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=["events"])
class ScheduleDetailView(APIView):
    """One meeting plan: its rounds, each pair or table with why they should meet."""

    @extend_schema(responses=ScheduleSerializer)
    def get(self, request, schedule_id: int):
        schedule = selectors.schedule_get(user=request.user, schedule_id=schedule_id)
        return Response(ScheduleSerializer(_entry(user=request.user, schedule=schedule)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, schedule_id: int):
        schedule = selectors.schedule_get(user=request.user, schedule_id=schedule_id)
        services.event_schedule_delete(schedule=schedule)
        return Response(status=status.HTTP_204_NO_CONTENT)
