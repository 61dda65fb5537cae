"""API of community events: events, answers (RSVP), who is going, meeting plans, each
member's own schedule, and the organisers' health figures.

The same selectors and services as the web pages: another community's event answers 404,
what only organisers may do answers 403, and attendees come as the requester may see them.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.plumbing import build_array_type, build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from vinculo.communities import selectors as community_selectors
from vinculo.communities.events import selectors, services
from vinculo.communities.events.enums import RsvpAnswer
from vinculo.rounds.planning import MAX_ROUNDS, MAX_TABLE_SIZE

from .communities import MemberSerializer, _card

MAX_CAPACITY = 2**31 - 1  # the largest a PositiveIntegerField holds on every database


def _viewer(request, workspace_slug: str):
    return community_selectors.workspace_membership_get(user=request.user, slug=workspace_slug)


def _organiser(viewer) -> None:
    if not viewer.is_organiser:
        raise exceptions.PermissionDenied(_("Only the community's organisers can do that."))


def _invalid(exc: DjangoValidationError):
    detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    return exceptions.ValidationError(detail)


class CommunityEventSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(allow_blank=True, required=False, default="")
    starts_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")
    capacity = serializers.IntegerField(
        min_value=1, max_value=MAX_CAPACITY, allow_null=True, required=False, default=None
    )
    cancelled = serializers.BooleanField(read_only=True)
    going = serializers.IntegerField(read_only=True)
    maybe = serializers.IntegerField(read_only=True)
    waiting = serializers.IntegerField(read_only=True)
    my_answer = serializers.ChoiceField(choices=RsvpAnswer.choices, allow_null=True, read_only=True)
    my_waitlisted = serializers.BooleanField(read_only=True)

    def validate_starts_at(self, value):
        # Before 1900 local time had offsets in seconds, which a date-time cannot write.
        if not 1900 <= value.year <= 9998:
            raise serializers.ValidationError(
                _("Enter a date from the year 1900 to 9998."), code="out_of_range"
            )
        return value


def _event(event) -> dict:
    rsvp = getattr(event, "my_rsvp", None)
    return {
        "id": event.pk,
        "title": event.title,
        "description": event.description,
        "starts_at": event.starts_at,
        "place": event.place,
        "capacity": event.capacity,
        "cancelled": event.is_cancelled,
        "going": event.going,
        "maybe": event.maybe,
        "waiting": event.waiting,
        "my_answer": rsvp.answer if rsvp else None,
        "my_waitlisted": bool(rsvp and rsvp.waitlisted),
    }


@extend_schema(tags=["community events"])
class EventListView(APIView):
    """A community's events (upcoming soonest first, or past latest first); organisers
    create them."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "when", str, enum=["upcoming", "past"], description=_("Default: upcoming.")
            )
        ],
        responses=CommunityEventSerializer(many=True),
    )
    def get(self, request, workspace_slug: str):
        viewer = _viewer(request, workspace_slug)
        when = request.query_params.get("when", "upcoming")
        if when not in ("upcoming", "past"):
            raise exceptions.ValidationError({"when": _("Say upcoming or past.")})
        events = selectors.event_list(viewer=viewer)[when]
        return Response(CommunityEventSerializer([_event(e) for e in events], many=True).data)

    @extend_schema(request=CommunityEventSerializer, responses={201: CommunityEventSerializer})
    def post(self, request, workspace_slug: str):
        viewer = _viewer(request, workspace_slug)
        _organiser(viewer)
        body = CommunityEventSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            event = services.event_create(actor=viewer, **body.validated_data)
        except DjangoValidationError as exc:
            raise _invalid(exc) from None
        event = selectors.event_get(viewer=viewer, event_id=event.pk)
        return Response(
            CommunityEventSerializer(_event(event)).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["community events"])
