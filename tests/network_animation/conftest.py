"""Fixtures shared by the core's tests."""

import copy

import pytest
from django.conf import settings as django_settings


@pytest.fixture
def floor_urls(settings):
    """The bench's URLs and templates (its floor view: the middleware stack and one query)."""
    settings.ROOT_URLCONF = "bench.urls"
    templates = copy.deepcopy(django_settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], django_settings.BASE_DIR / "bench" / "templates"]
    settings.TEMPLATES = templates
