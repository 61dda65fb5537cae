"""Settings: one module, driven by ``VINCULO_*`` environment variables and ``DATABASE_URL``."""

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


HOME = Path(os.environ.get("VINCULO_HOME") or Path.home() / ".local/share/vinculo").expanduser()
HOME.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """From VINCULO_SECRET_KEY, else generated once and kept in VINCULO_HOME (never in the repo)."""
    if key := os.environ.get("VINCULO_SECRET_KEY"):
        return key
    path = HOME / "secret_key"
    if not path.exists():
        # Written whole to a file of its own, then linked into place: the file appears with
        # its key or not at all, and when processes start together (a server and its
        # worker on first boot) the first link wins and the others read that key.
        try:
            fd, written = tempfile.mkstemp(dir=HOME, prefix=".secret_key.")  # mode 0600
        except OSError as exc:  # said of the key's own file: the one the user knows
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        try:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(50))
            with contextlib.suppress(FileExistsError):
                os.link(written, path)
        finally:
            os.unlink(written)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("VINCULO_DEBUG", False)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("VINCULO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("VINCULO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "vinculo.core.apps.StaticFilesConfig",  # django.contrib.staticfiles
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_tasks_db",
    "vinculo.core",
    "vinculo.accounts",
    "vinculo.people",
    "vinculo.activity",
    "vinculo.giving",
    "vinculo.portability",
    "vinculo.network",
    "vinculo.rounds",
    "vinculo.dav",
    "vinculo.communities",
    "vinculo.communities.board",
    "vinculo.communities.digest",
    "vinculo.communities.events",
    "vinculo.web",
    "vinculo.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "vinculo.core.middleware.FaultMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vinculo.urls"
WSGI_APPLICATION = "vinculo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

# Databases: SQLite in VINCULO_HOME by default; PostgreSQL (or another) through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{HOME / 'vinculo.sqlite3'}", conn_max_age=600, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Kept open between requests (one per server thread), as on PostgreSQL: a new SQLite
    # connection reads the whole schema and runs the PRAGMAs below before its first query,
    # and starts with an empty page cache (3.5 ms of every request).
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web app and a CLI import work at the same time; IMMEDIATE
        # transactions take the write lock up front instead of failing halfway. The file
        # is read through memory mapping (up to 1 GiB), shared by every connection, instead
        # of a copy of each page per connection: a search that looks up 1,400 contacts
        # costs a third less.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA mmap_size=1073741824;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's price of reading a page out of order, as for SSDs or a database that
    # fits in memory (PostgreSQL's default, 4.0, is for spinning disks). At the default it
    # answers "how many members offer SEO, up to 1,001?" by scanning the members (20 ms at
    # 100,000) rather than from the trigram index (6 ms). Unless DATABASE_URL sets it.
    _pg = DATABASES["default"].setdefault("OPTIONS", {})
    if "random_page_cost" not in _pg.get("options", ""):
        _pg["options"] = f"{_pg.get('options', '')} -c random_page_cost=1.1".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (django.tasks): queued as rows in the same database, run by `vinculo worker`
# processes (`vinculo serve` starts one). The same backend everywhere, tests included: a test
# that needs the work done runs a real worker (docs/architecture.md, "Background work").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts.login"
LOGIN_REDIRECT_URL = "web.dashboard"
LOGOUT_REDIRECT_URL = "accounts.login"

# Repeated failed logins are throttled per username and address.
AXES_FAILURE_LIMIT = int(os.environ.get("VINCULO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("VINCULO_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
# English dates as most of the world reads them (vinculo/formats/en/formats.py).
FORMAT_MODULE_PATH = ["vinculo.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("VINCULO_TIME_ZONE", "Europe/Madrid")
USE_I18N = True
USE_TZ = True

# Phone numbers typed without a country code are read in this region.
PHONE_DEFAULT_REGION = os.environ.get("VINCULO_PHONE_REGION", "ES")

# Business-card photos read by OCR: larger files or images are refused with a message.
CARD_IMAGE_MAX_BYTES = int(os.environ.get("VINCULO_CARD_MAX_MB", "10")) * 1024 * 1024
CARD_IMAGE_MAX_PIXELS = int(os.environ.get("VINCULO_CARD_MAX_MEGAPIXELS", "30")) * 1_000_000

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # `vinculo serve` collects hashed, compressed files; before that (tests, a fresh
    # checkout) the plain names are served from the apps' static folders.
    "staticfiles": {"BACKEND": "vinculo.core.storage.StaticStorage"},
}
WHITENOISE_USE_FINDERS = True
# Source maps are read by a browser's developer tools only, never over a slow link: not
# compressed (at Brotli's best quality the API docs' maps alone took a minute per collect).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
MEDIA_ROOT = HOME / "media"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "vinculo.api.pagination.Pages",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {"token": "10/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Vínculo API",
    "DESCRIPTION": "Contacts, what they offer and need, ties and interactions.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Links from each create operation to what takes the new object (vinculo/api/schema_links.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "vinculo.api.schema_links.links_add",
    ],
    # Interactions and favours both have a "kind", with different choices.
    "ENUM_NAME_OVERRIDES": {
        "KindEnum": "vinculo.activity.enums.InteractionKind",
        "FavorKindEnum": "vinculo.giving.enums.FavorKind",
        "FollowUpReasonEnum": "vinculo.activity.enums.FollowUpReason",
        "BoardPostKindEnum": "vinculo.communities.board.enums.PostKind",
        "BoardPostStatusEnum": "vinculo.communities.board.enums.PostStatus",
        "BoardReferralStatusEnum": "vinculo.communities.board.enums.ReferralStatus",
        "MemberIntroductionStatusEnum": "vinculo.communities.enums.IntroductionStatus",
        "ProfileVisibilityEnum": "vinculo.communities.enums.Visibility",
        "RsvpAnswerEnum": "vinculo.communities.events.enums.RsvpAnswer",
        "IntroductionStatusEnum": "vinculo.giving.enums.IntroductionStatus",
    },
}

# Mail: printed to the console unless SMTP is configured (VINCULO_SMTP_HOST and friends).
if os.environ.get("VINCULO_SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["VINCULO_SMTP_HOST"],
                "port": int(os.environ.get("VINCULO_SMTP_PORT", "587")),
                "username": os.environ.get("VINCULO_SMTP_USER", ""),
                "password": os.environ.get("VINCULO_SMTP_PASSWORD", ""),
                "use_tls": _env_bool("VINCULO_SMTP_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("VINCULO_FROM_EMAIL", "vinculo@localhost")
# The address people reach the app at, for links in emails sent by background workers.
BASE_URL = os.environ.get("VINCULO_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

SESSION_COOKIE_HTTPONLY = True
# VINCULO_HTTPS=1: the site is served over TLS only (docs/deployment.md, docs/security.md):
# cookies only over HTTPS, plain HTTP redirected, and browsers told to remember it (HSTS).
HTTPS = _env_bool("VINCULO_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS or _env_bool("VINCULO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("VINCULO_HSTS_SECONDS", 365 * 24 * 3600))
    # Subdomains too, and consent to the browsers' preload list: turn them off when
    # another site under the same domain still speaks plain HTTP.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("VINCULO_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("VINCULO_HSTS_PRELOAD", True)
# Behind a reverse proxy that ends TLS and sets X-Forwarded-Proto (docs/deployment.md).
if _env_bool("VINCULO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content Security Policy: scripts, styles, fonts and pictures from this site only; no
# inline script or style anywhere (templates keep them in static files), no plug-ins, no
# framing. `data:` pictures are the icons of Pico and of the API docs.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("VINCULO_LOG_LEVEL", "WARNING")},
}
