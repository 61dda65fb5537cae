from django.urls import include, path

urlpatterns = [
    path("accounts/", include("vinculo.accounts.urls")),
    path("api/", include("vinculo.api.urls")),
    path("", include("vinculo.web.urls")),
]
