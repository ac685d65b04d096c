"""CHECKLIST T1 to T3: tenant A never sees or changes tenant B, through any route.

The routes are discovered, not listed: a route added later is walked automatically, or fails
here until tests/walk.py knows where its test data comes from.
"""

import datetime as dt
import hashlib
import json
import re

import pytest
from django.apps import apps
from django.core import serializers
from django.urls import reverse

from network_animation.models import JobRun, Role, TenantOwnedModel
from network_animation.services.files import generated_file_save
from network_animation.services.invitations import invitation_send
from network_animation.services.tokens import service_token_create
from network_animation.tenancy import all_tenants, tenant_scope

from ..roles import as_application_role
from ..walk import ID_SOURCES, id_for, register_id_source, tenant_routes

METHODS = ["get", "post", "put", "patch", "delete"]
MISSING_ID = 987654321
# Routes of one person's own rows: the walk's row is head office's.
# Pages of one person's own rows, by the roles of the walk's data that open them; the others
# are answered as if the row did not exist: someone else's notification (head office's is the
# walk's), an idea a point of sale's staff sent its animator.
PERSONAL = {
    "notification_open": {Role.HEAD_OFFICE},
    "notification_read": {Role.HEAD_OFFICE},
    "communities:feedback": {Role.POS_STAFF, Role.ANIMATOR},
    # A private difficulty: its reporter, their coach and head office (T12).
    "communities:difficulty": {Role.POS_STAFF, Role.COACH, Role.HEAD_OFFICE},
}
CANARY = "CANARY-B-7f3a"


def tenant_rows_digest(tenant) -> str:
    """A digest of every tenant-owned row of one tenant, to prove nothing of it changed."""
    digest = hashlib.sha256()
    with all_tenants():
        for model in apps.get_models():
            if issubclass(model, TenantOwnedModel):
                rows = model.objects.filter(tenant=tenant).order_by("pk")
                digest.update(serializers.serialize("json", rows).encode())
    return digest.hexdigest()


@pytest.fixture
def job_runs(network_a, network_b):
    from django.utils import timezone

    runs = {}
    for network in (network_a, network_b):
        with tenant_scope(network.tenant):
            runs[network.tenant.pk] = JobRun.objects.create(
                tenant=network.tenant,
                job=f"nightly.{network.tenant.name}",
                started_at=timezone.now(),
                counts={"marker": network.tenant.name},
            )
    return runs


@pytest.fixture
def walk_data(network_a, network_b, job_runs):
    networks = (network_a, network_b)
    tokens = _service_tokens(networks)
    register_id_source("job_run_id", lambda n: job_runs[n.tenant.pk].pk)
    register_id_source("token_id", lambda n: tokens[n.tenant.pk][0].pk)
    files = _generated_files(networks)
    register_id_source("file_id", lambda n: files[n.tenant.pk].pk)
    invitations = {}
    for network in networks:
        _kpi_walk_data(network)
        invitations[network.tenant.pk] = _invitation(network)
    register_id_source("invitation_id", lambda n: invitations[n.tenant.pk].pk)
    _challenge_walk_data(network_a, network_b)
    _community_walk_data(network_a, network_b)
    _learning_walk_data(network_a, network_b)
    _unit_walk_data(network_a, network_b)
    _recommendation_walk_data(network_a, network_b)
    _visit_walk_data(network_a, network_b)
    API_PK = {"api:job-run-detail": "job_run_id"}
    from .. import walk

    walk.API_PK_SOURCES.update(API_PK)
    return tokens


def _service_tokens(networks) -> dict:
    tokens = {}
    for network in networks:
        with tenant_scope(network.tenant):
            tokens[network.tenant.pk] = service_token_create(
                tenant=network.tenant, actor=None, name=f"ERP {network.tenant.name}"
            )
    return tokens


def _generated_files(networks) -> dict:
    files = {}
    for network in networks:
        with tenant_scope(network.tenant):
            files[network.tenant.pk] = generated_file_save(
                tenant=network.tenant,
                kind="report",
                title=network.tenant.name,
                filename="report.csv",
                content_type="text/csv",
                content=network.tenant.name.encode(),
            )
    return files


def _invitation(network):
    with tenant_scope(network.tenant):
        return invitation_send(
            tenant=network.tenant,
            actor=None,
            email="invited@example.com",
            role=Role.COACH,
            first_name=network.tenant.name,
        )


