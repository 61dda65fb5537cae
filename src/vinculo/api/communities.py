"""API of communities: my workspaces, a workspace's directory, a member's profile, and my
own profile there.

The same selectors and services as the web pages: a workspace the requesting user is not
a member of answers 404, and every profile comes with each field's visibility applied, so
a field a member hides is never in a response to another member.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from vinculo.communities import selectors, services
from vinculo.communities.enums import VISIBLE_FIELDS, Role, Visibility


class WorkspaceSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    language = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices, help_text=_("Your role there."))
    member_count = serializers.IntegerField()
    member_id = serializers.IntegerField(help_text=_("Your own member id there."))


class MemberSerializer(serializers.Serializer):
    """A member as you may see them: a field they hide from you is null."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices)
    joined_at = serializers.DateTimeField()
    does = serializers.CharField(allow_null=True)
    pitch = serializers.CharField(allow_null=True)
    sector = serializers.CharField(allow_null=True)
    city = serializers.CharField(allow_null=True)
    offers = serializers.ListField(child=serializers.CharField(), allow_null=True)
    needs = serializers.ListField(child=serializers.CharField(), allow_null=True)


class VisibilitySerializer(serializers.Serializer):
    def get_fields(self):
        return {
            field: serializers.ChoiceField(choices=Visibility.choices, required=False)
            for field in VISIBLE_FIELDS
        }


class MyProfileSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    role = serializers.CharField(read_only=True)
    name = serializers.CharField(max_length=200)
    does = serializers.CharField(allow_blank=True)
    pitch = serializers.CharField(allow_blank=True)
    sector = serializers.CharField(max_length=120, allow_blank=True)
    city = serializers.CharField(max_length=120, allow_blank=True)
    offers = serializers.ListField(child=serializers.CharField(max_length=500))
    needs = serializers.ListField(child=serializers.CharField(max_length=500))
    visibility = VisibilitySerializer(
        help_text=_(
            "Who sees each field: members (of the community), organisers (only), me (only)."
        )
    )


def _my_profile(membership) -> dict:
    return {
        "id": membership.pk,
        "role": membership.role,
        "name": membership.name,
        "does": membership.does,
        "pitch": membership.pitch,
        "sector": membership.sector,
        "city": membership.city,
        "offers": [o.text for o in membership.offers.all()],
        "needs": [n.text for n in membership.needs.all()],
        "visibility": {f: getattr(membership, f"{f}_visibility") for f in VISIBLE_FIELDS},
    }


def _card(card) -> dict:
    return {
        "id": card.id,
        "name": card.name,
        "role": card.role,
        "joined_at": card.joined_at,
        "does": card.does,
        "pitch": card.pitch,
        "sector": card.sector,
        "city": card.city,
        "offers": card.offers,
        "needs": card.needs,
    }


@extend_schema(tags=["communities"])
class WorkspaceListView(APIView):
    """The communities you are a member of."""

    @extend_schema(responses=WorkspaceSerializer(many=True))
    def get(self, request):
        return Response(
            WorkspaceSerializer(
                [
                    {
                        "slug": m.workspace.slug,
                        "name": m.workspace.name,
                        "description": m.workspace.description,
                        "language": m.workspace.language,
                        "role": m.role,
                        "member_count": m.member_count,
                        "member_id": m.pk,
                    }
                    for m in selectors.workspace_list(user=request.user)
                ],
                many=True,
            ).data
        )


FILTERS = [
    OpenApiParameter("q", str, description=_("Search: name and shared fields, accents ignored.")),
    OpenApiParameter("sector", str),
    OpenApiParameter("city", str),
    OpenApiParameter("offer", str, description=_("Words of a shared offer.")),
    OpenApiParameter("need", str, description=_("Words of a shared need.")),
]


class DirectoryPagination(PageNumberPagination):
    """Pages of the directory read as the web page reads them (``DirectoryPaginator``):
    ``page`` from 1, ``count`` stops at the paginator's ``count_limit`` and ``more`` says
    there are more members than that (a search or a filter finds them)."""

    django_paginator_class = selectors.DirectoryPaginator
    page_size = selectors.DIRECTORY_PAGE_SIZE
    template = None

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.count,
                "more": paginator.more,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )


class MemberPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        help_text=_("How many members, up to a limit: with more than that, more is true.")
    )
    more = serializers.BooleanField(
        help_text=_("There are more members than the count: search or filter to find them.")
    )
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = MemberSerializer(many=True)


@extend_schema(tags=["communities"])
class DirectoryView(APIView):
    """The members of a community, as you may see them; by pages, as the web directory."""

    @extend_schema(
        parameters=[
            *FILTERS,
            OpenApiParameter("page", int, description=_("The page, from 1.")),
        ],
        responses=MemberPageSerializer,
        operation_id="v1_communities_members_list",  # a list, by pages: its name as before
    )
    def get(self, request, workspace_slug: str):
        viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
        members = selectors.directory_search(
            viewer=viewer,
            query=request.query_params.get("q", ""),
            sector=request.query_params.get("sector", ""),
            city=request.query_params.get("city", ""),
            offer=request.query_params.get("offer", ""),
            need=request.query_params.get("need", ""),
        )
        paginator = DirectoryPagination()
        page = paginator.paginate_queryset(members, request, view=self)
        cards = selectors.directory_cards(viewer=viewer, members=page)
        return paginator.get_paginated_response(
            MemberSerializer([_card(c) for c in cards], many=True).data
        )


@extend_schema(tags=["communities"])
class MemberView(APIView):
    """One member's community profile, as you may see it."""

    @extend_schema(responses=MemberSerializer)
    def get(self, request, workspace_slug: str, member_id: int):
        viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
        member = selectors.member_get(viewer=viewer, member_id=member_id)
        return Response(
            MemberSerializer(_card(selectors.member_card(viewer=viewer, member=member))).data
        )


@extend_schema(tags=["communities"])
class MyProfileView(APIView):
    """Your profile in a community, and who sees each field."""

    def _membership(self, request, workspace_slug):
        viewer = selectors.workspace_membership_get(user=request.user, slug=workspace_slug)
        return selectors.member_get(viewer=viewer, member_id=viewer.pk)

    @extend_schema(responses=MyProfileSerializer)
    def get(self, request, workspace_slug: str):
        return Response(
            MyProfileSerializer(_my_profile(self._membership(request, workspace_slug))).data
        )

    def _update(self, request, workspace_slug: str, *, partial: bool):
        membership = self._membership(request, workspace_slug)
        body = MyProfileSerializer(_my_profile(membership), data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        try:
            services.profile_update(membership=membership, **data)
        except DjangoValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            raise exceptions.ValidationError(detail) from None
        return Response(
            MyProfileSerializer(_my_profile(self._membership(request, workspace_slug))).data
        )

    @extend_schema(request=MyProfileSerializer, responses=MyProfileSerializer)
    def put(self, request, workspace_slug: str):
        return self._update(request, workspace_slug, partial=False)

    @extend_schema(request=MyProfileSerializer, responses=MyProfileSerializer)
    def patch(self, request, workspace_slug: str):
        return self._update(request, workspace_slug, partial=True)
