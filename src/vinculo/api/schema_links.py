"""OpenAPI links: what a client can do next with what a create operation answered.

A link names the operation that takes the new object (a contact's id → read, change or
delete it, add an offer to it, log an interaction with it …) and where each of its
parameters comes from. Readers of the schema see how the operations fit together, and
schemathesis' state machine follows them (tests/api/test_schema_state.py).

drf-spectacular calls ``links_add`` once the schema is built
(``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]``). A link whose operations are not in the
schema is left out; tests/api/test_schema_state.py lists the links the schema must have.
"""

import re
from dataclasses import dataclass, field

NEW_ID = "$response.body#/id"
_PATH_PARAMETER = re.compile(r"{(\w+)}")


@dataclass(frozen=True)
class Link:
    target: str  # "METHOD /path/" of the operation the link leads to
    parameters: dict[str, str] = field(default_factory=dict)  # besides the path's own
    body: dict[str, object] | None = None  # merged into the request body


def _detail(path: str, *methods: str, prefix: str) -> dict[str, Link]:
    names = {"GET": "Get", "PUT": "Replace", "PATCH": "Update", "DELETE": "Delete"}
    return {f"{names[m]}{prefix}": Link(f"{m} {path}") for m in methods}


_V1 = "/api/v1"
_SPACE = f"{_V1}/communities/{{workspace_slug}}"
_CRUD = ("GET", "PUT", "PATCH", "DELETE")

# "METHOD /path/" of a create operation → the links of its success answer, by name.
LINKS: dict[str, dict[str, Link]] = {
    f"POST {_V1}/contacts/": {
        **_detail(f"{_V1}/contacts/{{contact_id}}/", *_CRUD, prefix="Contact"),
        "AddOffer": Link(f"POST {_V1}/offers/", body={"contact": NEW_ID}),
        "AddNeed": Link(f"POST {_V1}/needs/", body={"contact": NEW_ID}),
        "LogInteraction": Link(f"POST {_V1}/interactions/", body={"contact": NEW_ID}),
        "TieToAnother": Link(f"POST {_V1}/ties/", body={"a": NEW_ID}),
        "RecordFavor": Link(f"POST {_V1}/favors/", body={"contact": NEW_ID}),
        "PlanFollowUp": Link(f"POST {_V1}/followups/", body={"contact": NEW_ID}),
        "SetCadence": Link(f"POST {_V1}/cadences/", body={"contact": NEW_ID, "tag": None}),
        "ListOffers": Link(f"GET {_V1}/offers/", {"query.contact": NEW_ID}),
        "ListNeeds": Link(f"GET {_V1}/needs/", {"query.contact": NEW_ID}),
        "ListInteractions": Link(f"GET {_V1}/interactions/", {"query.contact": NEW_ID}),
        "ListTies": Link(f"GET {_V1}/ties/", {"query.contact": NEW_ID}),
        "GetLedger": Link(f"GET {_V1}/ledger/", {"query.contact": NEW_ID}),
        "FindPaths": Link(f"GET {_V1}/paths/", {"query.to": NEW_ID}),
    },
    f"POST {_V1}/offers/": _detail(f"{_V1}/offers/{{offer_id}}/", *_CRUD, prefix="Offer"),
    f"POST {_V1}/needs/": _detail(f"{_V1}/needs/{{need_id}}/", *_CRUD, prefix="Need"),
    f"POST {_V1}/ties/": _detail(f"{_V1}/ties/{{tie_id}}/", *_CRUD, prefix="Tie"),
    f"POST {_V1}/interactions/": _detail(
        f"{_V1}/interactions/{{interaction_id}}/", *_CRUD, prefix="Interaction"
    ),
    f"POST {_V1}/favors/": _detail(f"{_V1}/favors/{{favor_id}}/", "GET", prefix="Favor"),
    f"POST {_V1}/introductions/": {
        **_detail(f"{_V1}/introductions/{{introduction_id}}/", "GET", prefix="Introduction"),
        "Answer": Link(f"POST {_V1}/introductions/{{introduction_id}}/answer/"),
        "Make": Link(f"POST {_V1}/introductions/{{introduction_id}}/make/"),
        "Close": Link(f"POST {_V1}/introductions/{{introduction_id}}/close/"),
    },
    f"POST {_V1}/events/": {
        **_detail(f"{_V1}/events/{{event_id}}/", *_CRUD, prefix="Event"),
        "ListAttendees": Link(f"GET {_V1}/events/{{event_id}}/attendees/"),
        "AddAttendee": Link(f"POST {_V1}/events/{{event_id}}/attendees/"),
        "Prepare": Link(f"GET {_V1}/events/{{event_id}}/prepare/"),
        "Capture": Link(f"POST {_V1}/events/{{event_id}}/capture/"),
        "ListSchedules": Link(f"GET {_V1}/events/{{event_id}}/schedules/"),
        "PlanRounds": Link(f"POST {_V1}/events/{{event_id}}/schedules/"),
    },
    f"POST {_V1}/events/{{event_id}}/attendees/": {
        "RemoveAttendee": Link(
            f"DELETE {_V1}/events/{{event_id}}/attendees/{{contact_id}}/",
            {"contact_id": "$request.body#/contact"},
        ),
    },
    f"POST {_V1}/events/{{event_id}}/capture/": _detail(
        f"{_V1}/contacts/{{contact_id}}/", "GET", "PATCH", prefix="Contact"
    ),
    f"POST {_V1}/events/{{event_id}}/schedules/": _detail(
        f"{_V1}/schedules/{{schedule_id}}/", "GET", "DELETE", prefix="Schedule"
    ),
    f"POST {_V1}/followups/": {
        "Done": Link(f"POST {_V1}/followups/{{followup_id}}/done/"),
        "Snooze": Link(f"POST {_V1}/followups/{{followup_id}}/snooze/"),
    },
    f"POST {_V1}/cadences/": _detail(
        f"{_V1}/cadences/{{cadence_id}}/", "GET", "DELETE", prefix="Cadence"
    ),
    f"POST {_V1}/app-passwords/": _detail(
        f"{_V1}/app-passwords/{{password_id}}/", "DELETE", prefix="AppPassword"
    ),
    f"POST {_SPACE}/board/": {
        **_detail(f"{_SPACE}/board/posts/{{post_id}}/", "GET", "PATCH", "DELETE", prefix="Post"),
        "Reply": Link(f"POST {_SPACE}/board/posts/{{post_id}}/replies/"),
        "Solve": Link(f"POST {_SPACE}/board/posts/{{post_id}}/solve/"),
        "OfferReferral": Link(f"POST {_SPACE}/board/posts/{{post_id}}/referrals/"),
    },
    f"POST {_SPACE}/board/posts/{{post_id}}/replies/": _detail(
        f"{_SPACE}/board/replies/{{reply_id}}/", "DELETE", prefix="Reply"
    ),
    f"POST {_SPACE}/board/posts/{{post_id}}/referrals/": {
        **_detail(f"{_SPACE}/board/referrals/{{referral_id}}/", "GET", prefix="Referral"),
        "Answer": Link(f"POST {_SPACE}/board/referrals/{{referral_id}}/answer/"),
        "Confirm": Link(f"POST {_SPACE}/board/referrals/{{referral_id}}/confirm/"),
        "Withdraw": Link(f"POST {_SPACE}/board/referrals/{{referral_id}}/withdraw/"),
    },
    f"POST {_SPACE}/events/": {
        **_detail(
            f"{_SPACE}/events/{{community_event_id}}/", "GET", "PUT", "PATCH", prefix="Event"
        ),
        "Cancel": Link(f"POST {_SPACE}/events/{{community_event_id}}/cancel/"),
        "GetRsvp": Link(f"GET {_SPACE}/events/{{community_event_id}}/rsvp/"),
        "Rsvp": Link(f"PUT {_SPACE}/events/{{community_event_id}}/rsvp/"),
        "ListAttendees": Link(f"GET {_SPACE}/events/{{community_event_id}}/attendees/"),
        "ListSchedules": Link(f"GET {_SPACE}/events/{{community_event_id}}/schedules/"),
        "PlanRounds": Link(f"POST {_SPACE}/events/{{community_event_id}}/schedules/"),
        "MySchedule": Link(f"GET {_SPACE}/events/{{community_event_id}}/my-schedule/"),
    },
    f"POST {_SPACE}/events/{{community_event_id}}/schedules/": _detail(
        f"{_SPACE}/events/{{community_event_id}}/schedules/{{community_schedule_id}}/",
        "GET",
        "DELETE",
        prefix="Schedule",
    ),
}
_INTRO = {
    **_detail(f"{_SPACE}/introductions/{{intro_id}}/", "GET", prefix="Introduction"),
    "Answer": Link(f"POST {_SPACE}/introductions/{{intro_id}}/answer/"),
    "Outcome": Link(f"POST {_SPACE}/introductions/{{intro_id}}/outcome/"),
}
LINKS[f"POST {_SPACE}/introductions/"] = _INTRO
LINKS[f"POST {_SPACE}/introductions/propose/"] = _INTRO


