"""Kept files: generated names, served as attachments to those allowed (CHECKLIST T9, U5)."""

import pytest
from django.urls import reverse

from network_animation.models import Role
from network_animation.services.files import generated_file_save, scheduled_dispatch_claim
from network_animation.tenancy import tenant_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(network_a):
    with tenant_scope(network_a.tenant):
        return generated_file_save(
            tenant=network_a.tenant,
            kind="report",
            title="Report",
            filename="../../report.csv",
            content_type="text/csv",
            content=b"a;b\n1;2\n",
            requested_by=network_a.members[Role.ANIMATOR].user,
        )


def test_stored_names_are_generated(report):
    assert ".." not in report.file.name
    assert report.file.name.startswith(f"generated/{report.tenant_id}/")
    assert report.file.name.endswith(".csv")


def test_the_requester_and_head_office_download_it_as_an_attachment(network_a, report):
    url = reverse("file_download", args=[network_a.tenant.slug, report.pk])
    for role in (Role.ANIMATOR, Role.HEAD_OFFICE):
        answer = network_a.client(role).get(url)
        assert answer.status_code == 200
        assert answer["Content-Disposition"].startswith("attachment;")
        assert b"".join(answer.streaming_content) == b"a;b\n1;2\n"


def test_someone_else_is_refused(network_a, report):
    url = reverse("file_download", args=[network_a.tenant.slug, report.pk])
    assert network_a.client(Role.POS_STAFF).get(url).status_code == 403


def test_a_scheduled_sending_is_claimed_once_per_period(network_a):
    with tenant_scope(network_a.tenant):
        assert scheduled_dispatch_claim(tenant=network_a.tenant, kind="weekly", period_key="W1")
        assert not scheduled_dispatch_claim(tenant=network_a.tenant, kind="weekly", period_key="W1")
        assert scheduled_dispatch_claim(tenant=network_a.tenant, kind="weekly", period_key="W2")
