"""Proof that one user never reaches another's data, for every route there is.

``routes()`` walks the whole URL configuration, so a new page or endpoint is
covered the day it is added; a route whose arguments this module cannot fill
fails the test until someone says here which object it takes.
"""

import datetime
import json
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from vinculo.activity import services as activity_services
from vinculo.communities import services as community_services
from vinculo.communities.board import services as board_services
from vinculo.communities.board.models import Post, Reply
from vinculo.communities.digest import services as digest_services
from vinculo.communities.events import services as community_event_services
from vinculo.communities.models import MemberIntroduction, Membership, Workspace
from vinculo.dav import services as dav_services
from vinculo.giving import services as giving_services
from vinculo.giving.models import Match
from vinculo.people import services as people_services
from vinculo.people.models import Need, Offer
from vinculo.portability.exchange import network_export
from vinculo.portability.tasks import contacts_import_enqueue
from vinculo.rounds import services as rounds_services

# Routes anyone may open: logging in, signing up, switching language.
PUBLIC_ROUTES = {"accounts.login", "accounts.signup", "accounts.language", "api.token"}
# The calendar feed: calendar applications cannot log in, so its secret token is the
# credential; a wrong or revoked token answers 404 (tests/followups/test_calendar.py).
PUBLIC_ROUTES |= {"calendar.feed"}
# CardDAV: phones log in with HTTP Basic (a password or an app password), not a session;
# another user's address book is refused (tests/dav/test_sync.py).
PUBLIC_ROUTES |= {"dav", "dav.well_known"}
# The digest's unsubscribe address: mail clients cannot log in, so its secret token is the
# key; an unknown one answers 404 (tests/communities/digest/test_unsubscribe.py).
PUBLIC_ROUTES |= {"communities.digest_unsubscribe"}

# Routes without a name cannot be reversed, so the walk cannot call them: each one is
# listed here with where it is tested. CardDAV below /dav/ takes HTTP Basic credentials, not
# a session (tests/dav/test_sync.py).
UNNAMED_ROUTES = {"/dav/<path>"}

# Every method a route is called with; tests/test_isolation.py checks that the API's schema
# uses no other.
METHODS = ("get", "post", "put", "patch", "delete")

# Words planted in the other user's data; none may appear in a page shown to the first user.
SECRETS = ("Secretísima Ajena", "secreto-ajeno@example.org", "Necesidad Confidencial")


@dataclass(frozen=True)
class Route:
    name: str
    kwargs: tuple[str, ...]
    # The path as the API's schema writes it: /api/v1/contacts/{contact_id}/
    template: str = field(default="", compare=False)

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api")


_KWARG = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def _template(prefix: str, pattern) -> str:
    path = (prefix + str(pattern)).replace("^", "").replace("$", "")
    return "/" + _KWARG.sub(lambda m: "{" + (m[1] or m[2]) + "}", path)


