"""API endpoints of the network: warm paths, the message asking for an introduction, and
the health of the network (the same document as ``vinculo stats --json``)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from vinculo.api.serializers import MAX_ID
from vinculo.network import selectors, services
from vinculo.people.models import Contact

from .serializers import DraftSerializer, OwnedPrimaryKeyField


class PathQuerySerializer(serializers.Serializer):
    to = OwnedPrimaryKeyField(
        model=Contact, required=False, help_text=_("Id of the contact you want to meet.")
    )
    offering = serializers.CharField(
        required=False,
        max_length=500,
        help_text=_("Or what you need: paths to the contacts whose offers meet it."),
    )
    limit = serializers.IntegerField(
        min_value=1, max_value=10, default=3, help_text=_("At most this many (1 to 10).")
    )

    def validate(self, attrs):
        if (attrs.get("to") is None) == (not attrs.get("offering", "").strip()):
            raise serializers.ValidationError(
                {"to": [_("Give either a contact (to) or what they should offer (offering).")]},
                code="exclusive",
            )
        return attrs


class PathSerializer(serializers.Serializer):
    people = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Display names along the path: you first, the person to reach last."),
    )
    contacts = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        help_text=_("Ids of the contacts along the path (without you), in the same order."),
    )
    score = serializers.FloatField(help_text=_("Product of the tie strengths along the path."))
    offer = serializers.CharField(
        help_text=_("For a search by offer: what the last person offers that matched.")
    )


class PathListSerializer(serializers.Serializer):
    paths = PathSerializer(many=True, help_text=_("Best first; empty when there is no path."))


class PathDraftSerializer(serializers.Serializer):
    contacts = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        min_length=2,
        help_text=_("Ids of the path's contacts: the one to ask first, the one to meet last."),
    )
    offer = serializers.CharField(required=False, default="", allow_blank=True, max_length=500)


def path_entries(*, user, paths: list[selectors.WarmPath]) -> list[dict]:
    return [
        {
            "people": [user.name, *(p.name for p in path.people)],
            "contacts": [p.pk for p in path.people],
            "score": path.score,
            "offer": path.offer,
        }
        for path in paths
    ]


@extend_schema(tags=["network"])
class PathsView(APIView):
    """Warm paths: who can introduce you to a contact, or to someone who offers something."""

    @extend_schema(parameters=[PathQuerySerializer], responses=PathListSerializer)
    def get(self, request):
        """Ranked by the product of the tie strengths along each path; each alternative
        starts with a different person; ties of strength 0 are never used."""
        query = PathQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        options = query.validated_data
        paths = selectors.warm_paths_find(
            user=request.user,
            target=options.get("to"),
            offering=options.get("offering", ""),
            limit=options["limit"],
        )
        return Response({"paths": path_entries(user=request.user, paths=paths)})


@extend_schema(tags=["network"])
class PathDraftView(APIView):
    """The message asking the first person of a path for the introduction."""

    @extend_schema(request=PathDraftSerializer, responses=DraftSerializer)
    def post(self, request):
        """Written in the first person's language; nothing is sent or stored."""
        body = PathDraftSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        people = selectors.path_people_get(
            user=request.user, contact_ids=body.validated_data["contacts"]
        )
        draft = services.path_draft_ask(
            owner=request.user, people=people, offer=body.validated_data["offer"]
        )
        return Response(DraftSerializer(draft).data)


@extend_schema(tags=["network"])
class StatsView(APIView):
    """The size, health and value of the network."""

    @extend_schema(responses={200: {"type": "object", "additionalProperties": True}})
    def get(self, request):
        """The same document as ``vinculo stats --json``; the README describes each key."""
        return Response(selectors.network_health(user=request.user))