def _split(key: str) -> tuple[str, str]:
    method, path = key.split(" ", 1)
    return method.lower(), path


def _operation(paths: dict, key: str) -> dict | None:
    method, path = _split(key)
    return paths.get(path, {}).get(method)


def _parameters(source: str, link: Link) -> dict[str, str]:
    """Each path parameter of the target: the same one of the source's path, or else the
    new object's id; then the link's own."""
    source_path = set(_PATH_PARAMETER.findall(_split(source)[1]))
    parameters = {
        name: f"$request.path.{name}" if name in source_path else NEW_ID
        for name in _PATH_PARAMETER.findall(_split(link.target)[1])
    }
    parameters.update(link.parameters)
    return parameters


def links_add(result, generator, request, public):
    """drf-spectacular's postprocessing hook: the links of ``LINKS`` on the success answer
    (the first 2xx) of each create operation."""
    paths = result.get("paths", {})
    for source, links in LINKS.items():
        operation = _operation(paths, source)
        if operation is None:
            continue
        success = next((code for code in operation.get("responses", {}) if code[0] == "2"), None)
        if success is None:
            continue
        found = {}
        for name, link in links.items():
            target = _operation(paths, link.target)
            if target is None or "operationId" not in target:
                continue
            found[name] = {
                "operationId": target["operationId"],
                "parameters": _parameters(source, link),
            }
            if link.body is not None:
                found[name]["requestBody"] = link.body
        if found:
            operation["responses"][success]["links"] = found
    return result
