"""The API under ``/api/``: version 1 of the resources, the token, the schema and its docs.

REST framework authenticates these views itself (token or session) and answers
401 in JSON, so the site-wide login redirect is switched off for every one of them.
"""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, path

from . import (
    app_passwords,
    communities,
    community_board,
    community_digest,
    community_events,
    community_intros,
    events,
    exports,
    followups,
    imports,
    network,
    rounds,
    views,
)

LIST = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}


def _resource(prefix: str, viewset, name: str) -> list[URLPattern]:
    lookup = viewset.lookup_url_kwarg
    return [
        path(f"v1/{prefix}/", viewset.as_view(LIST), name=f"api.{name}.list"),
        path(f"v1/{prefix}/<int:{lookup}>/", viewset.as_view(DETAIL), name=f"api.{name}.detail"),
    ]


urlpatterns = [
    *_resource("contacts", views.ContactViewSet, "contacts"),
    *_resource("offers", views.OfferViewSet, "offers"),
    *_resource("needs", views.NeedViewSet, "needs"),
    *_resource("ties", views.TieViewSet, "ties"),
    *_resource("interactions", views.InteractionViewSet, "interactions"),
    path("v1/profile/", views.ProfileView.as_view(), name="api.profile"),
    path(
        "v1/app-passwords/",
        app_passwords.AppPasswordListView.as_view(),
        name="api.app_passwords.list",
    ),
    path(
        "v1/app-passwords/<int:password_id>/",
        app_passwords.AppPasswordDetailView.as_view(),
        name="api.app_passwords.detail",
    ),
    path(
        "v1/suggestions/",
        views.SuggestionViewSet.as_view({"get": "list"}),
        name="api.suggestions.list",
    ),
    *[
        path(
            f"v1/suggestions/<int:match_id>/{step}/",
            views.SuggestionViewSet.as_view({"post": step}),
            name=f"api.suggestions.{step}",
        )
        for step in ("dismiss", "propose")
    ],
    path(
        "v1/introductions/",
        views.IntroductionViewSet.as_view(LIST),
        name="api.introductions.list",
    ),
    path(
        "v1/introductions/<int:introduction_id>/",
        views.IntroductionViewSet.as_view({"get": "retrieve"}),
        name="api.introductions.detail",
    ),
    *[
        path(
            f"v1/introductions/<int:introduction_id>/{step}/",
            views.IntroductionViewSet.as_view({"post": step}),
            name=f"api.introductions.{step}",
        )
        for step in ("answer", "make", "close")
    ],
    path("v1/favors/", views.FavorViewSet.as_view(LIST), name="api.favors.list"),
    path(
        "v1/favors/<int:favor_id>/",
        views.FavorViewSet.as_view({"get": "retrieve"}),
        name="api.favors.detail",
    ),
    path("v1/ledger/", views.LedgerView.as_view(), name="api.ledger"),
    *_resource("events", events.EventViewSet, "events"),
    path(
        "v1/events/<int:event_id>/attendees/",
        events.EventAttendeeViewSet.as_view(LIST),
        name="api.events.attendees",
    ),
    path(
        "v1/events/<int:event_id>/attendees/<int:contact_id>/",
        events.EventAttendeeViewSet.as_view({"delete": "destroy"}),
        name="api.events.attendee",
    ),
    path(
        "v1/events/<int:event_id>/prepare/",
        events.EventPrepareView.as_view(),
        name="api.events.prepare",
    ),
    path(
        "v1/events/<int:event_id>/capture/",
        events.EventCaptureView.as_view(),
        name="api.events.capture",
    ),
    path("v1/cards/read/", events.CardReadView.as_view(), name="api.cards.read"),
    path("v1/followups/", followups.FollowUpListView.as_view(), name="api.followups.list"),
    path("v1/followups/rate/", followups.FollowUpRateView.as_view(), name="api.followups.rate"),
    path(
        "v1/followups/<int:followup_id>/done/",
        followups.FollowUpDoneView.as_view(),
        name="api.followups.done",
    ),
    path(
        "v1/followups/<int:followup_id>/snooze/",
        followups.FollowUpSnoozeView.as_view(),
        name="api.followups.snooze",
    ),
    path("v1/cadences/", followups.CadenceListView.as_view(), name="api.cadences.list"),
    path(
        "v1/cadences/<int:cadence_id>/",
        followups.CadenceDetailView.as_view(),
        name="api.cadences.detail",
    ),
    path(
        "v1/events/<int:event_id>/schedules/",
        rounds.EventScheduleListView.as_view(),
        name="api.events.schedules",
    ),
    path(
        "v1/schedules/<int:schedule_id>/",
        rounds.ScheduleDetailView.as_view(),
        name="api.schedules.detail",
    ),
    path("v1/communities/", communities.WorkspaceListView.as_view(), name="api.communities.list"),
    path(
        "v1/communities/<slug:workspace_slug>/members/",
        communities.DirectoryView.as_view(),
        name="api.communities.members",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/members/<int:member_id>/",
        communities.MemberView.as_view(),
        name="api.communities.member",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/me/",
        communities.MyProfileView.as_view(),
        name="api.communities.me",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/digest/",
        community_digest.DigestSettingsView.as_view(),
        name="api.communities.digest",
    ),
    path("v1/paths/", network.PathsView.as_view(), name="api.paths"),
    path("v1/paths/draft/", network.PathDraftView.as_view(), name="api.paths.draft"),
    path("v1/stats/", network.StatsView.as_view(), name="api.stats"),
    path("v1/export/", exports.ExportView.as_view(), name="api.export"),
    path("v1/import/", imports.ImportView.as_view(), name="api.import"),
    path("v1/duplicates/", exports.DuplicateListView.as_view(), name="api.duplicates.list"),
    path("v1/duplicates/merge/", exports.MergeView.as_view(), name="api.duplicates.merge"),
    path("v1/duplicates/dismiss/", exports.DismissView.as_view(), name="api.duplicates.dismiss"),
    path("v1/auth/token/", views.TokenObtainView.as_view(), name="api.token"),
    path("schema/", views.SchemaView.as_view(), name="api.schema"),
    path("docs/", views.DocsView.as_view(), name="api.docs"),
]

