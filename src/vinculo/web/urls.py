from django.urls import path

from . import giving, views

urlpatterns = [
    path("", views.dashboard, name="web.dashboard"),
    path("me/", views.profile, name="web.profile"),
    path("me/api-token/", views.api_token_renew, name="web.api_token_renew"),
    path("contacts/", views.contact_list, name="contacts.list"),
    path("contacts/new/", views.contact_create, name="contacts.create"),
    path("contacts/quick/", views.contact_quick_add, name="contacts.quick_add"),
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
]
