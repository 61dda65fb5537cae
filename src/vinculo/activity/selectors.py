from django.shortcuts import get_object_or_404

from .models import Interaction


def interaction_get(*, user, interaction_id: int) -> Interaction:
    return get_object_or_404(
        Interaction.objects.for_user(user).select_related("contact"), pk=interaction_id
    )


def interactions_recent(*, user, limit: int = 10) -> list[Interaction]:
    return list(
        Interaction.objects.for_user(user)
        .select_related("contact")
        .order_by("-date", "-id")[:limit]
    )
