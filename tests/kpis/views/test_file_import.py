"""kpis/views/file_import.py: the file waits on disk between the preview and the import, and
is gone once imported, cancelled or refused; a person's waiting files are capped (CHECKLIST U6)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpis import uploads
from kpis.models import KpiFact
from network_animation.tabular import ImportRejected
from network_animation.tenancy import tenant_scope

from ...network_animation.test_uploads import nothing_of_the_upload_is_cached

pytestmark = pytest.mark.django_db


def url(network, name="kpi_facts_import") -> str:
    return reverse(name, args=[network.tenant.slug])


def facts_file(network, value: str = "1") -> SimpleUploadedFile:
    body = (
        f"code_pdv;indicateur;date;valeur\n{network.point_of_sale.code};sales;02/01/2025;{value}\n"
    )
    return SimpleUploadedFile("facts.csv", body.encode())


def objectives_file(network) -> SimpleUploadedFile:
    header = "indicateur;niveau;code;periode;debut;objectif\n"
    body = f"{header}sales;zone;{network.zone.code};mois;01/01/2025;10\n"
    return SimpleUploadedFile("objectifs.csv", body.encode())


def waiting(settings) -> list:
    return [p for p in (settings.MEDIA_ROOT / "pending-uploads").rglob("upload") if p.is_file()]


def test_the_previewed_file_waits_on_disk_and_leaves_once_imported(
    network_a, kpis_a, settings, django_capture_on_commit_callbacks
):
    client = network_a.client()
    preview = client.post(url(network_a), {"file": facts_file(network_a)})
    assert preview.status_code == 200
    [kept] = waiting(settings)
    assert str(network_a.tenant.pk) in kept.parts
    assert nothing_of_the_upload_is_cached(kept.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url(network_a), {"upload": preview.context["token"]})
    assert done.status_code == 302
    assert waiting(settings) == []
    with tenant_scope(network_a.tenant):
        assert KpiFact.objects.filter(tenant=network_a.tenant).count() == 1


def test_a_queued_import_that_fails_its_checks_leaves_no_file_behind(
    network_a, kpis_a, settings, django_capture_on_commit_callbacks
):
    """The point of sale's code changes between the preview and the worker's run."""
    client = network_a.client()
    token = client.post(url(network_a), {"file": facts_file(network_a)}).context["token"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(url(network_a), {"upload": token})
    with tenant_scope(network_a.tenant):
        network_a.point_of_sale.code = "RENAMED"
        network_a.point_of_sale.save()
    with pytest.raises(ImportRejected):
        callbacks[0]()
    assert waiting(settings) == []


def test_confirmed_objectives_are_imported_and_their_file_removed(network_a, kpis_a, settings):
    client = network_a.client()
    preview = client.post(url(network_a, "objective_import"), {"file": objectives_file(network_a)})
    assert len(waiting(settings)) == 1
    done = client.post(url(network_a, "objective_import"), {"upload": preview.context["token"]})
    assert done.status_code == 302
    assert waiting(settings) == []


@pytest.mark.parametrize("route", ["kpi_facts_import", "objective_import"])
def test_a_cancelled_upload_is_removed_and_nothing_imported(network_a, kpis_a, settings, route):
    client = network_a.client()
    upload = facts_file(network_a) if route == "kpi_facts_import" else objectives_file(network_a)
    token = client.post(url(network_a, route), {"file": upload}).context["token"]
    answer = client.post(url(network_a, route), {"upload": token, "cancel": "1"}, follow=True)
    assert answer.status_code == 200
    assert "token" not in answer.context
    assert waiting(settings) == []
    assert client.post(url(network_a, route), {"upload": token}).status_code == 302  # expired


def test_a_refused_file_keeps_only_its_errors_report_with_formulas_neutralised(
    network_a, kpis_a, settings
):
    """CHECKLIST X5 for the report: a cell of the file quoted in a reason stays text."""
    client = network_a.client()
    body = "code_pdv;indicateur;date;valeur\n=HYPERLINK(1);sales;02/01/2025;1\n"
    answer = client.post(url(network_a), {"file": SimpleUploadedFile("f.csv", body.encode())})
    assert answer.status_code == 400
    assert waiting(settings) == []
    report = client.get(url(network_a), {"errors": answer.context["token"]}).content.decode()
    assert "=HYPERLINK(1)" in report
    assert all(not cell.startswith("=") for line in report.splitlines() for cell in line.split(";"))


def test_a_person_with_five_imports_waiting_is_told_to_wait(
    network_a, kpis_a, settings, django_capture_on_commit_callbacks
):
    client = network_a.client()
    for _ in range(uploads.MAX_PENDING):
        token = client.post(url(network_a), {"file": facts_file(network_a)}).context["token"]
        with django_capture_on_commit_callbacks(execute=False):  # no worker picks them up
            client.post(url(network_a), {"upload": token})
    answer = client.post(url(network_a), {"file": facts_file(network_a)})
    assert answer.status_code == 400
    assert "5 fichiers en attente" in str(answer.context["form"].errors["file"])
    assert len(waiting(settings)) == uploads.MAX_PENDING


def test_a_bad_file_after_a_good_one_replaces_its_preview(network_a, kpis_a, settings):
    """One preview per person and kind: trying again does not fill the cap."""
    client = network_a.client()
    first = client.post(url(network_a), {"file": facts_file(network_a)}).context["token"]
    second = client.post(url(network_a), {"file": facts_file(network_a, "2")}).context["token"]
    assert [path.parent.name for path in waiting(settings)] == [f"facts-{second}"]
    assert client.post(url(network_a), {"upload": first}).status_code == 302
    assert first != second


@pytest.mark.parametrize(
    ("filename", "content", "reason"),
    [
        ("facts.xlsx", b"MZ\x90\x00\x03\x00 an executable", "n’est pas un classeur Excel"),
        ("facts.xlsx", b"PK\x03\x04 not really a zip", "endommagé"),
        ("facts.csv", b"PK\x03\x04\x14\x00\x00\x00\x08\x00 a workbook", "CSV"),
    ],
)
def test_a_file_whose_content_does_not_match_its_type_is_refused(
    network_a, kpis_a, settings, filename, content, reason
):
    """CHECKLIST U2, through the page: a clear error, and only its report waits."""
    answer = network_a.client().post(
        url(network_a), {"file": SimpleUploadedFile(filename, content)}
    )
    assert answer.status_code == 400
    assert reason in answer.context["errors"][0].reason
    assert waiting(settings) == []
