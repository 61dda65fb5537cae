"""CardDAV at /dav/: HTTP Basic login checked here (username and password, or an app
password), then the request is handed to an embedded Radicale (``backend``)."""

import base64
import binascii
import io
import threading

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from . import backend, services

PREFIX = "/dav"
_lock = threading.Lock()
_app = None


def radicale_app():
    """One Radicale application per process, configured for Vínculo's plugins."""
    global _app
    with _lock:
        if _app is None:
            _app = backend.application()
        return _app


def _credentials(request) -> tuple[str, str] | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _space, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, colon, password = decoded.partition(":")
    return (username, password) if colon else None


def _unauthorized() -> HttpResponse:
    response = HttpResponse(
        _("Log in with your username and password or an app password."),
        status=401,
        content_type="text/plain; charset=utf-8",
    )
    response["WWW-Authenticate"] = 'Basic realm="Vínculo", charset="UTF-8"'
    return response


@csrf_exempt
@login_not_required
def dav(request, path: str = ""):
    credentials = _credentials(request)
    user = None
    if credentials:
        user = services.dav_authenticate(
            request=request, username=credentials[0], password=credentials[1]
        )
    if user is None:
        return _unauthorized()
    body = request.body
    environ = {k: v for k, v in request.META.items() if isinstance(v, str)}
    environ.update(
        {
            "SCRIPT_NAME": PREFIX,
            "PATH_INFO": "/" + path,
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": request.META.get("wsgi.errors"),
            "wsgi.url_scheme": request.scheme,
            "CONTENT_LENGTH": str(len(body)),
            backend.USER_KEY: user.get_username(),
            backend.PROOF_KEY: backend.PROOF,
        }
    )
    environ.pop("HTTP_X_SCRIPT_NAME", None)
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"], started["headers"] = status, headers

    with backend.request_user(user):
        chunks = radicale_app()(environ, start_response)
        content = b"".join(chunks)
    response = HttpResponse(content, status=int(started["status"].split()[0]))
    for name, value in started["headers"]:
        if name.lower() not in ("content-length", "connection"):
            response[name] = value
    return response


@csrf_exempt
@login_not_required
def well_known(request):
    """/.well-known/carddav, whatever the method (clients send PROPFIND): the server is at
    /dav/."""
    return HttpResponseRedirect(PREFIX + "/")
