"""The API of events: the events with their attendees and the people I want to meet, the
prepare sheet, the capture at an event, and business cards read by OCR.

As everywhere in the API, every query starts from ``for_user(request.user)``, so another
user's event or contact answers 404 exactly like one that does not exist.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from vinculo.activity import selectors, services
from vinculo.activity.enums import EventKind
from vinculo.activity.models import Event
from vinculo.capture import services as capture_services
from vinculo.capture.cards import CardError, card_read
from vinculo.people.models import Contact
from vinculo.people.selectors import contact_get

from .serializers import ContactSerializer, OwnedPrimaryKeyField


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    external_id = serializers.CharField(max_length=200, allow_blank=True, required=False)
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(
        choices=EventKind.choices,
        allow_blank=True,
        required=False,
        help_text=_("An event imported with a kind of its own keeps it."),
    )
    date = serializers.DateField(allow_null=True, required=False)
    place = serializers.CharField(max_length=200, allow_blank=True, required=False)
    notes = serializers.CharField(allow_blank=True, required=False)
    attendees = OwnedPrimaryKeyField(
        model=Contact, many=True, required=False, help_text=_("Ids of the contacts attending.")
    )
    to_meet = OwnedPrimaryKeyField(
        model=Contact,
        many=True,
        required=False,
        help_text=_("Ids of the contacts you want to meet there."),
    )
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class AttendeeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    contact = OwnedPrimaryKeyField(
        model=Contact, write_only=True, help_text=_("Id of the contact to add.")
    )


class ThroughSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="0.pk")
    name = serializers.CharField(source="0.name")
    strength = serializers.FloatField(source="1", allow_null=True)


class PersonSheetSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="contact.pk")
    name = serializers.CharField(source="contact.name")
    title = serializers.CharField(source="contact.title")
    organization = serializers.SerializerMethodField()
    does = serializers.CharField(source="contact.does")
    offers = serializers.ListField(child=serializers.CharField())
    needs = serializers.ListField(child=serializers.CharField())
    known = serializers.BooleanField(
        help_text=_("A direct tie: a strength above 0 or interactions logged.")
    )
    interactions = serializers.IntegerField()
    last_seen = serializers.DateField(allow_null=True)
    through = ThroughSerializer(
        many=True, help_text=_("Your contacts who know them, strongest tie first.")
    )
    attending = serializers.BooleanField()
    to_meet = serializers.BooleanField()

    def get_organization(self, sheet) -> str:
        organization = sheet.contact.organization
        return organization.name if organization is not None else ""


class SheetSuggestionSerializer(serializers.Serializer):
    match_id = serializers.IntegerField()
    need_contact = serializers.IntegerField(
        source="need_contact.pk", allow_null=True, default=None, help_text=_("Null: you.")
    )
    offer_contact = serializers.IntegerField(
        source="offer_contact.pk", allow_null=True, default=None, help_text=_("Null: you.")
    )
    need = serializers.CharField()
    offer = serializers.CharField()
    score = serializers.FloatField()
    why = serializers.CharField(source="reason")


class PrepareSheetSerializer(serializers.Serializer):
    event = EventSerializer()
    pitch = serializers.CharField()
    my_offers = serializers.ListField(child=serializers.CharField())
    my_needs = serializers.ListField(child=serializers.CharField())
    attendees = PersonSheetSerializer(many=True)
    to_meet = PersonSheetSerializer(many=True)
    among = SheetSuggestionSerializer(
        many=True, help_text=_("Introductions between two attendees.")
    )
    network = SheetSuggestionSerializer(
        many=True, help_text=_("Introductions between an attendee and someone else you know.")
    )
    for_me = SheetSuggestionSerializer(
        many=True, help_text=_("Attendees who could help you, or whom you could help.")
    )


class CardSerializer(serializers.Serializer):
    photo = serializers.FileField(write_only=True)
    name = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    organization = serializers.CharField(read_only=True)
    emails = serializers.ListField(child=serializers.CharField(), read_only=True)
    phones = serializers.ListField(child=serializers.CharField(), read_only=True)
    urls = serializers.ListField(child=serializers.CharField(), read_only=True)
    notes = serializers.CharField(
        read_only=True, help_text=_("Lines read that fit no field, one per line.")
    )


def _event_fields(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in ("attendees", "to_meet")}


@extend_schema(tags=["events"])
class EventViewSet(viewsets.ModelViewSet):
    """Events: networking events, breakfasts, lunches, brainstorming meetings, fairs."""

    serializer_class = EventSerializer
    lookup_url_kwarg = "event_id"

    def get_queryset(self):
        return (
            Event.objects.for_user(self.request.user)
            .prefetch_related("attendees", "to_meet")
            .order_by("-date", "name", "id")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        event = services.event_create(
            owner=self.request.user, attendees=data.get("attendees", ()), **_event_fields(data)
        )
        if data.get("to_meet"):
            services.event_to_meet_set(event=event, contacts=data["to_meet"])
        serializer.instance = event

    def perform_update(self, serializer):
        data = serializer.validated_data
        event = services.event_update(event=serializer.instance, **_event_fields(data))
        if "attendees" in data:
            services.event_attendees_set(event=event, contacts=data["attendees"])
        if "to_meet" in data:
            services.event_to_meet_set(event=event, contacts=data["to_meet"])
        serializer.instance = selectors.event_get(user=self.request.user, event_id=event.pk)

    def perform_destroy(self, instance):
        services.event_delete(event=instance)


@extend_schema(tags=["events"])
class EventAttendeeViewSet(viewsets.ViewSet):
    """The attendees of one event."""

    serializer_class = AttendeeSerializer

    def _rows(self, event):
        return AttendeeSerializer(selectors.event_attendees(event=event), many=True).data

    @extend_schema(responses=AttendeeSerializer(many=True))
    def list(self, request, event_id: int):
        event = selectors.event_get(user=request.user, event_id=event_id)
        return Response(self._rows(event))

    @extend_schema(request=AttendeeSerializer, responses=AttendeeSerializer(many=True))
    def create(self, request, event_id: int):
        event = selectors.event_get(user=request.user, event_id=event_id)
        serializer = AttendeeSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.event_attendee_add(event=event, contact=serializer.validated_data["contact"])
        return Response(self._rows(event), status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request, event_id: int, contact_id: int):
        event = selectors.event_get(user=request.user, event_id=event_id)
        contact = contact_get(user=request.user, contact_id=contact_id)
        services.event_attendee_remove(event=event, contact=contact)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["events"])
class EventPrepareView(APIView):
    """The prepare sheet of an event: who will be there, what they need and offer, whom you
    know and through whom, the introductions you could make, whom you want to meet, your
    pitch."""

    serializer_class = PrepareSheetSerializer

    def get(self, request, event_id: int):
        event = selectors.event_get(user=request.user, event_id=event_id)
        sheet = selectors.event_prepare(user=request.user, event=event)
        return Response(PrepareSheetSerializer(sheet, context={"request": request}).data)


@extend_schema(tags=["events"])
class EventCaptureView(APIView):
    """Someone met at the event: a new contact, met that day at its place (unless given),
    one of its attendees, with a follow-up due the next day."""

    serializer_class = ContactSerializer

    @extend_schema(request=ContactSerializer, responses={201: ContactSerializer})
    def post(self, request, event_id: int):
        event = selectors.event_get(user=request.user, event_id=event_id)
        serializer = ContactSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        fields.pop("met_event", None)
        contact = capture_services.event_contact_capture(owner=request.user, event=event, **fields)
        return Response(
            ContactSerializer(contact, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=["events"])
class CardReadView(APIView):
    """Read a business-card photo (multipart ``photo``) into a contact's fields. Nothing is
    saved: review the fields, then create the contact."""

    parser_classes = [MultiPartParser]
    serializer_class = CardSerializer

    @extend_schema(request={"multipart/form-data": CardSerializer}, responses=CardSerializer)
    def post(self, request):
        serializer = CardSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        photo = serializer.validated_data["photo"]
        try:
            reading = card_read(data=photo.read(settings.CARD_IMAGE_MAX_BYTES + 1))
        except CardError as exc:
            raise serializers.ValidationError({"photo": [str(exc)]}, code="unreadable") from exc
        return Response(CardSerializer(reading.initial()).data)