def _walk(patterns, namespace="", prefix="", unnamed=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            yield from _walk(
                entry.url_patterns,
                f"{namespace}{ns}:" if ns else namespace,
                prefix + str(entry.pattern),
                unnamed,
            )
        elif isinstance(entry, URLPattern) and entry.name:
            pattern = entry.pattern
            names = getattr(pattern, "converters", None)
            kwargs = tuple(names) if names else tuple(pattern.regex.groupindex)
            yield Route(f"{namespace}{entry.name}", kwargs, _template(prefix, pattern))
        elif isinstance(entry, URLPattern) and unnamed is not None:
            unnamed.append(_template(prefix, entry.pattern))


def unnamed_routes() -> list[str]:
    """The URL patterns without a name, as paths: /dav/<path>."""
    found = []
    for _route in _walk(get_resolver().url_patterns, unnamed=found):
        pass
    return [re.sub(r"{(\w+)}", r"<\1>", path) for path in found]


def fingerprint(owner) -> str:
    """Everything of ``owner``'s network (its export) and of the communities they belong to
    (members, posts, replies, introductions): equal strings, nothing changed."""
    spaces = Workspace.objects.filter(memberships__user=owner)
    rows = {
        model.__name__: list(model.objects.filter(**{lookup: spaces}).order_by("pk").values())
        for model, lookup in (
            (Membership, "workspace__in"),
            (Post, "workspace__in"),
            (Reply, "post__workspace__in"),
            (MemberIntroduction, "workspace__in"),
        )
    }
    return json.dumps(
        {"network": network_export(user=owner), **rows},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )


def routes() -> list[Route]:
    seen, found = set(), []
    for route in _walk(get_resolver().url_patterns):
        if "format" in route.kwargs or route.name.startswith(("admin:", "djdt")):
            continue  # DRF's ".json" suffix twins are the same views
        if route not in seen:
            seen.add(route)
            found.append(route)
    return found


def _revoked_feed_token(owner) -> str:
    old = activity_services.calendar_feed_renew(owner=owner).token
    activity_services.calendar_feed_renew(owner=owner)
    return old


def _foreign_community_event(organiser, member) -> dict[str, int]:
    """An event of the other community with both going, and its meeting plan."""
    event = community_event_services.event_create(
        actor=organiser,
        title=f"{SECRETS[0]} en persona",
        starts_at=timezone.now() + datetime.timedelta(days=7),
        capacity=2,
    )
    for going in (organiser, member):
        community_event_services.rsvp_set(membership=going, event=event, answer="yes")
    schedule = community_event_services.event_schedule_create(
        actor=organiser, event=event, rounds=1
    )
    return {"community_event_id": event.pk, "community_schedule_id": schedule.pk}


def _foreign_board(owner, member) -> dict[str, int]:
    """An ask on the other community's board, a reply, and an offer to introduce one of
    the owner's own contacts."""
    post = board_services.post_create(actor=member, kind="ask", text=f"{SECRETS[2]} en Sevilla")
    reply = board_services.reply_create(actor=owner, post=post, text=f"{SECRETS[0]} responde")
    contact = people_services.contact_create(
        owner=owner.user, name=f"{SECRETS[0]} recomendada", emails=[SECRETS[1]]
    )
    referral = board_services.referral_offer(
        actor=owner, post=post, message="Conozco a alguien", contact_id=contact.pk
    )
    return {"post_id": post.pk, "reply_id": reply.pk, "referral_id": referral.pk}


def _left_digest_token(membership) -> str:
    """The unsubscribe address of a member who left: a live one is usable by design."""
    leaver = get_user_model().objects.create_user(username=f"ex-de-{membership.user.username}")
    link = community_services.invitation_link_create(actor=membership)
    member, _new = community_services.invitation_accept(user=leaver, invitation=link)
    token = digest_services.subscription_ensure(membership=member).token
    community_services.member_leave(membership=member)
    return token


def _foreign_community(owner) -> dict[str, int | str]:
    """A community of the other user with a member whose profile holds a secret, an
    invitation in use, and the address of one that was withdrawn."""
    membership = community_services.workspace_create(user=owner, name="Comunidad Ajena")
    guest = get_user_model().objects.create_user(username=f"miembro-de-{owner.username}")
    link = community_services.invitation_link_create(actor=membership)
    member, _new = community_services.invitation_accept(user=guest, invitation=link)
    community_services.profile_update(membership=member, name=SECRETS[0], needs=[SECRETS[2]])
    withdrawn = community_services.invitation_link_create(actor=membership)
    community_services.invitation_revoke(actor=membership, invitation=withdrawn)
    return {
        "workspace_slug": membership.workspace.slug,
        "member_id": member.pk,
        "invitation_id": link.pk,
        # A withdrawn address: a live one is readable by design (the token is the key).
        "invitation_token": withdrawn.token,
        "digest_token": _left_digest_token(membership),
        **_foreign_community_event(membership, member),
        **_foreign_board(membership, member),
        "intro_id": community_services.introduction_request(
            actor=member, other=membership, message=SECRETS[0]
        ).pk,
    }


def plant_foreign_data(owner) -> dict[str, int]:
    """Another user's network, with one object of every kind a route can name."""
    contact = people_services.contact_create(
        owner=owner,
        name=SECRETS[0],
        emails=[SECRETS[1]],
        needs=[SECRETS[2]],
        offers=["oferta ajena"],
        tags=["etiqueta-ajena"],
        organization="Organización Ajena",
    )
    friend = people_services.contact_create(owner=owner, name="Amiga Ajena")
    tie = people_services.tie_create(owner=owner, a=contact, b=friend, strength=0.9)
    interaction = activity_services.interaction_log(
        owner=owner,
        contact=contact,
        kind="call",
        direction="gave",
        date=contact.created_at.date(),
        summary="Llamada secreta",
    )
    introduction, _draft = giving_services.introduction_propose(owner=owner, a=contact, b=friend)
    favor = giving_services.favor_record(
        owner=owner, contact=contact, flow="gave", description="Favor secreto"
    )
    match = Match.objects.create(
        owner=owner,
        need=Need.objects.for_user(owner).get(contact=contact),
        offer=Offer.objects.for_user(owner).get(contact=contact),
        score=0.9,
        matched=[["x", "x", "x"]],
    )
    event = activity_services.event_create(
        owner=owner, name="Evento Ajeno", attendees=[contact, friend]
    )
    schedule = rounds_services.event_schedule_create(owner=owner, event=event, rounds=1)
    return {
        "event_id": event.pk,
        "schedule_id": schedule.pk,
        "introduction_id": introduction.pk,
        "favor_id": favor.pk,
        "match_id": match.pk,
        "contact_id": contact.pk,
        "other_id": friend.pk,  # a second contact: two to compare or merge
        "tie_id": tie.pk,
        "interaction_id": interaction.pk,
        "offer_id": Offer.objects.for_user(owner).filter(contact=contact).get().pk,
        "need_id": Need.objects.for_user(owner).filter(contact=contact).get().pk,
        "organization_id": contact.organization_id,
        "tag_id": contact.tags.get().pk,
        "followup_id": activity_services.followup_create(
            owner=owner, contact=contact, due=contact.created_at.date(), note="Seguimiento secreto"
        ).pk,
        "cadence_id": activity_services.cadence_set(
            owner=owner, contact=contact, ideal_days=7, max_days=14
        ).pk,
        # A feed address that was renewed since: the live one is readable by design.
        "feed_token": _revoked_feed_token(owner),
        "password_id": dav_services.app_password_create(user=owner, label="Móvil ajeno")[0].pk,
        # An import waiting for a worker (none runs in these tests).
        "job_id": contacts_import_enqueue(
            user=owner, data=b"Name\nPersona Ajena\n", source_name="ajena.csv"
        ),
        **_foreign_community(owner),
    }


def url_for(route: Route, objects: dict[str, int]) -> str:
    missing = [k for k in route.kwargs if k not in objects]
    if missing:
        raise AssertionError(
            f"Route {route.name} takes {missing}: say in tests/isolation.py which object that is."
        )
    return reverse(route.name, kwargs={k: objects[k] for k in route.kwargs})


# Fields of a request (its body or its query) that name an object, by name (``met.event``:
# ``event`` inside ``met``), and the planted object each is given; fields that hold a number
# and name nothing are listed apart. tests/test_isolation.py finds every integer a request of
# the API sends and fails on one listed in neither.
REFERENCES = {
    "a": "contact_id",
    "attendees": "contact_id",
    "b": "other_id",
    "contact": "contact_id",
    "contact_id": "contact_id",
    "contacts": "contact_id",
    "first": "member_id",
    "introduced_by": "contact_id",
    "keep": "contact_id",
    "member_id": "member_id",
    "met.event": "event_id",
    "other": "other_id",
    "second": "member_id",
    "tag": "tag_id",
    "to": "contact_id",
    "to_meet": "contact_id",
}
NUMBERS = {
    "capacity", "days", "ideal_days", "limit", "max_days", "offset", "page", "rounds", "table_size",
}  # fmt: skip


def _resolve(schema: dict, node: dict) -> dict:
    while True:
        if "$ref" in node:
            node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
        elif len(node.get("allOf", ())) == 1:
            node = node["allOf"][0]
        else:
            return node


def _is_integer(schema: dict, node: dict) -> bool:
    node = _resolve(schema, node)
    if node.get("type") == "array":
        node = _resolve(schema, node.get("items", {}))
    return node.get("type") == "integer"


def _body_fields(schema: dict, node: dict, prefix: str = ""):
    for name, prop in _resolve(schema, node).get("properties", {}).items():
        prop = _resolve(schema, prop)
        if prop.get("readOnly"):
            continue
        if "properties" in prop:
            yield from _body_fields(schema, prop, f"{prefix}{name}.")
        elif _is_integer(schema, prop) or f"{prefix}{name}" in REFERENCES:
            yield f"{prefix}{name}"


def request_fields(schema: dict) -> list[tuple[str, str, str, str]]:
    """(method, path, "query" or "body", field) of every integer, or field named in
    ``REFERENCES``, that a request of the API's schema sends outside its path."""
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", ()):
                name = parameter["name"]
                if parameter["in"] == "query" and (
                    _is_integer(schema, parameter.get("schema", {})) or name in REFERENCES
                ):
                    found.append((method, path, "query", name))
            content = operation.get("requestBody", {}).get("content", {})
            body = content.get("application/json", {}).get("schema")
            if body is not None:
                found += [(method, path, "body", f) for f in _body_fields(schema, body)]
    return found
