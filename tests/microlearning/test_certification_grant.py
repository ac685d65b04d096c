"""Saving a certification certifies those who meet it already in a background job, whose page
shows its progress; the job works batch by batch in the same number of queries whatever the
number of people, and running it again gives the same awards and tells nobody twice."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from microlearning.models import CertificationAward, CompetenceResult
from microlearning.services import (
    CertificationData,
    certification_grant_everyone,
    certification_save,
)
from microlearning.services import certifications as certifications_service
from network_animation.jobs import JobProgress
from network_animation.models import JobRun, Membership, Notification, Role
from network_animation.tenancy import tenant_scope

from ..factories import MembershipFactory, UserFactory
from .factories import make_assessment, make_competence, make_scale, take

pytestmark = pytest.mark.django_db
GRANT_JOB = certifications_service.GRANT_JOB


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def assessed(network_a):
    """A scale, a competence, and the dealer's result on it (100 %: Expert)."""
    levels = make_scale(network_a)
    vente = make_competence(network_a, "Vente")
    take(network_a, make_assessment(network_a, [vente]))
    return {"levels": levels, "vente": vente}


def more_staff(network, how_many: int) -> list[Membership]:
    """Salespeople of the dealer's point of sale with the dealer's results."""
    dealer = network.members[Role.POS_STAFF]
    with tenant_scope(network.tenant):
        results = list(CompetenceResult.objects.filter(membership=dealer))
        people = [
            MembershipFactory(
                tenant=network.tenant,
                role=Role.POS_STAFF,
                user=UserFactory(),
                point_of_sale=network.point_of_sale,
            )
            for _ in range(how_many)
        ]
        CompetenceResult.objects.bulk_create(
            CompetenceResult(
                tenant=network.tenant,
                membership=person,
                competence_id=result.competence_id,
                attempt_id=result.attempt_id,
                score=result.score,
                level_id=result.level_id,
                assessed_at=result.assessed_at,
            )
            for person in people
            for result in results
        )
    return people


def form(assessed, name: str = "Vendeur confirmé") -> dict[str, object]:
    return {
        "name_fr": name,
        "role": Role.POS_STAFF,
        "validity_months": 12,
        "is_active": "on",
        "requirements-TOTAL_FORMS": 1,
        "requirements-INITIAL_FORMS": 0,
        "requirements-0-competence": assessed["vente"].pk,
        "requirements-0-level": assessed["levels"][1].pk,
    }


def save(network, assessed, name: str = "Vendeur confirmé"):
    return certification_save(
        tenant=network.tenant,
        actor=network.members[Role.HEAD_OFFICE],
        data=CertificationData(
            name_fr=name,
            role=Role.POS_STAFF,
            validity_months=12,
            requirements=[(assessed["vente"], assessed["levels"][1])],
        ),
    )


def awards(network) -> list[tuple[int, int, object, object]]:
    with tenant_scope(network.tenant):
        return sorted(
            CertificationAward.objects.values_list(
                "pk", "membership_id", "granted_on", "expires_on"
            )
        )


def test_saving_a_certification_leads_to_its_job_which_certifies_those_who_meet_it(
    network_a, assessed, django_capture_on_commit_callbacks
):
    staff = more_staff(network_a, 3)
    office = network_a.client(Role.HEAD_OFFICE)
    with django_capture_on_commit_callbacks(execute=True):
        answer = office.post(
            reverse("microlearning:certification_new", args=[network_a.tenant.slug]),
            form(assessed),
        )
    with tenant_scope(network_a.tenant):
        run = JobRun.objects.get(job=GRANT_JOB)
    assert answer.status_code == 302
    assert answer["Location"] == reverse("job_run", args=[network_a.tenant.slug, run.pk])
    assert (run.status, run.progress) == (JobRun.Status.SUCCEEDED, 100)
    assert run.counts == {"people": 4, "certified": 4}
    holders = {membership_id for _pk, membership_id, _on, _until in awards(network_a)}
    assert holders == {network_a.members[Role.POS_STAFF].pk, *(p.pk for p in staff)}
    page = office.get(answer["Location"]).content.decode()
    assert "Succeeded" in page
    assert 'value="100"' in page


def test_the_job_page_follows_the_job_until_it_is_done(
    network_a, assessed, django_capture_on_commit_callbacks
):
    office = network_a.client(Role.HEAD_OFFICE)
    with django_capture_on_commit_callbacks() as callbacks:  # the worker has not started
        answer = office.post(
            reverse("microlearning:certification_new", args=[network_a.tenant.slug]),
            form(assessed),
        )
    waiting = office.get(answer["Location"]).content.decode()
    assert "Waiting to start" in waiting
    assert 'hx-trigger="every 2s"' in waiting
    assert awards(network_a) == []
    for callback in callbacks:
        callback()
    done = office.get(answer["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "Succeeded" in done
    assert "hx-trigger" not in done
    assert len(awards(network_a)) == 1


def test_running_the_job_again_gives_the_same_awards_and_tells_nobody_twice(
    network_a, assessed, committed
):
    more_staff(network_a, 2)
    with tenant_scope(network_a.tenant):
        certification = committed(lambda: save(network_a, assessed)).certification
    first = awards(network_a)
    with tenant_scope(network_a.tenant):
        told = sorted(
            Notification.objects.filter(kind="learning.certified").values_list(
                "recipient_id", flat=True
            )
        )
        again = certification_grant_everyone(
            tenant=network_a.tenant, certification_id=certification.pk, today=timezone.localdate()
        )
        told_again = sorted(
            Notification.objects.filter(kind="learning.certified").values_list(
                "recipient_id", flat=True
            )
        )
    assert again == 3
    assert len(first) == 3
    assert awards(network_a) == first
    assert told_again == told == sorted(m for _pk, m, _on, _until in first)


def test_a_certification_switched_off_certifies_nobody(network_a, assessed, committed):
    with tenant_scope(network_a.tenant):
        certification = committed(lambda: save(network_a, assessed)).certification
        CertificationAward.objects.all().delete()
        certification.is_active = False
        certification.save()
        assert (
            certification_grant_everyone(
                tenant=network_a.tenant,
                certification_id=certification.pk,
                today=timezone.localdate(),
            )
            == 0
        )
    assert awards(network_a) == []


def test_the_job_reports_its_progress_batch_by_batch(network_a, assessed, committed, monkeypatch):
    more_staff(network_a, 4)
    reported: list[int] = []
    report = JobProgress.report

    def watched(progress: JobProgress, percent: int) -> None:
        reported.append(percent)
        report(progress, percent)

    monkeypatch.setattr(certifications_service, "GRANT_BATCH", 2)
    monkeypatch.setattr(JobProgress, "report", watched)
    with tenant_scope(network_a.tenant):
        committed(lambda: save(network_a, assessed))
    assert reported == [40, 80, 100]
    assert len(awards(network_a)) == 5


def _queries_of_the_job(network, assessed, name: str) -> int:
    with tenant_scope(network.tenant):
        certification = save(network, assessed, name).certification
        with CaptureQueriesContext(connection) as queries:
            certification_grant_everyone(
                tenant=network.tenant, certification_id=certification.pk, today=timezone.localdate()
            )
    return len(queries)


def test_the_job_costs_the_same_queries_for_one_person_as_for_many(network_a, assessed):
    alone = _queries_of_the_job(network_a, assessed, "Un")
    more_staff(network_a, 12)
    many = _queries_of_the_job(network_a, assessed, "Treize")
    assert many <= alone  # the first run also warms what is cached
    assert len(awards(network_a)) == 1 + 13
