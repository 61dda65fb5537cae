import json

EXPECTED_PATHS = {
    "/api/v1/app-passwords/": ["get", "post"],
    "/api/v1/app-passwords/{password_id}/": ["delete"],
    "/api/v1/auth/token/": ["post"],
    "/api/v1/cadences/": ["get", "post"],
    "/api/v1/cadences/{cadence_id}/": ["delete", "get"],
    "/api/v1/followups/": ["get", "post"],
    "/api/v1/followups/rate/": ["get"],
    "/api/v1/followups/{followup_id}/done/": ["post"],
    "/api/v1/followups/{followup_id}/snooze/": ["post"],
    "/api/v1/communities/": ["get"],
    "/api/v1/communities/{workspace_slug}/me/": ["get", "patch", "put"],
    "/api/v1/communities/{workspace_slug}/digest/": ["get", "patch", "put"],
    "/api/v1/communities/{workspace_slug}/members/": ["get"],
    "/api/v1/communities/{workspace_slug}/members/{member_id}/": ["get"],
    "/api/v1/contacts/": ["get", "post"],
    "/api/v1/duplicates/": ["get"],
    "/api/v1/duplicates/dismiss/": ["post"],
    "/api/v1/duplicates/merge/": ["post"],
    "/api/v1/export/": ["get"],
    "/api/v1/import/": ["post"],
    "/api/v1/contacts/{contact_id}/": ["delete", "get", "patch", "put"],
    "/api/v1/favors/": ["get", "post"],
    "/api/v1/favors/{favor_id}/": ["get"],
    "/api/v1/interactions/": ["get", "post"],
    "/api/v1/interactions/{interaction_id}/": ["delete", "get", "patch", "put"],
    "/api/v1/introductions/": ["get", "post"],
    "/api/v1/introductions/{introduction_id}/": ["get"],
    "/api/v1/introductions/{introduction_id}/answer/": ["post"],
    "/api/v1/introductions/{introduction_id}/close/": ["post"],
    "/api/v1/introductions/{introduction_id}/make/": ["post"],
    "/api/v1/cards/read/": ["post"],
    "/api/v1/events/": ["get", "post"],
    "/api/v1/events/{event_id}/": ["delete", "get", "patch", "put"],
    "/api/v1/events/{event_id}/attendees/": ["get", "post"],
    "/api/v1/events/{event_id}/attendees/{contact_id}/": ["delete"],
    "/api/v1/events/{event_id}/capture/": ["post"],
    "/api/v1/events/{event_id}/prepare/": ["get"],
    "/api/v1/events/{event_id}/schedules/": ["get", "post"],
    "/api/v1/ledger/": ["get"],
    "/api/v1/paths/": ["get"],
    "/api/v1/paths/draft/": ["post"],
    "/api/v1/stats/": ["get"],
    "/api/v1/needs/": ["get", "post"],
    "/api/v1/needs/{need_id}/": ["delete", "get", "patch", "put"],
    "/api/v1/offers/": ["get", "post"],
    "/api/v1/offers/{offer_id}/": ["delete", "get", "patch", "put"],
    "/api/v1/profile/": ["get", "patch", "put"],
    "/api/v1/schedules/{schedule_id}/": ["delete", "get"],
    "/api/v1/suggestions/": ["get"],
    "/api/v1/suggestions/{match_id}/dismiss/": ["post"],
    "/api/v1/suggestions/{match_id}/propose/": ["post"],
    "/api/v1/ties/": ["get", "post"],
    "/api/v1/ties/{tie_id}/": ["delete", "get", "patch", "put"],
    "/api/v1/communities/{workspace_slug}/board/": ["get", "post"],
    "/api/v1/communities/{workspace_slug}/board/posts/{post_id}/": ["delete", "get", "patch"],
    "/api/v1/communities/{workspace_slug}/board/posts/{post_id}/referrals/": ["post"],
    "/api/v1/communities/{workspace_slug}/board/posts/{post_id}/replies/": ["post"],
    "/api/v1/communities/{workspace_slug}/board/posts/{post_id}/solve/": ["post"],
    "/api/v1/communities/{workspace_slug}/board/referrals/{referral_id}/": ["get"],
    "/api/v1/communities/{workspace_slug}/board/referrals/{referral_id}/answer/": ["post"],
    "/api/v1/communities/{workspace_slug}/board/referrals/{referral_id}/confirm/": ["post"],
    "/api/v1/communities/{workspace_slug}/board/referrals/{referral_id}/withdraw/": ["post"],
    "/api/v1/communities/{workspace_slug}/board/replies/{reply_id}/": ["delete"],
    "/api/v1/communities/{workspace_slug}/events/": ["get", "post"],
    "/api/v1/communities/{workspace_slug}/events/{community_event_id}/": ["get", "patch", "put"],
    "/api/v1/communities/{workspace_slug}/events/{community_event_id}/attendees/": ["get"],
    "/api/v1/communities/{workspace_slug}/events/{community_event_id}/cancel/": ["post"],
    "/api/v1/communities/{workspace_slug}/events/{community_event_id}/my-schedule/": ["get"],
    "/api/v1/communities/{workspace_slug}/events/{community_event_id}/rsvp/": ["get", "put"],
    "/api/v1/communities/{workspace_slug}/events/{community_event_id}/schedules/": ["get", "post"],
    (
        "/api/v1/communities/{workspace_slug}/events/{community_event_id}/schedules/"
        "{community_schedule_id}/"
    ): ["delete", "get"],
    "/api/v1/communities/{workspace_slug}/health/": ["get"],
    "/api/v1/communities/{workspace_slug}/introductions/": ["get", "post"],
    "/api/v1/communities/{workspace_slug}/introductions/{intro_id}/": ["get"],
    "/api/v1/communities/{workspace_slug}/introductions/{intro_id}/answer/": ["post"],
    "/api/v1/communities/{workspace_slug}/introductions/{intro_id}/outcome/": ["post"],
    "/api/v1/communities/{workspace_slug}/introductions/organisers/": ["get"],
    "/api/v1/communities/{workspace_slug}/introductions/propose/": ["post"],
    "/api/v1/communities/{workspace_slug}/introductions/refresh/": ["post"],
    "/api/v1/communities/{workspace_slug}/introductions/suggestions/": ["get"],
}


