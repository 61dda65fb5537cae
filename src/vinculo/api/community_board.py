"""API of a community's board: asks and offers, replies, and “I know someone”.

The same selectors and services as the web pages: another workspace answers 404, a role
that may not do something 403. A referral's person (name, email, phone) is null for
everyone but its helper until the helper confirms the person agreed; then the asker
sees what the helper chose to share.
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from vinculo.api.pagination import Pages
from vinculo.api.serializers import MAX_ID
from vinculo.communities import selectors as community_selectors
from vinculo.communities.board import selectors, services
from vinculo.communities.board.enums import PostKind, PostStatus, ReferralStatus


def _viewer(request, workspace_slug: str):
    return community_selectors.workspace_membership_get(user=request.user, slug=workspace_slug)


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        raise exceptions.ValidationError(detail) from None


def _url_for(request):
    def url_for(post) -> str:
        return request.build_absolute_uri(
            reverse(
                "communities.board.post",
                kwargs={"workspace_slug": post.workspace.slug, "post_id": post.pk},
            )
        )

    return url_for


class BoardPostSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=PostKind.choices)
    text = serializers.CharField(max_length=4000)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    status = serializers.ChoiceField(choices=PostStatus.choices, read_only=True)
    author_id = serializers.IntegerField(read_only=True)
    author_name = serializers.CharField(read_only=True)
    reply_count = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    solved_at = serializers.DateTimeField(read_only=True, allow_null=True)


class BoardPostEditSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)


class BoardReplySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    author_id = serializers.IntegerField(read_only=True)
    author_name = serializers.CharField(read_only=True)
    text = serializers.CharField(max_length=4000)
    created_at = serializers.DateTimeField(read_only=True)


class BoardReferralSerializer(serializers.Serializer):
    """An offer to introduce someone, as you may see it."""

    id = serializers.IntegerField()
    post_id = serializers.IntegerField()
    helper_id = serializers.IntegerField()
    helper_name = serializers.CharField()
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    message = serializers.CharField()
    person_name = serializers.CharField(
        allow_null=True, help_text=_("Null for the asker until the introduction is made.")
    )
    person_email = serializers.CharField(allow_null=True)
    person_phone = serializers.CharField(allow_null=True)
    description = serializers.CharField(allow_null=True, help_text=_("Only for the helper."))
    created_at = serializers.DateTimeField()
    made_at = serializers.DateTimeField(allow_null=True)


class BoardHelperSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    offer = serializers.CharField()
    score = serializers.FloatField()


class BoardPostDetailSerializer(BoardPostSerializer):
    replies = BoardReplySerializer(many=True)
    referrals = BoardReferralSerializer(many=True)
    members_who_could_help = BoardHelperSerializer(many=True)


class BoardSolveSerializer(serializers.Serializer):
    solved = serializers.BooleanField(default=True)


class BoardReferralOfferSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=4000)
    contact_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("One of your own contacts."),
    )
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=4000, help_text=_("Only you see this.")
    )


class BoardAnswerSerializer(serializers.Serializer):
    accepted = serializers.BooleanField()


class BoardConfirmSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=60)


def _post(post, reply_count: int | None = None) -> dict:
    return {
        "id": post.pk,
        "kind": post.kind,
        "text": post.text,
        "language": post.language,
        "status": post.status,
        "author_id": post.author_id,
        "author_name": post.author.name,
        "reply_count": post.reply_count if reply_count is None else reply_count,
        "created_at": post.created_at,
        "solved_at": post.solved_at,
    }


def _reply(reply) -> dict:
    return {
        "id": reply.pk,
        "author_id": reply.author_id,
        "author_name": reply.author.name,
        "text": reply.text,
        "created_at": reply.created_at,
    }


def _referral(view, post_id: int) -> dict:
    return {
        "id": view.id,
        "post_id": post_id,
        "helper_id": view.helper_id,
        "helper_name": view.helper_name,
        "status": view.status,
        "message": view.message,
        "person_name": view.person_name,
        "person_email": view.person_email,
        "person_phone": view.person_phone,
        "description": view.description,
        "created_at": view.created_at,
        "made_at": view.made_at,
    }


def _post_detail(viewer, post) -> dict:
    replies = selectors.post_replies(post=post)
    return {
        **_post(post, reply_count=len(replies)),
        "replies": [_reply(r) for r in replies],
        "referrals": [
            _referral(r, post.pk) for r in selectors.post_referrals(viewer=viewer, post=post)
        ],
        "members_who_could_help": [
            vars(h) for h in selectors.members_who_could_help(viewer=viewer, post=post)
        ],
    }


FILTERS = [
    OpenApiParameter("q", str, description=_("Words of the text, accents ignored.")),
    OpenApiParameter("show", str, enum=list(selectors.FILTERS)),
    OpenApiParameter("kind", str, enum=PostKind.values),
]


@extend_schema(tags=["communities"])
class BoardView(APIView):
    """The board of a community, newest first; post an ask or an offer."""

    pagination_class = Pages  # so the schema describes the pages it answers

    @extend_schema(parameters=FILTERS, responses=BoardPostSerializer(many=True))
    def get(self, request, workspace_slug: str):
        viewer = _viewer(request, workspace_slug)
        posts = selectors.post_search(
            viewer=viewer,
            query=request.query_params.get("q", ""),
            show=request.query_params.get("show", ""),
            kind=request.query_params.get("kind", ""),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(posts, request, view=self)
        return paginator.get_paginated_response(
            BoardPostSerializer([_post(p) for p in page], many=True).data
        )

    @extend_schema(request=BoardPostSerializer, responses={201: BoardPostDetailSerializer})
    def post(self, request, workspace_slug: str):
        viewer = _viewer(request, workspace_slug)
        body = BoardPostSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        post = _call(
            services.post_create,
            actor=viewer,
            kind=body.validated_data["kind"],
            text=body.validated_data["text"],
            language=body.validated_data.get("language", ""),
            url_for=_url_for(request),
        )
        post = selectors.post_get(viewer=viewer, post_id=post.pk)
        return Response(
            BoardPostDetailSerializer(_post_detail(viewer, post)).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=["communities"])
class PostView(APIView):
    """One post with its replies, the referrals you are part of, and who could help."""

    @extend_schema(responses=BoardPostDetailSerializer)
    def get(self, request, workspace_slug: str, post_id: int):
        viewer = _viewer(request, workspace_slug)
        post = selectors.post_get(viewer=viewer, post_id=post_id)
        return Response(BoardPostDetailSerializer(_post_detail(viewer, post)).data)

    @extend_schema(request=BoardPostEditSerializer, responses=BoardPostDetailSerializer)
    def patch(self, request, workspace_slug: str, post_id: int):
        viewer = _viewer(request, workspace_slug)
        post = selectors.post_get(viewer=viewer, post_id=post_id)
        body = BoardPostEditSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _call(services.post_update, actor=viewer, post=post, **body.validated_data)
        post = selectors.post_get(viewer=viewer, post_id=post_id)
        return Response(BoardPostDetailSerializer(_post_detail(viewer, post)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, workspace_slug: str, post_id: int):
        viewer = _viewer(request, workspace_slug)
        post = selectors.post_get(viewer=viewer, post_id=post_id)
        services.post_delete(actor=viewer, post=post)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["communities"])
class PostSolveView(APIView):
    """Mark an ask solved (its author or an organiser), or open it again."""

    @extend_schema(request=BoardSolveSerializer, responses=BoardPostDetailSerializer)
    def post(self, request, workspace_slug: str, post_id: int):
        viewer = _viewer(request, workspace_slug)
        post = selectors.post_get(viewer=viewer, post_id=post_id)
        body = BoardSolveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _call(services.post_set_solved, actor=viewer, post=post, **body.validated_data)
        return Response(BoardPostDetailSerializer(_post_detail(viewer, post)).data)


@extend_schema(tags=["communities"])
class ReplyCreateView(APIView):
    @extend_schema(request=BoardReplySerializer, responses={201: BoardReplySerializer})
    def post(self, request, workspace_slug: str, post_id: int):
        viewer = _viewer(request, workspace_slug)
        post = selectors.post_get(viewer=viewer, post_id=post_id)
        body = BoardReplySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reply = _call(
            services.reply_create, actor=viewer, post=post, text=body.validated_data["text"]
        )
        return Response(BoardReplySerializer(_reply(reply)).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["communities"])
class ReplyView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, workspace_slug: str, reply_id: int):
        viewer = _viewer(request, workspace_slug)
        reply = selectors.reply_get(viewer=viewer, reply_id=reply_id)
        services.reply_delete(actor=viewer, reply=reply)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _referral_response(viewer, referral_id: int, code=status.HTTP_200_OK) -> Response:
    referral = selectors.referral_get(viewer=viewer, referral_id=referral_id)
    view = selectors.referral_view(viewer=viewer, referral=referral)
    return Response(BoardReferralSerializer(_referral(view, referral.post_id)).data, status=code)


@extend_schema(tags=["communities"])
class ReferralCreateView(APIView):
    """“I know someone”: offer the asker an introduction without naming the person."""

    @extend_schema(request=BoardReferralOfferSerializer, responses={201: BoardReferralSerializer})
    def post(self, request, workspace_slug: str, post_id: int):
        viewer = _viewer(request, workspace_slug)
        post = selectors.post_get(viewer=viewer, post_id=post_id)
        body = BoardReferralOfferSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        referral = _call(
            services.referral_offer,
            actor=viewer,
            post=post,
            message=data["message"],
            contact_id=data.get("contact_id"),
            description=data.get("description", ""),
            url_for=_url_for(request),
        )
        return _referral_response(viewer, referral.pk, status.HTTP_201_CREATED)


@extend_schema(tags=["communities"])
class ReferralView(APIView):
    """A referral you are part of: as its helper, or as the asker."""

    @extend_schema(responses=BoardReferralSerializer)
    def get(self, request, workspace_slug: str, referral_id: int):
        return _referral_response(_viewer(request, workspace_slug), referral_id)


@extend_schema(tags=["communities"])
class ReferralAnswerView(APIView):
    """The asker accepts or declines."""

    @extend_schema(request=BoardAnswerSerializer, responses=BoardReferralSerializer)
    def post(self, request, workspace_slug: str, referral_id: int):
        viewer = _viewer(request, workspace_slug)
        referral = selectors.referral_get(viewer=viewer, referral_id=referral_id)
        body = BoardAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _call(
            services.referral_answer,
            actor=viewer,
            referral=referral,
            accepted=body.validated_data["accepted"],
            url_for=_url_for(request),
        )
        return _referral_response(viewer, referral_id)


@extend_schema(tags=["communities"])
class ReferralConfirmView(APIView):
    """The helper confirms the person agreed, with the details to share."""

    @extend_schema(request=BoardConfirmSerializer, responses=BoardReferralSerializer)
    def post(self, request, workspace_slug: str, referral_id: int):
        viewer = _viewer(request, workspace_slug)
        referral = selectors.referral_get(viewer=viewer, referral_id=referral_id)
        body = BoardConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _call(
            services.referral_confirm,
            actor=viewer,
            referral=referral,
            **body.validated_data,
            url_for=_url_for(request),
        )
        return _referral_response(viewer, referral_id)


@extend_schema(tags=["communities"])
class ReferralWithdrawView(APIView):
    @extend_schema(request=None, responses=BoardReferralSerializer)
    def post(self, request, workspace_slug: str, referral_id: int):
        viewer = _viewer(request, workspace_slug)
        referral = selectors.referral_get(viewer=viewer, referral_id=referral_id)
        _call(services.referral_withdraw, actor=viewer, referral=referral)
        return _referral_response(viewer, referral_id)
