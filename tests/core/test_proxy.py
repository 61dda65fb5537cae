"""VINCULO_BEHIND_PROXY: behind a reverse proxy that ends TLS, requests it marks as HTTPS are
secure (secure cookies, CSRF origin checks against https://); without it the header is not
trusted, since anyone could send it."""

import os
import subprocess
import sys

import pytest

PROBE = """
import django
django.setup()
from django.test import RequestFactory
request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")
print(request.is_secure())
"""


@pytest.mark.parametrize(("behind_proxy", "secure"), [("1", "True"), ("0", "False")])
def test_forwarded_proto_is_trusted_only_behind_a_proxy(tmp_path, behind_proxy, secure):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vinculo.settings",
        "VINCULO_HOME": str(tmp_path),
        "VINCULO_BEHIND_PROXY": behind_proxy,
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == secure
