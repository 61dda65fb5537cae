from datetime import timedelta

import pytest
from django.utils import timezone, translation


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def days_ago(today):
    return lambda n: today - timedelta(days=n)


@pytest.fixture
def english():
    with translation.override("en"):
        yield
