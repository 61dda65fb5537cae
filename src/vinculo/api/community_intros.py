"""API of member introductions: suggestions for me and for organisers, my introductions,
asking for one, proposing one (organisers), answering (double opt-in), the outcome.

The same selectors and services as the web pages: another workspace answers 404, a role
that may not act answers 403, and a suggestion only uses what the viewer may see.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from vinculo.api.serializers import MAX_ID
from vinculo.communities import selectors, services
from vinculo.communities.enums import IntroductionOutcome, IntroductionStatus


class MemberSuggestionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[("helps_you", "helps_you"), ("you_help", "you_help"), ("organiser", "organiser")],
        help_text=_("helps_you: they could help you; you_help: you could help them."),
    )
    needer_id = serializers.IntegerField()
    needer_name = serializers.CharField()
    offerer_id = serializers.IntegerField()
    offerer_name = serializers.CharField()
    need = serializers.CharField()
    offer = serializers.CharField()
    score = serializers.FloatField()
    terms = serializers.ListField(child=serializers.CharField())
    reason = serializers.CharField(help_text=_("Why, in your language."))


class SuggestionsSerializer(serializers.Serializer):
    helps_you = MemberSuggestionSerializer(many=True)
    you_help = MemberSuggestionSerializer(many=True)


class MemberIntroductionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_id = serializers.IntegerField()
    first_name = serializers.CharField()
    second_id = serializers.IntegerField()
    second_name = serializers.CharField()
    proposed_by_id = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(choices=IntroductionStatus.choices)
    first_answer = serializers.CharField()
    second_answer = serializers.CharField()
    message = serializers.CharField(
        help_text=_("For the two members and whoever proposed it; empty for other organisers.")
    )
    created_at = serializers.DateTimeField()
    made_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.CharField(
        help_text=_("What organisers count: helped when either member says so.")
    )
    first_outcome = serializers.CharField(help_text=_("Whether it helped, as the first said."))
    second_outcome = serializers.CharField(help_text=_("Whether it helped, as the second said."))
    contact_email = serializers.EmailField(
        allow_null=True, help_text=_("The other member's email, once both accepted.")
    )


class IntroductionRequestSerializer(serializers.Serializer):
    member_id = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=_("The member you want to meet.")
    )
    message = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class IntroductionProposeSerializer(serializers.Serializer):
    first = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    second = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    message = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AnswerSerializer(serializers.Serializer):
    accept = serializers.BooleanField(source="accepted")


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=IntroductionOutcome.choices, allow_blank=True)


class RefreshSerializer(serializers.Serializer):
    tasks = serializers.IntegerField(help_text=_("Background tasks enqueued."))


def _suggestion(s) -> dict:
    return {
        "kind": s.kind,
        "needer_id": s.needer_id,
        "needer_name": s.needer_name,
        "offerer_id": s.offerer_id,
        "offerer_name": s.offerer_name,
        "need": s.need,
        "offer": s.offer,
        "score": s.score,
        "terms": s.terms,
        "reason": s.reason,
    }


def _introduction(viewer, i) -> dict:
    return {
        "id": i.pk,
        "first_id": i.first_id,
        "first_name": i.first.name,
        "second_id": i.second_id,
        "second_name": i.second.name,
        "proposed_by_id": i.proposed_by_id,
        "status": i.status,
        "first_answer": i.first_answer,
        "second_answer": i.second_answer,
        "message": selectors.introduction_message(viewer=viewer, introduction=i),
        "created_at": i.created_at,
        "made_at": i.made_at,
        "outcome": i.outcome,
        "first_outcome": i.first_outcome,
        "second_outcome": i.second_outcome,
        "contact_email": selectors.introduction_contact_email(viewer=viewer, introduction=i),
    }


def _django_errors(exc: DjangoValidationError):
    detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    return exceptions.ValidationError(detail)


def _url_for(request, slug: str):
    def url_for(introduction) -> str:
        path = reverse(
            "communities.intro", kwargs={"workspace_slug": slug, "intro_id": introduction.pk}
        )
        return request.build_absolute_uri(path)

    return url_for


def _viewer(request, workspace_slug: str):
    return selectors.workspace_membership_get(user=request.user, slug=workspace_slug)


def _call(service, **kwargs):
    """Call a service; its refusal is a 400 naming the field it is about."""
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        raise _django_errors(exc) from None


def _introduction_response(viewer, introduction_id: int, code=status.HTTP_200_OK) -> Response:
    """The introduction as it stands now, as the viewer may see it."""
    introduction = selectors.introduction_get(viewer=viewer, introduction_id=introduction_id)
    return Response(_introduction(viewer, introduction), status=code)


def _introduction_act(request, workspace_slug: str, intro_id: int, body_class, service, **extra):
    """What every action on one introduction does: the viewer's introduction (404 when it
    is not theirs to see), the body validated (its fields are the service's arguments),
    the service called, and the introduction as it stands afterwards."""
    viewer = _viewer(request, workspace_slug)
    introduction = selectors.introduction_get(viewer=viewer, introduction_id=intro_id)
    body = body_class(data=request.data)
    body.is_valid(raise_exception=True)
    _call(service, actor=viewer, introduction=introduction, **body.validated_data, **extra)
    return _introduction_response(viewer, intro_id)


@extend_schema(tags=["communities"])
class SuggestionsView(APIView):
    """Members who could help you, and members you could help (best first)."""

    @extend_schema(responses=SuggestionsSerializer)
    def get(self, request, workspace_slug: str):
        viewer = _viewer(request, workspace_slug)
        return Response(
            {
                "helps_you": [_suggestion(s) for s in selectors.who_could_help(viewer=viewer)],
                "you_help": [_suggestion(s) for s in selectors.whom_you_could_help(viewer=viewer)],
            }
        )


@extend_schema(tags=["communities"])
class OrganiserSuggestionsView(APIView):
    """For organisers: the best introductions to make this week."""

    @extend_schema(responses=MemberSuggestionSerializer(many=True))
    def get(self, request, workspace_slug: str):
        viewer = _viewer(request, workspace_slug)
        return Response([_suggestion(s) for s in selectors.organiser_introductions(viewer=viewer)])


@extend_schema(tags=["communities"])
class IntroductionListView(APIView):
    """Your introductions; POST asks to be introduced to a member."""

    @extend_schema(responses=MemberIntroductionSerializer(many=True))
    def get(self, request, workspace_slug: str):
        viewer = _viewer(request, workspace_slug)
        return Response(
            [_introduction(viewer, i) for i in selectors.introduction_list(viewer=viewer)]
        )

    @extend_schema(
        request=IntroductionRequestSerializer, responses={201: MemberIntroductionSerializer}
    )
    def post(self, request, workspace_slug: str):
        viewer = _viewer(request, workspace_slug)
        body = IntroductionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        other = selectors.member_get(viewer=viewer, member_id=body.validated_data["member_id"])
        introduction = _call(
            services.introduction_request,
            actor=viewer,
            other=other,
            message=body.validated_data.get("message", ""),
            url_for=_url_for(request, workspace_slug),
        )
        return _introduction_response(viewer, introduction.pk, status.HTTP_201_CREATED)


@extend_schema(tags=["communities"])
class IntroductionProposeView(APIView):
    """For organisers: propose that two members meet."""

    @extend_schema(
        request=IntroductionProposeSerializer, responses={201: MemberIntroductionSerializer}
    )
    def post(self, request, workspace_slug: str):
        viewer = _viewer(request, workspace_slug)
        if not viewer.is_organiser:
            raise exceptions.PermissionDenied
        body = IntroductionProposeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        first = selectors.member_get(viewer=viewer, member_id=body.validated_data["first"])
        second = selectors.member_get(viewer=viewer, member_id=body.validated_data["second"])
        introduction = _call(
            services.introduction_propose,
            actor=viewer,
            first=first,
            second=second,
            message=body.validated_data.get("message", ""),
            url_for=_url_for(request, workspace_slug),
        )
        return _introduction_response(viewer, introduction.pk, status.HTTP_201_CREATED)


@extend_schema(tags=["communities"])
class IntroductionRefreshView(APIView):
    """For organisers: compute every member's suggestions again, by background workers."""

    @extend_schema(request=None, responses={202: RefreshSerializer})
    def post(self, request, workspace_slug: str):
        viewer = _viewer(request, workspace_slug)
        if not viewer.is_organiser:
            raise exceptions.PermissionDenied
        count = services.member_matches_refresh(workspace=viewer.workspace)
        return Response({"tasks": count}, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["communities"])
class IntroductionView(APIView):
    """One of your introductions (organisers: any of the community)."""

    @extend_schema(responses=MemberIntroductionSerializer)
    def get(self, request, workspace_slug: str, intro_id: int):
        return _introduction_response(_viewer(request, workspace_slug), intro_id)


@extend_schema(tags=["communities"])
class IntroductionAnswerView(APIView):
    """Accept or decline an introduction you are a side of."""

    @extend_schema(request=AnswerSerializer, responses=MemberIntroductionSerializer)
    def post(self, request, workspace_slug: str, intro_id: int):
        return _introduction_act(
            request,
            workspace_slug,
            intro_id,
            AnswerSerializer,
            services.introduction_answer,
            url_for=_url_for(request, workspace_slug),
        )


@extend_schema(tags=["communities"])
class IntroductionOutcomeView(APIView):
    """Say whether a made introduction helped ("helped", "not_helped", or "" to unsay)."""

    @extend_schema(request=OutcomeSerializer, responses=MemberIntroductionSerializer)
    def post(self, request, workspace_slug: str, intro_id: int):
        return _introduction_act(
            request,
            workspace_slug,
            intro_id,
            OutcomeSerializer,
            services.introduction_outcome_set,
        )