def _kpi_walk_data(network) -> None:
    """A KPI and an objective of each network, for the routes with `kpi_id`, `objective_id`."""
    from kpis.models import KpiDefinition, Level, Objective, Period

    with tenant_scope(network.tenant):
        kpi = KpiDefinition.objects.create(
            tenant=network.tenant, code="walk", name_fr=network.tenant.name, name_en="Walk"
        )
        Objective.objects.create(
            tenant=network.tenant,
            kpi=kpi,
            level=Level.ZONE,
            zone=network.zone,
            period=Period.MONTH,
            period_start=dt.date(2025, 1, 1),
            target=1.0,
        )


def _comparable(page: str) -> str:
    """A page without what changes at every response (CSP nonces, CSRF tokens)."""
    page = re.sub(r'nonce="[^"]*"', "", page)
    return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]*"', "", page)


def _call(client, method, url, **extra):
    return getattr(client, method)(url, **extra)


def body(answer) -> str:
    """A response's text, streamed (a download) or not."""
    if answer.streaming:
        return b"".join(answer.streaming_content).decode(errors="ignore")
    return answer.content.decode(errors="ignore")


@pytest.mark.django_db
def test_every_page_route_answers_404_for_another_tenants_ids(network_a, network_b, walk_data):
    client = network_a.client(Role.HEAD_OFFICE)
    before = tenant_rows_digest(network_b.tenant)
    walked = 0
    with as_application_role():
        for route in tenant_routes():
            if route.is_api or "tenant_slug" not in route.params:
                continue
            ids = [p for p in route.params if p != "tenant_slug"]
            if not ids:
                continue
            kwargs = {"tenant_slug": network_a.tenant.slug}
            foreign = {p: id_for(route, p, network_b) for p in ids}
            missing = dict.fromkeys(ids, MISSING_ID)
            for method in METHODS:
                answer = _call(client, method, reverse(route.name, kwargs={**kwargs, **foreign}))
                baseline = _call(client, method, reverse(route.name, kwargs={**kwargs, **missing}))
                assert answer.status_code == baseline.status_code, (route.name, method)
                assert answer.status_code in (404, 405), (route.name, method, answer.status_code)
                assert CANARY not in answer.content.decode(errors="ignore"), route.name
            walked += 1
    assert walked >= len(ID_SOURCES)
    assert tenant_rows_digest(network_b.tenant) == before


@pytest.mark.django_db
def test_every_page_route_of_another_tenant_answers_as_a_brand_that_does_not_exist(
    network_a, network_b, walk_data
):
    """CHECKLIST T11: the answer never tells whether a brand exists."""
    client = network_a.client(Role.HEAD_OFFICE)
    nowhere = "x" * len(network_b.tenant.slug)
    with as_application_role():
        for route in tenant_routes():
            if route.is_api or "tenant_slug" not in route.params:
                continue
            kwargs = {p: id_for(route, p, network_b) for p in route.params if p != "tenant_slug"}
            url = reverse(route.name, kwargs={"tenant_slug": network_b.tenant.slug, **kwargs})
            missing = reverse(route.name, kwargs={"tenant_slug": nowhere, **kwargs})
            for method in METHODS:
                answer, baseline = _call(client, method, url), _call(client, method, missing)
                assert answer.status_code == baseline.status_code == 404, (route.name, method)
                same = _comparable(body(answer).replace(network_b.tenant.slug, nowhere))
                assert same == _comparable(body(baseline)), (route.name, method)
                assert CANARY not in body(answer), route.name


@pytest.mark.django_db
def test_every_api_route_answers_404_for_another_tenants_ids(network_a, network_b, walk_data):
    key = walk_data[network_a.tenant.pk][1]
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    before = tenant_rows_digest(network_b.tenant)
    with as_application_role():
        for route in tenant_routes():
            if not route.is_api or not route.params:
                continue
            foreign = {p: id_for(route, p, network_b) for p in route.params}
            missing = dict.fromkeys(route.params, MISSING_ID)
            for method in METHODS:
                answer = _call(client, method, reverse(route.name, kwargs=foreign))
                baseline = _call(client, method, reverse(route.name, kwargs=missing))
                assert answer.status_code == baseline.status_code, (route.name, method)
                assert answer.status_code in (404, 405), (route.name, method)
                assert CANARY not in answer.content.decode(), route.name
    assert tenant_rows_digest(network_b.tenant) == before


