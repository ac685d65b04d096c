"""Browser tests: Playwright's Python API driving Debian's chromium (never a downloaded browser)."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures (and the
# database flush after each test) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A phone-sized page whose browser asks for English, as many do: the user's choice wins."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-US", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.console_errors = errors
    yield page
    context.close()


def speak(network, language: str) -> None:
    """Every person of the network reads the platform in `language` (their own choice, which
    wins over the browser's); the network's members in memory too."""
    from network_animation.models import User

    User.objects.filter(memberships__tenant=network.tenant).update(language=language)
    for membership in network.members.values():
        membership.user.refresh_from_db()


@pytest.fixture(params=["fr", "en"])
def spoken(request, network_a) -> str:
    """The journey once in French and once in English (each phone checks its page's language)."""
    speak(network_a, request.param)
    return request.param


@pytest.fixture
def figures(network_a):
    """Two points of sale's figures and objectives, aggregated: dashboards with something on."""
    from tests.kpis.conftest import build_kpis
    from tests.kpis.dashboards.test_dashboards import facts, objective, refresh

    kpis = build_kpis(network_a)
    facts(network_a, kpis, network_a.point_of_sale, sales=80, leads=200)
    facts(network_a, kpis, network_a.other_point_of_sale, sales=120, leads=100)
    objective(kpis.sales, network_a.point_of_sale, 100)
    objective(kpis.sales, network_a.other_point_of_sale, 100)
    refresh(network_a)
    return kpis
