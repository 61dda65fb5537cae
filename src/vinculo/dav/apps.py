from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DavConfig(AppConfig):
    name = "vinculo.dav"
    label = "dav"
    verbose_name = _("address book sync (CardDAV)")
