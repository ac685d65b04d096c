"""The platform's lean versions of Django's CSP and locale middleware (network_animation/
middleware.py): the same headers and languages, without the per-request work they did for
nothing."""

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.csp import CSP, build_policy

from network_animation.middleware import ContentSecurityPolicyMiddleware
from network_animation.models import Role

pytestmark = pytest.mark.django_db


def test_the_platform_uses_its_own_csp_and_locale_middleware():
    assert "network_animation.middleware.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE
    assert "network_animation.middleware.LocaleMiddleware" in settings.MIDDLEWARE
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" not in settings.MIDDLEWARE
    assert "django.middleware.locale.LocaleMiddleware" not in settings.MIDDLEWARE


def served(view) -> HttpResponse:
    return ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/"))


def nonce_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f'<script nonce="{request._csp_nonce}"></script>')  # type: ignore[attr-defined]


def test_a_nonce_used_by_a_page_is_in_its_policy_and_new_at_every_response(settings):
    settings.SECURE_CSP = {**settings.SECURE_CSP, "script-src": [CSP.SELF, CSP.NONCE]}
    nonces = []
    for _ in range(3):
        answer = served(nonce_page)
        nonce = answer.content.decode().split('"')[1]
        assert f"'nonce-{nonce}'" in answer.headers["Content-Security-Policy"]
        nonces.append(nonce)
    assert len(set(nonces)) == 3


def test_a_page_without_a_nonce_gets_the_configured_policy(settings):
    settings.SECURE_CSP = {**settings.SECURE_CSP, "script-src": [CSP.SELF, CSP.NONCE]}
    answers = [served(lambda request: HttpResponse("no script")) for _ in range(2)]
    policies = {answer.headers["Content-Security-Policy"] for answer in answers}
    assert policies == {build_policy(settings.SECURE_CSP)}
    assert "nonce" not in policies.pop()


def test_a_changed_configuration_gives_its_own_policy(settings):
    first = served(lambda request: HttpResponse())
    settings.SECURE_CSP = {"default-src": [CSP.NONE]}
    assert first.headers["Content-Security-Policy"] != "default-src 'none'"
    assert served(lambda request: HttpResponse()).headers["Content-Security-Policy"] == (
        "default-src 'none'"
    )


def test_a_view_may_turn_the_policy_off_or_write_its_own():
    def without(request: HttpRequest) -> HttpResponse:
        response = HttpResponse()
        response._csp_config = {}  # type: ignore[attr-defined]  # what csp_override({}) sets
        return response

    def own(request: HttpRequest) -> HttpResponse:
        response = HttpResponse()
        response.headers["Content-Security-Policy"] = "default-src 'self'"
        return response

    assert "Content-Security-Policy" not in served(without).headers
    assert served(own).headers["Content-Security-Policy"] == "default-src 'self'"


def test_report_only_policy_is_still_sent(settings):
    settings.SECURE_CSP_REPORT_ONLY = {"default-src": [CSP.SELF]}
    answer = served(lambda request: HttpResponse())
    assert answer.headers["Content-Security-Policy-Report-Only"] == "default-src 'self'"


def test_the_language_follows_the_cookie_then_the_browser(network_a):
    url = reverse("point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk])
    client = network_a.client(Role.POS_STAFF)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url, headers={"accept-language": "fr"})
    assert '<html lang="en">' in english.content.decode()
    assert english.headers["Content-Language"] == "en"
    assert "Accept-Language" in english.headers["Vary"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="fr">' in client.get(url).content.decode()
    browser = Client()
    browser.force_login(network_a.members[Role.POS_STAFF].user)
    answer = browser.get(url, headers={"accept-language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in answer.content.decode()
    assert (
        Client()
        .get(reverse("login"), headers={"accept-language": "de"})
        .headers["Content-Language"]
        == settings.LANGUAGE_CODE
    )


def test_a_page_of_the_layout_asks_for_no_nonce(network_a):
    """The layout's scripts come from 'self': no page makes its policy be written anew."""
    url = reverse("point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk])
    answer = network_a.client(Role.POS_STAFF).get(url)
    assert answer.status_code == 200
    assert "htmx" in answer.content.decode()
    assert "nonce=" not in answer.content.decode()
    assert not answer.wsgi_request._csp_nonce  # never generated
    assert answer.headers["Content-Security-Policy"] == build_policy(settings.SECURE_CSP)
