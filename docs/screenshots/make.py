"""Phone screenshots of the demo: the dealer's page, the zone page and the network page.

    .venv/bin/python docs/screenshots/make.py [--reset] [--language en] [--out DIR] [--port 8765]

Sets up the demo as `make setup` does (migrations, then `seed_demo`, which keeps a demo already
there; `--reset` seeds it anew, as the screenshots in the repository are), serves it with
`runserver` on a spare port, signs in as each demo account on a 390 x 844 phone in Debian's
chromium (never a downloaded browser) and writes `dealer.png`, `zone.png` and `network.png` next
to this file, and the zone's and the network's heat maps as they read on a phone
(`zone-heat-map.png`, `network-heat-map.png`). The bell's emoji needs a colour emoji font
(Debian's fonts-noto-color-emoji). The database is the one the environment names
(`DATABASE_URL`, else SQLite's db.sqlite3). Images are taken at device scale 1 and reduced to
256 colours: a few tens of kilobytes each, small enough to keep in the repository.
"""

import argparse
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
# The demo accounts' published password (network_animation.demo), read without loading Django.
DEMO_PASSWORD = "demo"  # noqa: S105


@dataclass(frozen=True)
class Shot:
    """A page to capture: the file's name, whose page it is (where they land once signed in),
    or another `path` of the site."""

    name: str
    email: str
    path: str = ""
    anchor: str = ""  # a part of the page to scroll to first (its top at the screen's top)


@dataclass(frozen=True)
class Capture:
    path: Path
    title: str  # the page's heading, to tell which page was taken


HEAT_MAP = "#kpi-heat-title"
SHOTS = [
    Shot("dealer", "responsable@autonova.example"),
    Shot("zone", "animateur@autonova.example"),
    Shot("zone-heat-map", "animateur@autonova.example", anchor=HEAT_MAP),
    Shot("network", "siege@autonova.example"),
    Shot("network-heat-map", "siege@autonova.example", anchor=HEAT_MAP),
]


def capture(
    browser: Any,
    *,
    base_url: str,
    out_dir: Path,
    shots: list[Shot] = SHOTS,
    password: str = DEMO_PASSWORD,
    language: str = "fr",
) -> list[Capture]:
    """Each shot's page on a phone, signed in as its account (a Playwright browser)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    taken = []
    for shot in shots:
        context = browser.new_context(
            viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True, locale=language
        )
        try:
            page = context.new_page()
            _sign_in(page, base_url, shot.email, password, language)
            if shot.path:
                page.goto(base_url + shot.path)
            page.wait_for_load_state("networkidle")
            if shot.anchor:
                page.locator(shot.anchor).first.evaluate("part => part.scrollIntoView()")
            path = out_dir / f"{shot.name}.png"
            page.screenshot(path=str(path))
            taken.append(Capture(path, page.locator("h1").first.inner_text().strip()))
        finally:
            context.close()
        _reduce(taken[-1].path)
    return taken


def _sign_in(page: Any, base_url: str, email: str, password: str, language: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("#main button[type=submit]")
    page.wait_for_selector("h1")
    switch = page.locator(f"button[name=language][value={language}]")
    if page.locator("html").get_attribute("lang") != language and switch.count():
        switch.first.click()  # the account's own language otherwise
        page.wait_for_selector(f"html[lang={language}]")


def _reduce(path: Path) -> None:
    """256 colours, optimised: text and charts stay sharp, the file a third of the size."""
    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    reduced.save(path, optimize=True)


def _manage(*command: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603


def _serve(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    address = f"127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", address, "--noreload"], cwd=ROOT, env=env
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"The development server did not answer on {address}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="Where the PNGs go (here).")
    parser.add_argument("--port", type=int, default=8765, help="The server's port (8765).")
    parser.add_argument("--language", default="fr", choices=["fr", "en"], help="fr (default).")
    parser.add_argument("--reset", action="store_true", help="Seed the demo anew first.")
    args = parser.parse_args()
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "on")}
    seed = ["seed_demo", "--reset"] if args.reset else ["seed_demo"]
    for command in (["migrate", "--no-input"], ["createcachetable"], seed):
        _manage(*command, env=env)
    server = _serve(args.port, env)
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            base_url = f"http://127.0.0.1:{args.port}"
            taken = capture(browser, base_url=base_url, out_dir=args.out, language=args.language)
            browser.close()
    finally:
        server.terminate()
        server.wait()
    for each in taken:
        print(f"{each.path}: {each.title} ({each.path.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()
