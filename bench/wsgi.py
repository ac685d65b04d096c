"""The bench's WSGI application: the product's (with the bench's floor view, bench/urls.py),
and under /bench-bare/ the same Django with no middleware (bench/bare.py). One gunicorn, so both
run in the same workers with the same settings and database connections."""

from collections.abc import Callable, Iterable
from typing import Any

from network_animation.wsgi import application as product

from .bare import BareHandler
from .run.environment import BARE_PREFIX

bare = BareHandler()


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    handler = bare if environ.get("PATH_INFO", "").startswith(BARE_PREFIX) else product
    return handler(environ, start_response)
