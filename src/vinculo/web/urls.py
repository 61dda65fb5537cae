from django.urls import path

from . import duplicates, events, exports, followups, giving, imports, network, rounds, views

urlpatterns = [
    path("", views.dashboard, name="web.dashboard"),
    path("me/", views.profile, name="web.profile"),
    path("me/api-token/", views.api_token_renew, name="web.api_token_renew"),
    path("me/calendar/renew/", followups.calendar_renew, name="calendar.renew"),
    path("me/calendar/revoke/", followups.calendar_revoke, name="calendar.revoke"),
    path("calendar/<str:feed_token>.ics", followups.calendar_feed, name="calendar.feed"),
    path("today/", followups.today, name="followups.today"),
    path("today/rate/", followups.today_rate, name="followups.rate"),
    path("followups/<int:followup_id>/done/", followups.followup_done, name="followups.done"),
    path(
        "followups/<int:followup_id>/snooze/", followups.followup_snooze, name="followups.snooze"
    ),
    path("keep-in-touch/", followups.cadences, name="followups.cadences"),
    path(
        "keep-in-touch/<int:cadence_id>/delete/",
        followups.cadence_delete,
        name="followups.cadence_delete",
    ),
    path(
        "contacts/<int:contact_id>/keep-in-touch/",
        followups.contact_followups,
        name="followups.contact",
    ),
    path(
        "contacts/<int:contact_id>/keep-in-touch/done/",
        followups.keep_in_touch_done,
        name="followups.keep_in_touch_done",
    ),
    path(
        "contacts/<int:contact_id>/keep-in-touch/snooze/",
        followups.keep_in_touch_snooze,
        name="followups.keep_in_touch_snooze",
    ),
    path("contacts/", views.contact_list, name="contacts.list"),
    path("contacts/new/", views.contact_create, name="contacts.create"),
    path("contacts/quick/", views.contact_quick_add, name="contacts.quick_add"),
    path("contacts/duplicates/", duplicates.duplicates, name="duplicates.list"),
    path(
        "contacts/<int:contact_id>/same-as/<int:other_id>/",
        duplicates.compare,
        name="duplicates.compare",
    ),
    path(
        "contacts/<int:contact_id>/same-as/<int:other_id>/merge/",
        duplicates.merge,
        name="duplicates.merge",
    ),
    path(
        "contacts/<int:contact_id>/same-as/<int:other_id>/dismiss/",
        duplicates.dismiss,
        name="duplicates.dismiss",
    ),
    path("export/", exports.export_page, name="exports.page"),
    path("export/download/", exports.export_download, name="exports.download"),
    path("import/", imports.import_upload, name="imports.upload"),
    path("import/confirm/", imports.import_confirm, name="imports.confirm"),
    path("import/cancel/", imports.import_cancel, name="imports.cancel"),
    path("import/progress/", imports.import_progress, name="imports.progress"),
    path("contacts/<int:contact_id>/", views.contact_detail, name="contacts.detail"),
    path("contacts/<int:contact_id>/edit/", views.contact_edit, name="contacts.edit"),
    path("contacts/<int:contact_id>/delete/", views.contact_delete, name="contacts.delete"),
    path(
        "contacts/<int:contact_id>/interactions/",
        views.interaction_create,
        name="interactions.create",
    ),
    path("contacts/<int:contact_id>/ties/", views.tie_create, name="ties.create"),
    path(
        "interactions/<int:interaction_id>/delete/",
        views.interaction_delete,
        name="interactions.delete",
    ),
    path("ties/<int:tie_id>/delete/", views.tie_delete, name="ties.delete"),
    path("contacts/<int:contact_id>/favors/", giving.favor_create, name="favors.create"),
    path("contacts/<int:contact_id>/referrals/", giving.referral_create, name="referrals.create"),
    path("introductions/", giving.introductions, name="introductions.list"),
    path(
        "introductions/<int:introduction_id>/",
        giving.introduction_detail,
        name="introductions.detail",
    ),
    path(
        "introductions/<int:introduction_id>/ask/",
        giving.introduction_send_ask,
        name="introductions.send_ask",
    ),
    path(
        "introductions/<int:introduction_id>/answer/",
        giving.introduction_answer,
        name="introductions.answer",
    ),
    path(
        "introductions/<int:introduction_id>/make/",
        giving.introduction_make,
        name="introductions.make",
    ),
    path(
        "introductions/<int:introduction_id>/close/",
        giving.introduction_close,
        name="introductions.close",
    ),
    path(
        "suggestions/<int:match_id>/propose/", giving.suggestion_propose, name="suggestions.propose"
    ),
    path(
        "suggestions/<int:match_id>/dismiss/", giving.suggestion_dismiss, name="suggestions.dismiss"
    ),
    path("contacts/<int:contact_id>/strength/", network.strength, name="network.strength"),
    path("network/", network.health, name="network.health"),
    path("network/paths/", network.paths, name="network.paths"),
    path("network/paths/draft/", network.path_draft, name="network.path_draft"),
    path("network/graph/", network.graph, name="network.graph"),
    path("network/graph.json", network.graph_data, name="network.graph_data"),
    path("events/", events.event_list, name="events.list"),
    path("events/new/", events.event_create, name="events.create"),
    path("events/<int:event_id>/", events.event_detail, name="events.detail"),
    path("events/<int:event_id>/edit/", events.event_edit, name="events.edit"),
    path("events/<int:event_id>/delete/", events.event_delete, name="events.delete"),
    path("events/<int:event_id>/people/", events.event_people, name="events.people"),
    path("events/<int:event_id>/prepare/", events.event_prepare, name="events.prepare"),
    path("events/<int:event_id>/capture/", events.event_capture, name="events.capture"),
    path("events/<int:event_id>/card/", events.event_card, name="events.card"),
    path("events/<int:event_id>/rounds/", rounds.plan, name="rounds.plan"),
    path("rounds/<int:schedule_id>/", rounds.detail, name="rounds.detail"),
    path("rounds/<int:schedule_id>/delete/", rounds.delete, name="rounds.delete"),
]
