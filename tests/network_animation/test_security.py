"""Deployment checks and headers (D1 to D4), CSRF (X1), private pages (X4), API rate (A2)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from network_animation.models import Role
from network_animation.services.tokens import service_token_create
from network_animation.settings import production
from network_animation.tenancy import tenant_scope

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    name: getattr(production, name)
    for name in [
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER",
    ]
}


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "network_animation.settings.production",
        "SECRET_KEY": "x" * 64 + "-production-like-secret-key-for-the-check",
        "ALLOWED_HOSTS": "network.example.com",
        "DEBUG": "off",
        "DATABASE_URL": "sqlite:////tmp/check-deploy.sqlite3",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "network_animation.settings.production",
        "SECRET_KEY": "",
        "DEBUG": "off",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@override_settings(**PRODUCTION)
def test_responses_carry_the_security_headers(network_a):
    answer = network_a.client().get(reverse("network", args=[network_a.tenant.slug]), secure=True)
    csp = answer.headers["Content-Security-Policy"]
    for directive in (
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "script-src 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "same-origin"
    assert answer.headers["X-Frame-Options"] == "DENY"


@override_settings(**PRODUCTION)
def test_session_cookie_is_secure_httponly_and_lax(network_a):
    from tests.factories import PASSWORD

    answer = Client().post(
        reverse("login"),
        {
            "username": network_a.members[Role.POS_STAFF].user.email,
            "password": PASSWORD,
        },
        secure=True,
    )
    cookie = answer.cookies["sessionid"]
    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_an_unknown_url_gives_a_plain_404_page():
    answer = Client().get("/accounts/nothing-here/")
    assert answer.status_code == 404
    assert "Traceback" not in answer.content.decode()


@pytest.mark.urls("tests.network_animation.failing_urls")
def test_an_exception_gives_a_plain_500_page():
    client = Client(raise_request_exception=False)
    answer = client.get("/boom/")
    assert answer.status_code == 500
    body = answer.content.decode()
    assert "Something went wrong" in body
    assert "Traceback" not in body
    assert "RuntimeError" not in body


def _debug_on(settings, pages: bool) -> Client:
    """`make run`'s settings; a new client builds its middleware with them."""
    settings.DEBUG = True
    settings.DEBUG_PAGES = pages
    return Client(raise_request_exception=False)


def test_with_debug_on_a_missing_page_still_shows_the_products_404(settings):
    answer = _debug_on(settings, pages=False).get("/accounts/nothing-here/")
    assert answer.status_code == 404
    body = answer.content.decode()
    assert "DEBUG = True" not in body
    assert 'class="card card--narrow"' in body  # templates/404.html, in the product's layout


@pytest.mark.urls("tests.network_animation.failing_urls")
def test_with_debug_on_an_exception_still_shows_the_products_500(settings):
    answer = _debug_on(settings, pages=False).get("/boom/")
    assert answer.status_code == 500
    body = answer.content.decode()
    assert "Something went wrong" in body
    assert "RuntimeError" not in body


def test_debug_pages_on_shows_djangos_debug_page(settings):
    answer = _debug_on(settings, pages=True).get("/accounts/nothing-here/")
    assert answer.status_code == 404
    assert "DEBUG = True" in answer.content.decode()


def test_a_post_without_the_csrf_token_is_refused(network_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(network_a.members[Role.HEAD_OFFICE].user)
    url = reverse("region_create", args=[network_a.tenant.slug])
    assert client.post(url, {"code": "N", "name": "Nord"}).status_code == 403
    page = client.get(url)
    token = (
        page.cookies["csrftoken"].value
        if "csrftoken" in page.cookies
        else client.cookies["csrftoken"].value
    )
    answer = client.post(url, {"code": "N", "name": "Nord", "csrfmiddlewaretoken": token})
    assert answer.status_code == 302


def test_private_pages_are_never_stored(network_a):
    answer = network_a.client().get(reverse("network", args=[network_a.tenant.slug]))
    assert "no-store" in answer.headers["Cache-Control"]
    assert "private" in answer.headers["Cache-Control"]


def test_pages_have_no_inline_script(network_a):
    page = network_a.client().get(reverse("network", args=[network_a.tenant.slug])).content
    import re

    scripts = re.findall(rb"<script([^>]*)>(.*?)</script>", page, flags=re.S)
    assert scripts
    for attributes, body in scripts:
        assert b"src=" in attributes
        assert body.strip() == b""
    assert b" onclick=" not in page
    assert b" onload=" not in page


def test_api_bursts_over_the_rate_get_429_with_retry_after(network_a, monkeypatch):
    from network_animation.api.auth import ServiceTokenRateThrottle

    monkeypatch.setattr(ServiceTokenRateThrottle, "THROTTLE_RATES", {"service_token": "3/min"})
    with tenant_scope(network_a.tenant):
        _token, key = service_token_create(tenant=network_a.tenant, actor=None, name="ERP")
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    answers = [client.get(reverse("api:region-list")) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert int(answers[-1].headers["Retry-After"]) > 0
