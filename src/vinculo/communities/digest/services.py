"""Writes of the digest: subscriptions, their frequency, unsubscribing, and sending.

Sending is idempotent, so any number of runs (a worker's periodic task, ``vinculo digest
send``, two workers at once) may overlap: a run first *claims* a due subscription with a
conditional UPDATE that moves ``next_at`` forward only if it still holds the value the run
read. The database lets exactly one run win that row, on SQLite and PostgreSQL alike; the
others skip it. Only the winner builds and sends that digest. A digest that cannot be sent
gives its claim back, so the next run tries again.
"""

import datetime
import logging
import re
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vinculo.communities.models import Membership

from .enums import PERIODS, Frequency
from .models import DigestSubscription
from .selectors import (
    Digest,
    absolute_url,
    digest_build,
    digest_window_start,
    due_subscriptions,
)

logger = logging.getLogger(__name__)

CLAIM_BATCH = 200  # due subscriptions read at a time
ENSURE_BATCH = 2000  # members given a subscription at a time


def _token() -> str:
    return secrets.token_urlsafe(24)


def _first_due(*, joined_at: datetime.datetime, frequency: str, now: datetime.datetime):
    """When a new subscription's first digest is due: one period after joining, or now."""
    period = PERIODS.get(frequency, PERIODS[Frequency.WEEKLY])
    return max(joined_at + period, now)


def _next_due(*, due: datetime.datetime, frequency: str, now: datetime.datetime):
    """The digest after the one due at ``due``: one period later, on the same schedule
    (no drift), or one period from now when the schedule fell behind."""
    period = PERIODS.get(frequency, PERIODS[Frequency.WEEKLY])
    following = due + period
    return following if following > now else now + period


def subscription_ensure(*, membership: Membership) -> DigestSubscription:
    """The member's subscription, created (weekly) the first time it is needed."""
    subscription = DigestSubscription.objects.filter(membership=membership).first()
    if subscription is not None:
        return subscription
    now = timezone.now()
    try:
        with transaction.atomic():
            return DigestSubscription.objects.create(
                membership=membership,
                token=_token(),
                next_at=_first_due(
                    joined_at=membership.joined_at, frequency=Frequency.WEEKLY, now=now
                ),
            )
    except IntegrityError:  # created a moment ago by another request or run
        return DigestSubscription.objects.get(membership=membership)


def subscriptions_ensure(*, now: datetime.datetime | None = None) -> int:
    """Give every member without one a weekly subscription; how many were created."""
    now = now or timezone.now()
    created = 0
    while True:
        missing = list(
            Membership.objects.filter(digest_subscription__isnull=True)
            .order_by("pk")
            .values_list("pk", "joined_at")[:ENSURE_BATCH]
        )
        if not missing:
            return created
        rows = [
            DigestSubscription(
                membership_id=pk,
                token=_token(),
                next_at=_first_due(joined_at=joined_at, frequency=Frequency.WEEKLY, now=now),
            )
            for pk, joined_at in missing
        ]
        # Another run may create some of them at the same moment: theirs stay.
        DigestSubscription.objects.bulk_create(rows, ignore_conflicts=True)
        created += len(rows)
        if len(missing) < ENSURE_BATCH:
            return created


def subscription_set_frequency(
    *, membership: Membership, frequency: str, now: datetime.datetime | None = None
) -> DigestSubscription:
    """Change how often the member gets the digest; the next one moves to fit: one new
    period after the last digest, sent or empty (or after joining), and not before ``now``."""
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose how often you want the digest.")})
    subscription = subscription_ensure(membership=membership)
    if frequency != Frequency.NEVER:
        now = now or timezone.now()
        anchor = subscription.checked_at or membership.joined_at
        subscription.next_at = max(anchor + PERIODS[frequency], now)
    subscription.frequency = frequency
    subscription.save(update_fields=["frequency", "next_at"])
    return subscription


def subscription_unsubscribe(*, subscription: DigestSubscription) -> DigestSubscription:
    """No more digests (the one-click address in every digest)."""
    subscription.frequency = Frequency.NEVER
    subscription.save(update_fields=["frequency"])
    return subscription


# --- Sending ------------------------------------------------------------------------------


@dataclass
class DigestRun:
    """What one run did (or, dry, would do)."""

    sent: int = 0
    empty: int = 0  # due, but nothing to tell: not sent
    no_email: int = 0  # due, but the member's account has no email address
    failed: int = 0
    digests: list[dict] = field(default_factory=list)

    def as_dict(self, *, with_digests: bool = True) -> dict:
        document = {
            "sent": self.sent,
            "empty": self.empty,
            "no_email": self.no_email,
            "failed": self.failed,
        }
        if with_digests:
            document["digests"] = self.digests
        return document


