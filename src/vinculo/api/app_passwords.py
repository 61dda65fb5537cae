"""API of app passwords for CardDAV: list, create (the secret is in the answer, once) and
revoke. The same services as the profile page; another user's app password answers 404."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from vinculo.dav import selectors, services
from vinculo.dav.models import AppPassword

PASSWORD_ID = OpenApiParameter("password_id", OpenApiTypes.INT, OpenApiParameter.PATH)


class AppPasswordSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    label = serializers.CharField(max_length=80, help_text=_("The device, to recognise it by."))
    created_at = serializers.DateTimeField(read_only=True)
    last_used_at = serializers.DateTimeField(read_only=True, allow_null=True)


class AppPasswordCreatedSerializer(AppPasswordSerializer):
    secret = serializers.CharField(
        read_only=True, help_text=_("The password for the device; shown only in this answer.")
    )


@extend_schema(tags=["carddav"])
class AppPasswordListView(APIView):
    @extend_schema(responses=AppPasswordSerializer(many=True))
    def get(self, request):
        passwords = selectors.app_password_list(user=request.user)
        return Response(AppPasswordSerializer(passwords, many=True).data)

    @extend_schema(request=AppPasswordSerializer, responses={201: AppPasswordCreatedSerializer})
    def post(self, request):
        incoming = AppPasswordSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        password, secret = services.app_password_create(
            user=request.user, label=incoming.validated_data["label"]
        )
        password.secret = secret
        return Response(AppPasswordCreatedSerializer(password).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["carddav"])
class AppPasswordDetailView(APIView):
    @extend_schema(parameters=[PASSWORD_ID], responses={204: None})
    def delete(self, request, password_id: int):
        try:
            password = selectors.app_password_get(user=request.user, password_id=password_id)
        except AppPassword.DoesNotExist:
            raise exceptions.NotFound from None
        services.app_password_revoke(password=password)
        return Response(status=status.HTTP_204_NO_CONTENT)
