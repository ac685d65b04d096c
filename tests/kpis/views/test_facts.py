"""kpis/views/facts.py: head office uploads a file, sees a preview, then imports it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpis.models import KpiFact
from network_animation.models import Role
from network_animation.tenancy import tenant_scope


def url(network) -> str:
    return reverse("kpi_facts_import", args=[network.tenant.slug])


def upload(body: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("facts.csv", ("code_pdv;indicateur;date;valeur\n" + body).encode())


def facts(network) -> int:
    with tenant_scope(network.tenant):
        return KpiFact.objects.filter(tenant=network.tenant).count()


@pytest.mark.django_db
def test_head_office_previews_then_imports_a_file(
    network_a, kpis_a, django_capture_on_commit_callbacks
):
    client = network_a.client(Role.HEAD_OFFICE)
    assert client.get(url(network_a)).status_code == 200
    preview = client.post(
        url(network_a), {"file": upload(f"{network_a.point_of_sale.code};sales;02/01/2025;12,5\n")}
    )
    assert preview.status_code == 200
    assert network_a.point_of_sale.code in preview.content.decode()
    assert facts(network_a) == 0
    token = preview.context["token"]
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url(network_a), {"upload": token})
    assert done.status_code == 302
    assert facts(network_a) == 1
    progress = client.get(done.url).content.decode()  # the job's page: done, with its counts
    assert "Réussi" in progress
    # Its counts said as phrases (network_animation/job_kinds.py), never as their keys.
    assert progress.count("<li>1 ") == 2
    assert ">rows<" not in progress


@pytest.mark.django_db
def test_a_bad_file_lists_every_error_imports_nothing_and_offers_the_report(network_a, kpis_a):
    """CHECKLIST I1: both errors with line and column, downloadable."""
    client = network_a.client(Role.HEAD_OFFICE)
    answer = client.post(
        url(network_a),
        {
            "file": upload(
                f"{network_a.point_of_sale.code};sales;31/02/2025;1\nNOPE;sales;02/01/2025;1\n"
            )
        },
    )
    assert answer.status_code == 400
    assert [(e.line, e.column) for e in answer.context["errors"]] == [
        (2, "date"),
        (3, "point_of_sale"),
    ]
    report = client.get(url(network_a), {"errors": answer.context["token"]})
    assert report["Content-Disposition"].startswith("attachment")
    assert len(report.content.decode().splitlines()) == 3
    assert "NOPE" in report.content.decode()
    assert facts(network_a) == 0


@pytest.mark.django_db
def test_another_tenants_upload_cannot_be_imported_or_read(network_a, network_b, kpis_a, kpis_b):
    """CHECKLIST T8, T9: the kept upload and its error report belong to their tenant."""
    preview = network_b.client().post(
        url(network_b),
        {
            "file": upload(
                f"{network_b.point_of_sale.code};sales;02/01/2025;1\nNOPE;sales;02/01/2025;1\n"
            )
        },
    )
    token = preview.context["token"]
    client = network_a.client()
    assert client.get(url(network_a), {"errors": token}).status_code == 404
    client.post(url(network_a), {"upload": token})
    assert facts(network_a) == facts(network_b) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.HEAD_OFFICE])
def test_only_head_office_imports_facts(network_a, kpis_a, role):
    client = network_a.client(role)
    assert client.get(url(network_a)).status_code == 403
    answer = client.post(
        url(network_a), {"file": upload(f"{network_a.point_of_sale.code};sales;02/01/2025;1\n")}
    )
    assert answer.status_code == 403
    assert facts(network_a) == 0
