"""A person's first read of a thread or a library document, dated once (communities.FirstRead):
what the recommendations learn from. Written when the page is read, at most one query more on
the first visit, none afterwards."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import FirstRead
from communities.services import document_create, first_read_record, post_reply
from network_animation.audiences import Audience
from network_animation.models import Role
from network_animation.tenancy import tenant_scope
from network_animation.uploads_media import media_check

from .conftest import start

pytestmark = pytest.mark.django_db


def _reads(network) -> list[tuple]:
    with tenant_scope(network.tenant):
        rows = FirstRead.objects.filter(tenant=network.tenant).order_by("pk")
        return list(rows.values_list("membership_id", "thread_id", "document_id", "read_at"))


def _touching_first_reads(captured) -> list[str]:
    return [q["sql"] for q in captured if "communities_firstread" in q["sql"]]


def test_the_first_read_of_a_thread_is_dated_once(network_a, communities_a, committed):
    """Each request and each write commits, as in production: what the thread's page keeps
    for its reader follows their reading (their version is renewed when it commits)."""
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    reader = network_a.client(Role.POS_STAFF)
    url = reverse("communities:thread", args=[network_a.tenant.slug, thread.pk])
    with CaptureQueriesContext(connection) as first_visit:
        assert committed(lambda: reader.get(url)).status_code == 200
    assert len(_touching_first_reads(first_visit)) == 1
    [(person, thread_id, document_id, first)] = _reads(network_a)
    assert (person, thread_id, document_id) == (
        network_a.members[Role.POS_STAFF].pk,
        thread.pk,
        None,
    )

    with tenant_scope(network_a.tenant):  # something new: the thread is read again, further
        committed(
            lambda: post_reply(
                tenant=network_a.tenant,
                actor=network_a.members[Role.ANIMATOR],
                thread=thread,
                body="Rappelez-le sous 48 h.",
            )
        )
    for _visit in range(2):
        with CaptureQueriesContext(connection) as again:
            committed(lambda: reader.get(url))
        assert _touching_first_reads(again) == []
    assert _reads(network_a) == [(person, thread.pk, None, first)]


def test_its_author_has_no_first_read(network_a, communities_a):
    """Who wrote a thread did not learn it from reading it."""
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    author = network_a.client(Role.POS_MANAGER)
    author.get(reverse("communities:thread", args=[network_a.tenant.slug, thread.pk]))
    assert _reads(network_a) == []


def test_the_first_read_of_a_document_is_dated_once(network_a):
    with tenant_scope(network_a.tenant):
        document = document_create(
            tenant=network_a.tenant,
            actor=network_a.members[Role.HEAD_OFFICE],
            title="Guide de l'accueil",
            description="",
            file=media_check(SimpleUploadedFile("guide.txt", b"Bonjour")),
            audience=Audience(),
            folder=None,
            tags=[],
        )
    reader = network_a.client(Role.POS_STAFF)
    page = reverse("communities:document", args=[network_a.tenant.slug, document.pk])
    download = reverse(
        "communities:document_download",
        args=[network_a.tenant.slug, document.pk, document.current_id],
    )
    assert reader.get(page).status_code == 200
    [(person, thread_id, document_id, first)] = _reads(network_a)
    assert (person, thread_id, document_id) == (
        network_a.members[Role.POS_STAFF].pk,
        None,
        document.pk,
    )
    assert reader.get(download).status_code == 200
    assert reader.get(page).status_code == 200
    assert _reads(network_a) == [(person, None, document.pk, first)]
    network_a.client(Role.ANIMATOR).get(download)  # a download is a read too
    assert [row[0] for row in _reads(network_a)] == [person, network_a.members[Role.ANIMATOR].pk]


def test_one_first_read_per_person_and_object(network_a, communities_a):
    thread = start(network_a, communities_a.zone, role=Role.POS_MANAGER)
    reader = network_a.members[Role.POS_STAFF]
    with tenant_scope(network_a.tenant):
        for _time in range(3):
            first_read_record(tenant=network_a.tenant, actor=reader, thread=thread)
    assert len(_reads(network_a)) == 1