def test_schema_lists_every_path_and_method(api):
    response = api.get("/api/schema/", {"format": "json"})

    schema = json.loads(response.content)
    assert (response.status_code, schema["openapi"][:2]) == (200, "3.")
    assert {path: sorted(ops) for path, ops in schema["paths"].items()} == EXPECTED_PATHS


def test_schema_anonymous_gets_401(anon_api, db):
    response = anon_api.get("/api/schema/", {"format": "json"})

    assert (response.status_code, json.loads(response.content)) == (
        401,
        {"detail": "Authentication credentials were not provided."},
    )


def test_schema_describes_token_authentication(api):
    schema = json.loads(api.get("/api/schema/", {"format": "json"}).content)

    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }


def test_schema_names_the_contact_fields(api):
    schema = json.loads(api.get("/api/schema/", {"format": "json"}).content)

    assert list(schema["components"]["schemas"]["Contact"]["properties"]) == [
        "id",
        "external_id",
        "name",
        "organization",
        "title",
        "emails",
        "phones",
        "urls",
        "city",
        "country",
        "languages",
        "tags",
        "does",
        "offers",
        "needs",
        "expects",
        "notes",
        "met",
        "introduced_by",
        "strength",
        "created_at",
        "updated_at",
    ]


def test_docs_page_loads_swagger_ui_from_our_own_static_files(client, user):
    client.force_login(user)

    response = client.get("/api/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<script src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js">'
        in html
    )
    assert '<script src="/api/docs/?script=">' in html
    assert "//cdn" not in html


def test_docs_script_points_at_the_schema(client, user):
    client.force_login(user)

    response = client.get("/api/docs/", {"script": ""})

    assert (response.status_code, response["Content-Type"]) == (200, "application/javascript")
    assert 'url: "/api/schema/"' in response.content.decode()


def test_docs_page_anonymous_gets_401(client, db):
    response = client.get("/api/docs/")

    assert response.status_code == 401
