"""gunicorn with the production settings on a free loopback port, signing in, wrk, the API."""

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HOST = "127.0.0.1"
# A form's CSRF token, as Django's templates write it.
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn started by the bench and stopped by it (its own process group only)."""

    def __init__(
        self,
        python: Path,
        env: dict[str, str],
        workers: int,
        log: Path,
        app: str = "network_animation.wsgi:application",
    ) -> None:
        self.port = free_port()
        self.log = log.open("w")
        options = {
            "--bind": f"{HOST}:{self.port}",
            "--workers": str(workers),
            "--timeout": "300",
            "--backlog": "2048",
            "--access-logfile": "-",
        }
        self.process = subprocess.Popen(  # noqa: S603  # our own venv's gunicorn
            [str(python), "-m", "gunicorn", app, *_flat(options)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,
        )
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log.name}")
            try:
                status, _headers, _body = request(self.port, "GET", "/accounts/login/")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer in 60 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()
        self.log.close()


def _flat(options: dict[str, str]) -> list[str]:
    """Command-line options, each followed by its value."""
    return [part for option in options.items() for part in option]


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, list[tuple[str, str]], bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=600)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def cookies_kept(headers: list[tuple[str, str]], jar: dict[str, str]) -> dict[str, str]:
    """The cookies a browser keeps after this answer: `jar` and the answer's Set-Cookie."""
    for name, value in headers:
        if name.lower() == "set-cookie":
            parsed: SimpleCookie = SimpleCookie()
            parsed.load(value)
            jar.update({key: morsel.value for key, morsel in parsed.items()})
    return jar


def sign_in(port: int, email: str, password: str) -> str:
    """The login form, as a browser posts it; returns the Cookie header of the session."""
    status, headers, body = request(port, "GET", "/accounts/login/")
    jar = cookies_kept(headers, {})
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or found is None:
        raise RuntimeError("no login form")
    form = urlencode(
        {"csrfmiddlewaretoken": found.group(1).decode(), "username": email, "password": password}
    ).encode()
    cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
    status, headers, _body = request(
        port,
        "POST",
        "/accounts/login/",
        form,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Referer": f"http://{HOST}:{port}/accounts/login/",
        },
    )
    jar = cookies_kept(headers, jar)
    if status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"sign-in of {email} failed ({status})")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise RuntimeError("wrk is missing and only root can apt-get install it")
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False, capture_output=True)  # noqa: S607
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "update", "-q"], check=True, capture_output=True)  # noqa: S607
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, capture_output=True)  # noqa: S607
    return shutil.which("wrk") or "wrk"


@dataclass(frozen=True)
class LoadResult:
    p50_ms: float
    p99_ms: float
    requests_per_s: float
    requests: int
    errors: int


_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _found(pattern: str, text: str) -> re.Match[str]:
    found = re.search(pattern, text)
    if found is None:
        raise RuntimeError(f"wrk's output lacks {pattern!r}:\n{text}")
    return found


def _ms(text: str) -> float:
    number, unit = _found(r"^([\d.]+)(us|ms|s)$", text).groups()
    return float(number) * _UNIT[unit]


def load(wrk: str, port: int, path: str, cookie: str, clients: int, seconds: int) -> LoadResult:
    """wrk from its own process: `clients` connections for `seconds`, latency percentiles (two
    threads, or one for a single client: wrk needs a connection per thread)."""
    command = [
        wrk,
        "-t",
        str(min(2, clients)),
        "-c",
        str(clients),
        "-d",
        f"{seconds}s",
        "--latency",
    ]
    command += ["--timeout", "30s", "-H", f"Cookie: {cookie}", f"http://{HOST}:{port}{path}"]
    output = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=True
    ).stdout
    return _load_result(output)


def _load_result(output: str) -> LoadResult:
    """wrk's report read: its median and 99th percentile, its rate, its errors."""
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    total = int(_found(r"(\d+) requests in", output).group(1))
    rate = float(_found(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = (int(bad.group(1)) if bad else 0) + socket_errors(output)
    return LoadResult(_ms(latency["50"]), _ms(latency["99"]), rate, total, errors)


def socket_errors(output: str) -> int:
    """wrk's connect, read, write and timeout errors (its summary's line, when any)."""
    found = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return sum(int(n) for n in found.groups()) if found else 0


def check_page(port: int, path: str, cookie: str, expect: bytes) -> None:
    """A signed-in page answers 200 with its content (wrk counts a redirect to login as fine)."""
    status, _headers, body = request(port, "GET", path, headers={"Cookie": cookie})
    if status != 200 or expect not in body:
        raise RuntimeError(f"{path} answered {status} without {expect!r}")


def post_facts(port: int, token: str, facts: list[dict[str, Any]]) -> dict[str, Any]:
    status, _headers, body = request(
        port,
        "POST",
        "/api/v1/kpi-facts/",
        json.dumps({"facts": facts}).encode(),
        {"Content-Type": "application/json", "Authorization": f"Token {token}"},
    )
    if status != 201:
        raise RuntimeError(f"the API refused a batch ({status}): {body[:300]!r}")
    return json.loads(body)
