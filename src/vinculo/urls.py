from django.urls import include, path

from vinculo.dav.views import well_known

urlpatterns = [
    path("accounts/", include("vinculo.accounts.urls")),
    path("api/", include("vinculo.api.urls")),
    path("dav/", include("vinculo.dav.urls")),
    # Where CardDAV clients look for the server (RFC 6764).
    path(".well-known/carddav", well_known, name="dav.well_known"),
    path("", include("vinculo.web.urls")),
]
