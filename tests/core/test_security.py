"""Security settings: the Content Security Policy, production settings, CSRF."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

SRC = Path(__file__).parents[2] / "src" / "vinculo"
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# What a strict policy blocks: a script or style written in the page, a style attribute,
# an event-handler attribute, a javascript: link.
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: link"),
]
# <script type="application/json"> holds data, not code: the policy lets it be.
DATA_SCRIPT = re.compile(r"<script[^>]*type=[\"']application/json[\"'][^>]*>", re.I)


def _inline(html: str) -> list[str]:
    html = DATA_SCRIPT.sub("", html)
    return [name for pattern, name in INLINE if pattern.search(html)]


def test_no_template_has_inline_script_or_style():
    templates = sorted(SRC.rglob("templates/**/*.html"))
    found = {
        str(path.relative_to(SRC)): problems
        for path in templates
        if (problems := _inline(path.read_text(encoding="utf-8")))
    }

    assert len(templates) > 50
    assert found == {}


def test_pages_carry_the_content_security_policy(auth_client):
    response = auth_client.get(reverse("web.dashboard"))

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_api_docs_page_has_no_inline_script_or_style(auth_client):
    response = auth_client.get(reverse("api.docs"))

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY
    assert _inline(response.content.decode()) == []
    assert "api/swagger" in response.content.decode()


def test_a_form_posted_without_its_csrf_token_is_refused(client, user):
    from django.test import Client

    from vinculo.people.models import Contact

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)

    response = strict.post(reverse("contacts.create"), {"name": "Sin token"})

    assert response.status_code == 403
    assert Contact.objects.for_user(user).count() == 0


def _settings_under(env: dict[str, str]) -> dict:
    """The security settings a fresh process computes from ``env``."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps({k: getattr(s, k, None) for k in ("
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT',"
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD',"
        "'SECURE_PROXY_SSL_HEADER', 'DEBUG')}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "vinculo.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_https_turns_on_secure_cookies_redirects_and_hsts():
    production = _settings_under({"VINCULO_HTTPS": "1", "VINCULO_BEHIND_PROXY": "1"})
    local = _settings_under({"VINCULO_HTTPS": "0", "VINCULO_BEHIND_PROXY": "0"})

    assert production == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "DEBUG": False,
    }
    assert local == {
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_PROXY_SSL_HEADER": None,
        "DEBUG": False,
    }


@pytest.mark.both_databases  # the settings differ with the database
@pytest.mark.parametrize(
    "env",
    [{"VINCULO_HTTPS": "1", "VINCULO_BEHIND_PROXY": "1", "VINCULO_SMTP_HOST": "smtp.example.org"}],
)
def test_the_deploy_check_is_clean_in_production_settings(env, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            # as a server is started: without what the browser tests set for themselves
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": "vinculo.settings",
            "VINCULO_HOME": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )

    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "System check identified no issues (0 silenced).\n",
        "",
    )