class EventDetailView(APIView):
    """One event; organisers edit it."""

    @extend_schema(responses=CommunityEventSerializer)
    def get(self, request, workspace_slug: str, community_event_id: int):
        viewer = _viewer(request, workspace_slug)
        event = selectors.event_get(viewer=viewer, event_id=community_event_id)
        return Response(CommunityEventSerializer(_event(event)).data)

    def _update(self, request, workspace_slug, community_event_id, *, partial: bool):
        viewer = _viewer(request, workspace_slug)
        event = selectors.event_get(viewer=viewer, event_id=community_event_id)
        _organiser(viewer)
        body = CommunityEventSerializer(_event(event), data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        data = {
            "title": event.title,
            "description": event.description,
            "starts_at": event.starts_at,
            "place": event.place,
            "capacity": event.capacity,
        } | dict(body.validated_data)
        try:
            services.event_update(actor=viewer, event=event, **data)
        except DjangoValidationError as exc:
            raise _invalid(exc) from None
        event = selectors.event_get(viewer=viewer, event_id=event.pk)
        return Response(CommunityEventSerializer(_event(event)).data)

    @extend_schema(request=CommunityEventSerializer, responses=CommunityEventSerializer)
    def put(self, request, workspace_slug: str, community_event_id: int):
        return self._update(request, workspace_slug, community_event_id, partial=False)

    @extend_schema(request=CommunityEventSerializer, responses=CommunityEventSerializer)
    def patch(self, request, workspace_slug: str, community_event_id: int):
        return self._update(request, workspace_slug, community_event_id, partial=True)


@extend_schema(tags=["community events"])
class EventCancelView(APIView):
    """Organisers cancel an event: it stays listed, cancelled, and takes no answers."""

    @extend_schema(request=None, responses=CommunityEventSerializer)
    def post(self, request, workspace_slug: str, community_event_id: int):
        viewer = _viewer(request, workspace_slug)
        event = selectors.event_get(viewer=viewer, event_id=community_event_id)
        _organiser(viewer)
        services.event_cancel(actor=viewer, event=event)
        event = selectors.event_get(viewer=viewer, event_id=event.pk)
        return Response(CommunityEventSerializer(_event(event)).data)


class CommunityRsvpSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=RsvpAnswer.choices)
    waitlisted = serializers.BooleanField(read_only=True)
    waiting_position = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("1 = next in when a place is freed.")
    )


class CommunityRsvpAnswerSerializer(CommunityRsvpSerializer):
    answer = serializers.ChoiceField(
        choices=RsvpAnswer.choices, allow_null=True, help_text=_("Null: no answer yet.")
    )


@extend_schema(tags=["community events"])
class RsvpView(APIView):
    """Your answer to an event: yes, maybe or no. A "yes" when the event is full puts you
    on the waiting list."""

    def _answer(self, event, rsvp) -> dict:
        return {
            "answer": rsvp.answer if rsvp else None,
            "waitlisted": bool(rsvp and rsvp.waitlisted),
            "waiting_position": selectors.waiting_position(event=event, rsvp=rsvp),
        }

    @extend_schema(responses=CommunityRsvpAnswerSerializer)
    def get(self, request, workspace_slug: str, community_event_id: int):
        viewer = _viewer(request, workspace_slug)
        event = selectors.event_get(viewer=viewer, event_id=community_event_id)
        return Response(self._answer(event, event.my_rsvp))

    @extend_schema(request=CommunityRsvpSerializer, responses=CommunityRsvpSerializer)
    def put(self, request, workspace_slug: str, community_event_id: int):
        viewer = _viewer(request, workspace_slug)
        event = selectors.event_get(viewer=viewer, event_id=community_event_id)
        body = CommunityRsvpSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            rsvp = services.rsvp_set(
                membership=viewer, event=event, answer=body.validated_data["answer"]
            )
        except DjangoValidationError as exc:
            raise _invalid(exc) from None
        return Response(CommunityRsvpSerializer(self._answer(event, rsvp)).data)


class AttendanceSerializer(serializers.Serializer):
    going = MemberSerializer(many=True)
    waiting = MemberSerializer(many=True, help_text=_("In order: the first moves up first."))
    maybe = MemberSerializer(many=True)
    not_going = MemberSerializer(many=True)


@extend_schema(tags=["community events"])
class AttendanceView(APIView):
    """Who answered what, each member as you may see them."""

    @extend_schema(responses=AttendanceSerializer)
    def get(self, request, workspace_slug: str, community_event_id: int):
        viewer = _viewer(request, workspace_slug)
        event = selectors.event_get(viewer=viewer, event_id=community_event_id)
        attendance = selectors.event_attendance(viewer=viewer, event=event)
        return Response(
            {
                name: [_card(c) for c in getattr(attendance, name)]
                for name in ("going", "waiting", "maybe", "not_going")
            }
        )


def _meetings(sheet_person) -> dict:
    return {
        "member_id": sheet_person.person.id,
        "name": sheet_person.person.name,
        "language": sheet_person.language,
        "meetings": [
            {
                "round": m.round,
                "table": m.table,
                "with": [o.name for o in m.others],
                "reasons": m.reasons,
            }
            for m in sheet_person.meetings
        ],
    }


def _plan(sheet) -> dict:
    schedule = sheet.schedule
    return {
        "id": schedule.pk,
        "created_at": schedule.created_at,
        "table_size": schedule.table_size,
        "score": schedule.score,
        "rounds": [
            {
                "round": r.number,
                "groups": [
                    {
                        "table": g.number,
                        "members": [{"id": p.id, "name": p.name} for p in g.people],
                        "reasons": g.reasons,
                    }
                    for g in r.groups
                ],
                "rests": [{"id": p.id, "name": p.name} for p in r.rests],
            }
            for r in sheet.rounds
        ],
        "attendees": [_meetings(a) for a in sheet.attendees],
    }