# The board of a community: asks and offers, replies, "I know someone".
urlpatterns += [
    path(
        "v1/communities/<slug:workspace_slug>/board/",
        community_board.BoardView.as_view(),
        name="api.communities.board",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/board/posts/<int:post_id>/",
        community_board.PostView.as_view(),
        name="api.communities.board.post",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/board/posts/<int:post_id>/solve/",
        community_board.PostSolveView.as_view(),
        name="api.communities.board.solve",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/board/posts/<int:post_id>/replies/",
        community_board.ReplyCreateView.as_view(),
        name="api.communities.board.replies",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/board/replies/<int:reply_id>/",
        community_board.ReplyView.as_view(),
        name="api.communities.board.reply",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/board/posts/<int:post_id>/referrals/",
        community_board.ReferralCreateView.as_view(),
        name="api.communities.board.referrals",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/board/referrals/<int:referral_id>/",
        community_board.ReferralView.as_view(),
        name="api.communities.board.referral",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/board/referrals/<int:referral_id>/answer/",
        community_board.ReferralAnswerView.as_view(),
        name="api.communities.board.referral_answer",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/board/referrals/<int:referral_id>/confirm/",
        community_board.ReferralConfirmView.as_view(),
        name="api.communities.board.referral_confirm",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/board/referrals/<int:referral_id>/withdraw/",
        community_board.ReferralWithdrawView.as_view(),
        name="api.communities.board.referral_withdraw",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/events/",
        community_events.EventListView.as_view(),
        name="api.communities.events.list",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/events/<int:community_event_id>/",
        community_events.EventDetailView.as_view(),
        name="api.communities.events.detail",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/events/<int:community_event_id>/cancel/",
        community_events.EventCancelView.as_view(),
        name="api.communities.events.cancel",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/events/<int:community_event_id>/rsvp/",
        community_events.RsvpView.as_view(),
        name="api.communities.events.rsvp",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/events/<int:community_event_id>/attendees/",
        community_events.AttendanceView.as_view(),
        name="api.communities.events.attendees",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/events/<int:community_event_id>/schedules/",
        community_events.ScheduleListView.as_view(),
        name="api.communities.events.schedules",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/events/<int:community_event_id>/"
        "schedules/<int:community_schedule_id>/",
        community_events.ScheduleDetailView.as_view(),
        name="api.communities.events.schedule",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/events/<int:community_event_id>/my-schedule/",
        community_events.MyScheduleView.as_view(),
        name="api.communities.events.my_schedule",
    ),
    path(
        "v1/communities/<slug:workspace_slug>/health/",
        community_events.HealthView.as_view(),
        name="api.communities.health",
    ),
]

# Member introductions: suggestions, the double opt-in, the outcome.
_INTROS = "v1/communities/<slug:workspace_slug>/introductions/"
urlpatterns += [
    path(
        _INTROS,
        community_intros.IntroductionListView.as_view(),
        name="api.communities.intros",
    ),
    path(
        _INTROS + "suggestions/",
        community_intros.SuggestionsView.as_view(),
        name="api.communities.intros.suggestions",
    ),
    path(
        _INTROS + "organisers/",
        community_intros.OrganiserSuggestionsView.as_view(),
        name="api.communities.intros.organisers",
    ),
    path(
        _INTROS + "propose/",
        community_intros.IntroductionProposeView.as_view(),
        name="api.communities.intros.propose",
    ),
    path(
        _INTROS + "refresh/",
        community_intros.IntroductionRefreshView.as_view(),
        name="api.communities.intros.refresh",
    ),
    path(
        _INTROS + "<int:intro_id>/",
        community_intros.IntroductionView.as_view(),
        name="api.communities.intro",
    ),
    path(
        _INTROS + "<int:intro_id>/answer/",
        community_intros.IntroductionAnswerView.as_view(),
        name="api.communities.intro.answer",
    ),
    path(
        _INTROS + "<int:intro_id>/outcome/",
        community_intros.IntroductionOutcomeView.as_view(),
        name="api.communities.intro.outcome",
    ),
]

for _pattern in urlpatterns:
    login_not_required(_pattern.callback)