@pytest.mark.django_db
def test_api_lists_and_searches_answer_only_own_rows(network_a, network_b, walk_data):
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Token {walk_data[network_a.tenant.pk][1]}")
    lists = [r for r in tenant_routes() if r.is_api and not r.params and r.name.endswith("-list")]
    assert lists
    with as_application_role():
        for route in lists:
            for query in ("", "?search=CANARY", "?limit=1000", f"?zone={network_b.zone.code}"):
                answer = client.get(reverse(route.name) + query)
                assert answer.status_code == 200, route.name
                assert CANARY not in answer.content.decode(), (route.name, query)
                assert "results" in json.loads(answer.content)


@pytest.mark.django_db
def test_canary_is_in_no_page_of_tenant_a(network_a, network_b, walk_data):
    """Every parameterless page and every page with A's own ids, for every role of A."""
    with as_application_role():
        for role in Role.values:
            client = network_a.client(role)
            for route in tenant_routes():
                if route.is_api or "tenant_slug" not in route.params:
                    continue
                kwargs = {
                    p: id_for(route, p, network_a) for p in route.params if p != "tenant_slug"
                }
                url = reverse(route.name, kwargs={"tenant_slug": network_a.tenant.slug, **kwargs})
                answer = client.get(url, follow=True)
                missing = route.name in PERSONAL and role not in PERSONAL[route.name]
                assert answer.status_code in ((404, 405) if missing else (200, 403, 405)), (
                    role,
                    route.name,
                )
                assert CANARY not in body(answer), (role, route.name)


def _challenge_walk_data(*networks) -> None:
    """A challenge, a notification and a label grid of each network (tests/challenges)."""
    from tests.challenges.factories import challenge_walk_objects

    objects = {network.tenant.pk: challenge_walk_objects(network) for network in networks}
    for param in ("challenge_id", "notification_id", "label_grid_id"):
        register_id_source(param, lambda n, param=param: objects[n.tenant.pk][param])
    from .. import walk

    walk.API_PK_SOURCES.update(
        {"api:challenge-detail": "challenge_id", "api:challenge-leaderboard": "challenge_id"}
    )


def _community_walk_data(*networks) -> None:
    """Each network's rows of the communities' pages, by the parameter naming them
    (tests/communities/factories.py)."""
    from tests.communities.factories import community_walk_objects

    objects = {network.tenant.pk: community_walk_objects(network) for network in networks}
    for param in objects[networks[0].tenant.pk]:
        register_id_source(param, lambda n, param=param: objects[n.tenant.pk][param])


def _learning_walk_data(*networks) -> None:
    """Each network's rows of learning's pages, by the parameter naming them
    (tests/microlearning/factories.py)."""
    from tests.microlearning.factories import learning_walk_objects

    objects = {network.tenant.pk: learning_walk_objects(network) for network in networks}
    for param in objects[networks[0].tenant.pk]:
        register_id_source(param, lambda n, param=param: objects[n.tenant.pk][param])


def _unit_walk_data(*networks) -> None:
    """Each network's unit project, action and coaching day (tests/challenges/units_factories)."""
    from tests.challenges.units_factories import unit_walk_objects

    objects = {network.tenant.pk: unit_walk_objects(network) for network in networks}
    for param in objects[networks[0].tenant.pk]:
        register_id_source(param, lambda n, param=param: objects[n.tenant.pk][param])


def _recommendation_walk_data(*networks) -> None:
    """Each network's suggested action (tests/recommendations/actions_setup.py)."""
    from tests.recommendations.actions_setup import suggestion_walk_objects

    objects = {network.tenant.pk: suggestion_walk_objects(network) for network in networks}
    for param in objects[networks[0].tenant.pk]:
        register_id_source(param, lambda n, param=param: objects[n.tenant.pk][param])


def _visit_walk_data(*networks) -> None:
    """Each network's visit grid, visit and its photo, and campaign
    (tests/challenges/visits_factories)."""
    from tests.challenges.visits_factories import visit_walk_objects

    objects = {network.tenant.pk: visit_walk_objects(network) for network in networks}
    for param in objects[networks[0].tenant.pk]:
        register_id_source(param, lambda n, param=param: objects[n.tenant.pk][param])
