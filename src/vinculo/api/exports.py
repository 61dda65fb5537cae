"""API endpoints of portability: the whole network as a file, probable duplicates, and
merging two contacts (the same services as the web pages and the command line)."""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from vinculo.people import services
from vinculo.people.duplicates import duplicate_list
from vinculo.people.models import Contact
from vinculo.portability.exporters import FORMATS, VCARD_VERSIONS, network_export_file

from .serializers import ContactSerializer, OwnedPrimaryKeyField


class ExportQuerySerializer(serializers.Serializer):
    # Not "format": REST framework reads that one to choose how to render its answer.
    type = serializers.ChoiceField(
        choices=FORMATS,
        help_text=_("json: the exchange format; vcard; csv: Google Contacts' CSV."),
    )
    version = serializers.ChoiceField(
        choices=VCARD_VERSIONS, default="4.0", help_text=_("vCard version (vcard only).")
    )


@extend_schema(tags=["portability"])
class ExportView(APIView):
    """The whole network as a file to download."""

    @extend_schema(
        parameters=[ExportQuerySerializer],
        responses={
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description=_("The file.")
            ),
            (200, "text/vcard"): OpenApiResponse(OpenApiTypes.BINARY, description=_("The file.")),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description=_("The file.")),
        },
    )
    def get(self, request):
        """The exchange format (JSON), vCard 4.0 or 3.0, or Google Contacts CSV."""
        query = ExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        exported = network_export_file(
            user=request.user,
            format=query.validated_data["type"],
            vcard_version=query.validated_data["version"],
        )
        response = HttpResponse(exported.data, content_type=exported.content_type)
        response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
        return response


class DuplicatePersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DuplicateSerializer(serializers.Serializer):
    a = DuplicatePersonSerializer()
    b = DuplicatePersonSerializer()
    reason = serializers.ChoiceField(
        choices=["email", "phone", "name"],
        help_text=_("Why they look like one person: the same email, phone, or close names."),
    )
    detail = serializers.CharField(help_text=_("The shared email or phone (E.164)."))
    why = serializers.CharField(help_text=_("The reason in words, in your language."))


class DuplicateListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    duplicates = DuplicateSerializer(many=True)


class MergeSerializer(serializers.Serializer):
    keep = OwnedPrimaryKeyField(model=Contact, help_text=_("The contact that stays."))
    other = OwnedPrimaryKeyField(
        model=Contact, help_text=_("The contact merged into it and then deleted.")
    )

    def validate(self, attrs):
        if attrs["keep"].pk == attrs["other"].pk:
            raise serializers.ValidationError(
                {"other": [_("A contact cannot be merged with itself.")]}, code="same"
            )
        return attrs


class DismissSerializer(serializers.Serializer):
    a = OwnedPrimaryKeyField(model=Contact)
    b = OwnedPrimaryKeyField(model=Contact)

    def validate(self, attrs):
        if attrs["a"].pk == attrs["b"].pk:
            raise serializers.ValidationError({"b": [_("Two different contacts.")]}, code="same")
        return attrs


@extend_schema(tags=["portability"])
class DuplicateListView(APIView):
    """Probable duplicates: pairs of contacts that are probably one person."""

    @extend_schema(responses=DuplicateListSerializer)
    def get(self, request):
        """Every pair not dismissed, in order of ids; nothing is merged by itself."""
        found = duplicate_list(user=request.user)
        return Response(
            {
                "count": len(found),
                "duplicates": [
                    {
                        "a": {"id": d.a.pk, "name": d.a.name},
                        "b": {"id": d.b.pk, "name": d.b.name},
                        "reason": d.reason,
                        "detail": d.detail,
                        "why": d.why,
                    }
                    for d in found
                ],
            }
        )


@extend_schema(tags=["portability"])
class MergeView(APIView):
    """Merge two contacts that are one person."""

    @extend_schema(request=MergeSerializer, responses=ContactSerializer)
    def post(self, request):
        """Everything of ``other`` (emails, phones, tags, offers, needs, ties, interactions,
        follow-ups, events, introductions…) moves to ``keep``; ``other`` is deleted."""
        body = MergeSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        merged = services.contact_merge(
            owner=request.user, keep=body.validated_data["keep"], other=body.validated_data["other"]
        )
        return Response(ContactSerializer(merged, context={"request": request}).data)


@extend_schema(tags=["portability"])
class DismissView(APIView):
    """Two contacts are not the same person: never propose them again."""

    @extend_schema(request=DismissSerializer, responses={204: None})
    def post(self, request):
        body = DismissSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        services.duplicate_dismiss(
            owner=request.user, a=body.validated_data["a"], b=body.validated_data["b"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