def digest_message(*, digest: Digest, subscription: DigestSubscription) -> EmailMultiAlternatives:
    """The digest as an email (text and HTML) in the member's language, with the one-click
    unsubscribe headers (RFC 8058)."""
    membership = digest.membership
    workspace = membership.workspace
    unsubscribe_url = absolute_url(
        "communities.digest_unsubscribe", digest_token=subscription.token
    )
    with translation.override(digest.language):
        context = {
            "digest": digest,
            "member": membership,
            "workspace": workspace,
            "frequency": Frequency(subscription.frequency).label,
            "home_url": absolute_url("communities.home", workspace_slug=workspace.slug),
            "settings_url": absolute_url("communities.digest", workspace_slug=workspace.slug),
            "unsubscribe_url": unsubscribe_url,
        }
        subject = _("What's new in %(community)s") % {"community": workspace.name}
        text = render_to_string("community_digest/digest.txt", context)
        html = render_to_string("community_digest/digest.html", context)
    text = re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+\n", "\n", text)).strip() + "\n"
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [membership.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _claim(subscription: DigestSubscription, now: datetime.datetime) -> datetime.datetime | None:
    """Take this digest for this run: the new ``next_at`` for exactly one of the runs that
    try, None for the others."""
    following = _next_due(due=subscription.next_at, frequency=subscription.frequency, now=now)
    won = DigestSubscription.objects.filter(
        pk=subscription.pk, next_at=subscription.next_at, frequency=subscription.frequency
    ).update(next_at=following, checked_at=now)
    return following if won == 1 else None


def _give_back(subscription: DigestSubscription, claimed_next: datetime.datetime) -> None:
    """Undo a claim whose digest could not be sent, so a later run sends it."""
    DigestSubscription.objects.filter(pk=subscription.pk, next_at=claimed_next).update(
        next_at=subscription.next_at, checked_at=subscription.checked_at
    )


def _entry(digest: Digest, subscription: DigestSubscription, outcome: str) -> dict:
    membership = digest.membership
    return {
        "community": membership.workspace.slug,
        "member": membership.name,
        "email": membership.user.email,
        "language": digest.language,
        "frequency": subscription.frequency,
        "outcome": outcome,
        "sections": digest.counts(),
    }


def _deliver(subscription: DigestSubscription, now, run: DigestRun, *, claimed_next=None) -> None:
    """Build the member's digest and send it; with no ``claimed_next`` (a dry run), only
    count it."""
    since = digest_window_start(subscription=subscription, now=now)
    digest = digest_build(subscription=subscription, now=now, since=since)
    if digest.is_empty:
        run.empty += 1
        return
    if not subscription.membership.user.email:
        run.no_email += 1
        run.digests.append(_entry(digest, subscription, "no_email"))
        return
    if claimed_next is None:
        run.sent += 1
        run.digests.append(_entry(digest, subscription, "would_send"))
        return
    try:
        digest_message(digest=digest, subscription=subscription).send()
    except Exception:  # the mail server refused or is down: try again on the next run
        logger.exception("digest for membership %s not sent", subscription.membership_id)
        _give_back(subscription, claimed_next)
        run.failed += 1
        run.digests.append(_entry(digest, subscription, "failed"))
        return
    DigestSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
    run.sent += 1
    run.digests.append(_entry(digest, subscription, "sent"))


def digests_send_due(*, now: datetime.datetime | None = None, dry_run: bool = False) -> DigestRun:
    """Send every digest that is due, each exactly once whatever other runs do at once.

    ``dry_run`` writes nothing (no subscription is created or claimed, nothing is sent) and
    reports what would be sent.
    """
    now = now or timezone.now()
    run = DigestRun()
    if dry_run:
        for subscription in _due_dry(now=now):
            _deliver(subscription, now, run)
        return run
    subscriptions_ensure(now=now)
    given_back: set[int] = set()
    while True:
        due = [
            s
            for s in due_subscriptions(now=now, limit=CLAIM_BATCH + len(given_back))
            if s.pk not in given_back
        ]
        if not due:
            return run
        for subscription in due:
            claimed_next = _claim(subscription, now)
            if claimed_next is None:
                continue  # another run took it
            failed = run.failed
            _deliver(subscription, now, run, claimed_next=claimed_next)
            if run.failed > failed:
                given_back.add(subscription.pk)


def _due_dry(*, now: datetime.datetime):
    """The due subscriptions, with the ones members do not have yet as unsaved rows."""
    yield from due_subscriptions(now=now, limit=None)
    missing = (
        Membership.objects.filter(digest_subscription__isnull=True)
        .select_related("workspace", "user")
        .order_by("pk")
    )
    for membership in missing.iterator(chunk_size=ENSURE_BATCH):
        next_at = _first_due(joined_at=membership.joined_at, frequency=Frequency.WEEKLY, now=now)
        if next_at <= now:
            yield DigestSubscription(membership=membership, token="", next_at=next_at)
