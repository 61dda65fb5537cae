from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigestConfig(AppConfig):
    name = "vinculo.communities.digest"
    label = "community_digest"
    verbose_name = _("Community digest")
