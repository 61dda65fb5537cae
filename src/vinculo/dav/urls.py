from django.urls import path, re_path

from . import views

urlpatterns = [
    path("", views.dav, name="dav"),
    # Everything below /dav/ goes to the same view; it takes HTTP Basic credentials, not a
    # session, so tests/isolation.py lists it with the public routes.
    re_path(r"^(?P<path>.+)$", views.dav),
]
