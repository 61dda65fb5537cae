"""Background work of communities: member introductions computed by workers.

Thin wrappers over ``communities.matching``: ``services.member_matches_refresh`` enqueues
one ``member_matches_chunk`` per chunk of needers, and every profile edit that changes
offers or needs enqueues one ``member_matches_member``. The database backend of django.tasks
hands each task to one worker only, so several workers (``vinculo worker --processes N``,
on one machine or many) share the chunks and none is computed twice.
"""

from django.tasks import task

from . import matching


@task()
def member_matches_chunk(*, workspace_id: int, first_id: int, last_id: int) -> int:
    """Replace the matches of the needers with ids ``first_id..last_id``; returns how many."""
    return matching.matches_chunk_compute(
        workspace_id=workspace_id, first_id=first_id, last_id=last_id
    )


@task()
def member_matches_member(*, membership_id: int) -> int:
    """One member's offers or needs changed: re-score what they touch."""
    return matching.member_matches_recompute(membership_id=membership_id)
