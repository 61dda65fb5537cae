from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardConfig(AppConfig):
    name = "vinculo.communities.board"
    label = "community_board"
    verbose_name = _("Board of asks and offers")
