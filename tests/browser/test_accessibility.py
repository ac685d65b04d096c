"""axe-core over every page of every role, on a phone and on a desktop, in French: no violation
of impact "serious" or "critical".

The pages are discovered from the URLconf (each with the network's own ids, tests/walk.py) and
kept when the role's GET answers a whole HTML page, so a page added later is checked too, or
fails here until this fixture knows where its test data comes from. axe is injected into a
browser context that bypasses the page's CSP; the application's CSP itself stays on.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from challenges.services import challenge_standings_refresh
from network_animation.models import JobRun, Role
from network_animation.services.files import generated_file_save
from network_animation.services.invitations import invitation_send
from network_animation.services.tokens import service_token_create
from network_animation.tenancy import tenant_scope
from tests.challenges.factories import challenge_walk_objects, launch
from tests.challenges.units_factories import unit_walk_objects
from tests.challenges.visits_factories import visit_walk_objects
from tests.communities.factories import community_walk_objects
from tests.conftest import Network
from tests.microlearning.factories import learning_walk_objects
from tests.recommendations.actions_setup import suggestion_walk_objects

from ..walk import id_for, register_id_source, tenant_routes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
BLOCKING = ("serious", "critical")
# Every <details> opened (the menu, the trend tables), so what they hold is checked too. After a
# resize the page's own handlers run on the next frames: axe runs once they have.
RUN_AXE = """async () => {
  document.querySelectorAll("details").forEach((details) => { details.open = true; });
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return (await axe.run(document, {resultTypes: ["violations"]})).violations;
}"""
# Pages outside a tenant: a signed-in person's (the tenant's pages are discovered), and those
# of someone not signed in.
ACCOUNT_PAGES = ("profile", "password_change")
ANONYMOUS_PAGES = ("login", "password_reset")


@dataclass(frozen=True)
class Violation:
    viewport: str
    who: str
    url: str
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        where = f"[{self.viewport}] {self.who} {self.url}"
        return f"{where}: {self.rule} ({self.impact}) {self.help}: {', '.join(self.targets[:5])}"


@pytest.fixture
def network_with_figures(network_a, figures) -> Network:
    """Dashboards with figures and objectives, a challenge with its leaderboard, and a row of
    every kind a page shows by id."""
    kpis = figures
    challenge = launch(network_a, [kpis.sales], name="Sprint de mars")
    with tenant_scope(network_a.tenant):
        challenge_standings_refresh(
            tenant=network_a.tenant, challenge=challenge, today=dt.date(2025, 4, 1)
        )
    ids = {
        **challenge_walk_objects(network_a),
        **community_walk_objects(network_a),
        **learning_walk_objects(network_a),
        **unit_walk_objects(network_a),
        **suggestion_walk_objects(network_a),
        **visit_walk_objects(network_a),
        "challenge_id": challenge.pk,
    }
    for param, pk in ids.items():
        register_id_source(param, lambda _network, pk=pk: pk)
    _register_tenant_rows(network_a)
    return network_a


def _register_tenant_rows(network: Network) -> None:
    tenant = network.tenant
    with tenant_scope(tenant):
        run = JobRun.objects.create(tenant=tenant, job="kpis.nightly", started_at=timezone.now())
        token, _key = service_token_create(tenant=tenant, actor=None, name="ERP")
        report = generated_file_save(
            tenant=tenant,
            kind="report",
            title="Rapport",
            filename="rapport.csv",
            content_type="text/csv",
            content=b"a;b\n",
        )
        invitation = invitation_send(
            tenant=tenant, actor=None, email="nouvelle@example.com", role=Role.COACH
        )
    rows = {"job_run_id": run, "token_id": token, "file_id": report, "invitation_id": invitation}
    for param, row in rows.items():
        register_id_source(param, lambda _network, pk=row.pk: pk)


def main_pages(network: Network, client: Client) -> list[str]:
    """The pages a person opens: their GET answers a whole HTML page (not a fragment, a
    download, a redirect or a refusal)."""
    urls = [reverse(name) for name in ACCOUNT_PAGES]
    for route in tenant_routes():
        if route.is_api or "tenant_slug" not in route.params:
            continue
        ids = {p: id_for(route, p, network) for p in route.params if p != "tenant_slug"}
        urls.append(reverse(route.name, kwargs={"tenant_slug": network.tenant.slug, **ids}))
    return [url for url in urls if _is_page(client.get(url))]


def _is_page(answer) -> bool:
    html = answer.get("Content-Type", "").startswith("text/html")
    return answer.status_code == 200 and html and b"<html" in answer.content[:300]


def axe_violations(browser, live_server, who: str, client: Client, urls: list[str]) -> list:
    """Each page loaded once, then checked at each viewport size (one context per person)."""
    context = browser.new_context(
        locale="fr-FR", bypass_csp=True, viewport=VIEWPORTS["phone"], has_touch=True
    )
    context.add_init_script(path=str(AXE))
    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if session is not None:
        context.add_cookies([{"name": session.key, "value": session.value, "url": live_server.url}])
    page = context.new_page()
    found = []
    for url in urls:
        page.goto(live_server.url + url)
        for viewport, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            found += [
                Violation(viewport, who, url, v["id"], v["impact"], v["help"], _targets(v))
                for v in page.evaluate(RUN_AXE)
                if v["impact"] in BLOCKING
            ]
    context.close()
    return found


def _targets(violation: dict) -> tuple[str, ...]:
    return tuple(" ".join(node["target"]) for node in violation["nodes"])


def test_no_page_of_any_role_has_a_serious_accessibility_violation(
    browser, live_server, network_with_figures
):
    network = network_with_figures
    signed_in = {role: network.client(role) for role in Role.values}
    pages = {role: main_pages(network, client) for role, client in signed_in.items()}
    assert len(pages[Role.HEAD_OFFICE]) > len(pages[Role.POS_STAFF]) > 2  # the discovery works
    anonymous = [reverse(name) for name in ANONYMOUS_PAGES]
    found = axe_violations(browser, live_server, "anonymous", Client(), anonymous)
    for role, client in signed_in.items():
        found += axe_violations(browser, live_server, role, client, pages[role])
    assert not found, "\n".join(str(violation) for violation in found)