class CommunityScheduleRequestSerializer(serializers.Serializer):
    rounds = serializers.IntegerField(min_value=1, max_value=MAX_ROUNDS)
    table_size = serializers.IntegerField(min_value=2, max_value=MAX_TABLE_SIZE, default=2)


@extend_schema(tags=["community events"])
class ScheduleListView(APIView):
    """Organisers: the meeting plans of an event (newest first), and a new one among the
    members going."""

    def _sheet(self, viewer, schedule):
        return selectors.schedule_sheet(
            viewer=viewer, schedule=schedule, language=get_language() or ""
        )

    @extend_schema(
        operation_id="v1_communities_events_schedules_list",
        responses={200: build_array_type(build_basic_type(OpenApiTypes.OBJECT))},
    )
    def get(self, request, workspace_slug: str, community_event_id: int):
        viewer = _viewer(request, workspace_slug)
        event = selectors.event_get(viewer=viewer, event_id=community_event_id)
        _organiser(viewer)
        return Response(
            [
                _plan(self._sheet(viewer, s))
                for s in selectors.schedule_list(viewer=viewer, event=event)
            ]
        )

    @extend_schema(request=CommunityScheduleRequestSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, workspace_slug: str, community_event_id: int):
        viewer = _viewer(request, workspace_slug)
        event = selectors.event_get(viewer=viewer, event_id=community_event_id)
        _organiser(viewer)
        body = CommunityScheduleRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            schedule = services.event_schedule_create(
                actor=viewer, event=event, **body.validated_data
            )
        except DjangoValidationError as exc:
            raise _invalid(exc) from None
        return Response(_plan(self._sheet(viewer, schedule)), status=status.HTTP_201_CREATED)


@extend_schema(tags=["community events"])
class ScheduleDetailView(APIView):
    """Organisers: one meeting plan, by round and by attendee; or delete it."""

    def _get(self, request, workspace_slug, community_event_id, community_schedule_id):
        viewer = _viewer(request, workspace_slug)
        event = selectors.event_get(viewer=viewer, event_id=community_event_id)
        schedule = selectors.schedule_get(
            viewer=viewer, event=event, schedule_id=community_schedule_id
        )
        _organiser(viewer)
        return viewer, schedule

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(
        self, request, workspace_slug: str, community_event_id: int, community_schedule_id: int
    ):
        viewer, schedule = self._get(
            request, workspace_slug, community_event_id, community_schedule_id
        )
        sheet = selectors.schedule_sheet(
            viewer=viewer, schedule=schedule, language=get_language() or ""
        )
        return Response(_plan(sheet))

    @extend_schema(responses={204: None})
    def delete(
        self, request, workspace_slug: str, community_event_id: int, community_schedule_id: int
    ):
        viewer, schedule = self._get(
            request, workspace_slug, community_event_id, community_schedule_id
        )
        services.event_schedule_delete(actor=viewer, schedule=schedule)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["community events"])
class MyScheduleView(APIView):
    """Your own meetings in the event's latest plan, in your language; ``planned`` false
    while there is no plan, ``meetings`` empty when you are not in it."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, workspace_slug: str, community_event_id: int):
        viewer = _viewer(request, workspace_slug)
        event = selectors.event_get(viewer=viewer, event_id=community_event_id)
        schedule = selectors.schedule_latest(event=event)
        if schedule is None:
            return Response({"planned": False, "meetings": []})
        sheet = selectors.schedule_sheet(
            viewer=viewer, schedule=schedule, language=get_language() or "", only_member=viewer.pk
        )
        mine = _meetings(sheet.attendees[0])["meetings"] if sheet.attendees else []
        return Response({"planned": True, "schedule_id": schedule.pk, "meetings": mine})


@extend_schema(tags=["community events"])
class HealthView(APIView):
    """Organisers: how alive the community is (the figures of the health page)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, workspace_slug: str):
        viewer = _viewer(request, workspace_slug)
        _organiser(viewer)
        health = selectors.community_health(viewer=viewer)
        return Response(
            {
                "members": health["members"],
                "active": {f"{days}_days": n for days, n in health["active"].items()},
                "asks": health["asks"],
                "introductions": {
                    "total": health["introductions"]["total"],
                    "statuses": health["introductions"]["statuses"],
                    "outcomes": {
                        (k or "unknown"): v for k, v in health["introductions"]["outcomes"].items()
                    },
                },
                "givers": [
                    {
                        "member_id": g.id,
                        "name": g.name,
                        "replies": g.replies,
                        "referrals": g.referrals,
                        "introductions": g.introductions,
                        "total": g.total,
                    }
                    for g in health["givers"]
                ],
                "events": health["events"],
            }
        )
