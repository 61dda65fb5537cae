"""API endpoint of the import: a contacts file in, the report out (the same service as the
web page and ``vinculo import``)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from vinculo.people.duplicates import duplicate_count
from vinculo.portability.importers.services import file_import

TYPES = ("auto", "json", "vcard", "csv", "linkedin")


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True, help_text=_("A vCard, CSV, LinkedIn or exchange-format file.")
    )
    # Not "format": REST framework reads that one to choose how to render its answer.
    type = serializers.ChoiceField(choices=TYPES, default="auto")
    strict = serializers.BooleanField(
        default=False, help_text=_("Any error rejects the whole file.")
    )
    dry_run = serializers.BooleanField(
        default=False, help_text=_("Say what would happen and write nothing.")
    )


class ImportIssueSerializer(serializers.Serializer):
    where = serializers.CharField(help_text=_("The file, the line and the field."))
    why = serializers.CharField()


class ImportRowSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    name = serializers.CharField()
    action = serializers.ChoiceField(choices=["create", "update", "skip"])
    why = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    skipped = serializers.IntegerField()
    errors = ImportIssueSerializer(many=True)
    warnings = ImportIssueSerializer(many=True)
    rows = ImportRowSerializer(many=True)
    duplicates = serializers.IntegerField(
        help_text=_("Probable duplicates among the contacts just imported.")
    )


@extend_schema(tags=["portability"])
class ImportView(APIView):
    """Import a contacts file into the network, or preview it with ``dry_run``."""

    parser_classes = (MultiPartParser, FormParser)

    @extend_schema(
        request={"multipart/form-data": ImportRequestSerializer},
        responses={200: ImportResultSerializer, 422: ImportResultSerializer},
    )
    def post(self, request):
        """200 when the file was read (errors of single entries are listed); 422 when the
        file as a whole was refused and nothing was written."""
        query = ImportRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        upload = query.validated_data["file"]
        result = file_import(
            user=request.user,
            data=upload.read(),
            source_name=upload.name,
            kind=query.validated_data["type"],
            strict=query.validated_data["strict"],
            dry_run=query.validated_data["dry_run"],
        )
        duplicates = (
            duplicate_count(user=request.user, contact_ids=result.contact_ids)
            if result.contact_ids and result.kind != "json"
            else 0
        )
        body = {
            **result.as_dict(),
            "rows": [
                {"line": r.line, "name": r.name, "action": r.action, "why": r.why}
                for r in result.rows
            ],
            "duplicates": duplicates,
        }
        code = (
            status.HTTP_422_UNPROCESSABLE_ENTITY if result.report.rejected else status.HTTP_200_OK
        )
        return Response(ImportResultSerializer(body).data, status=code)
