"""network_animation/uploads.py: bodies over the limit are refused unread, on every upload route
and on the API (CHECKLIST U1, U6); nothing of them is kept, in the cache or on disk."""

import io
import json

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from network_animation.services.tokens import service_token_create
from network_animation.tenancy import tenant_scope

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
UPLOAD_ROUTES = ["kpi_facts_import", "objective_import", "organisation_import"]


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test as soon as anything reads past its first `fuse`
    bytes; it records how far it was read."""

    def __init__(self, content: bytes = b"", fuse: int = 0):
        self.content, self.fuse, self.position = content, fuse, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        end = len(self.content) if size is None or size < 0 else self.position + size
        if end > self.fuse:
            raise AssertionError(f"the body was read up to byte {end}")
        chunk = self.content[self.position : end]
        self.position += len(chunk)
        return chunk


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def cached_values() -> dict[str, bytes]:
    """Every value in the cache (the broker's Redis in production), as stored."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client()
        return {key.decode(): client.get(key) or b"" for key in client.keys("*")}
    # Without Redis the tests' cache is a LocMemCache: its private dict holds the pickled values.
    stored = backend._cache
    return dict(stored.items())


def nothing_of_the_upload_is_cached(content: bytes = b"") -> bool:
    """Pages cache small things of their own (the tenant switcher's answer) and the HTML they
    render (fragments, posts' text); no upload, and nothing large that is not a page's HTML."""
    return all(
        "upload" not in key
        and (len(value) < 1024 or "fragment:" in key)
        and not (content and content in value)
        for key, value in cached_values().items()
    )


def pending_files(settings) -> list:
    return [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]


def post_body(client, url: str, body: io.RawIOBase, length: int, content_type: str):
    return client.generic(
        "POST",
        url,
        content_type=content_type,
        **{"wsgi.input": body, "CONTENT_LENGTH": str(length), "CONTENT_TYPE": content_type},
    )


def multipart(name: str, content: bytes) -> bytes:
    return encode_multipart(
        BOUNDARY, {"kind": "points_of_sale", "file": SimpleUploadedFile(name, content)}
    )


@pytest.mark.parametrize("route", UPLOAD_ROUTES)
def test_a_60_mb_upload_is_refused_before_its_body_is_read(network_a, settings, route):
    client = network_a.client()
    url = reverse(route, args=[network_a.tenant.slug])
    answer = post_body(client, url, UnreadableBody(), 60 * MB, MULTIPART_CONTENT)
    assert answer.status_code == 413
    page = answer.content.decode()
    assert "Le fichier dépasse les 20,0\xa0Mio autorisés." in page
    assert f'href="{url}"' in page  # back to the form
    assert nothing_of_the_upload_is_cached()
    assert pending_files(settings) == []


def test_a_60_mb_api_batch_is_refused_before_its_body_is_read(network_a, settings):
    with tenant_scope(network_a.tenant):
        _token, key = service_token_create(tenant=network_a.tenant, actor=None, name="DMS")
    client = network_a.client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
    url = reverse("api:kpi-fact-import")
    answer = post_body(client, url, UnreadableBody(), 60 * MB, "application/json")
    assert answer.status_code == 413
    assert "10,0\xa0Mio" in answer.json()["detail"]
    assert nothing_of_the_upload_is_cached()


def test_a_batch_within_the_limit_still_reaches_the_api(network_a):
    """The cap does not stand in the way of ordinary bodies (the API answers them itself)."""
    with tenant_scope(network_a.tenant):
        _token, key = service_token_create(tenant=network_a.tenant, actor=None, name="DMS")
    body = json.dumps({"facts": "not a list"}).encode()
    client = network_a.client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
    answer = client.post(reverse("api:kpi-fact-import"), body, content_type="application/json")
    assert answer.status_code == 400


def test_a_file_past_the_limit_in_a_small_enough_body_is_stopped_while_read(network_a, settings):
    """The Content-Length passes (the limit plus room for the form's fields), but the file alone
    is over the limit: the upload handler stops it, and the page says why."""
    settings.IMPORT_MAX_BYTES = 1000
    content = multipart("facts.csv", b"x" * 30_000)
    client = network_a.client()
    url = reverse("kpi_facts_import", args=[network_a.tenant.slug])
    body = UnreadableBody(content, fuse=len(content))
    answer = post_body(client, url, body, len(content), MULTIPART_CONTENT)
    assert answer.status_code == 413
    assert "Le fichier dépasse les 1000\xa0octets autorisés." in answer.content.decode()
    assert pending_files(settings) == []


def test_without_the_middleware_the_handler_still_stops_reading_past_the_limit(network_a, settings):
    settings.MIDDLEWARE = [
        name
        for name in settings.MIDDLEWARE
        if name != "network_animation.uploads.RequestBodyLimitMiddleware"
    ]
    settings.IMPORT_MAX_BYTES = 100 * 1024
    content = multipart("facts.csv", b"x" * (5 * MB))
    body = UnreadableBody(content, fuse=len(content))
    url = reverse("kpi_facts_import", args=[network_a.tenant.slug])
    answer = post_body(network_a.client(), url, body, len(content), MULTIPART_CONTENT)
    assert answer.status_code == 200  # no field reached the form: it is shown afresh
    assert "token" not in answer.context
    assert body.position <= settings.IMPORT_MAX_BYTES + 2 * 64 * 1024
    assert pending_files(settings) == []


def test_an_xlsx_over_the_limit_is_refused(network_a, settings):
    """CHECKLIST U1, for a workbook: refused, nothing kept."""
    settings.IMPORT_MAX_BYTES = 2000
    workbook = SimpleUploadedFile("facts.xlsx", b"PK\x03\x04" + b"\x00" * 5000)
    url = reverse("kpi_facts_import", args=[network_a.tenant.slug])
    answer = network_a.client().post(url, {"file": workbook})
    assert answer.status_code == 413
    assert pending_files(settings) == []
    assert nothing_of_the_upload_is_cached()


def test_a_form_with_its_csrf_token_first_is_refused_as_too_large_not_as_forged(
    network_a, settings
):
    """Browsers send the token before the file: the form check passes, then the cap answers."""
    settings.IMPORT_MAX_BYTES = 1000
    client = network_a.client()
    client.handler.enforce_csrf_checks = True
    url = reverse("kpi_facts_import", args=[network_a.tenant.slug])
    client.get(url)
    token = client.cookies["csrftoken"].value
    content = encode_multipart(
        BOUNDARY,
        {"csrfmiddlewaretoken": token, "file": SimpleUploadedFile("f.csv", b"x" * 30_000)},
    )
    answer = post_body(
        client, url, UnreadableBody(content, len(content)), len(content), MULTIPART_CONTENT
    )
    assert answer.status_code == 413
    assert pending_files(settings) == []
