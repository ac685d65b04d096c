"""network_animation/job_kinds.py: job pages say what ran and what it did in words, in the
reader's language, never the keys the code records them under."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from network_animation.job_kinds import (
    COUNTER_LABELS,
    JOB_NAMES,
    counter_text,
    duration_text,
    job_name,
)
from network_animation.jobs import NIGHTLY_STEPS
from network_animation.models import JobRun
from network_animation.tenancy import tenant_scope

# The keys as the page showed them before (and as an unnamed counter would read).
KEYS = ("kpis.import_facts", "facts_written", ">rows<", "Rows:")


def _import_run(network) -> JobRun:
    started = timezone.now() - dt.timedelta(minutes=5)
    with tenant_scope(network.tenant):
        return JobRun.objects.create(
            tenant=network.tenant,
            job="kpis.import_facts",
            status=JobRun.Status.SUCCEEDED,
            started_at=started,
            finished_at=started + dt.timedelta(milliseconds=40),
            counts={"rows": 12_345, "facts_written": 12_345},
            progress=100,
        )


def _page(network, run: JobRun, language: str) -> str:
    url = reverse("job_run", args=[network.tenant.slug, run.pk])
    return network.client().get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.mark.django_db
def test_the_job_page_in_french_shows_no_internal_key_and_french_numbers(network_a):
    html = _page(network_a, _import_run(network_a), "fr")
    assert not [key for key in KEYS if key in html]
    assert "12\u00a0345" in html  # grouped with a non-breaking space
    assert "0,04\u00a0s" in html  # a decimal comma


@pytest.mark.django_db
def test_the_job_page_in_english_names_the_job_and_its_counters(network_a):
    html = _page(network_a, _import_run(network_a), "en")
    assert "<h1>KPI figures import</h1>" in html
    assert "12,345 figures written" in html
    assert "12,345 rows read" in html
    assert "0.04\u00a0s" in html
    assert not [key for key in KEYS if key in html]


@pytest.mark.django_db
def test_the_job_list_shows_names_and_durations_in_words(network_a):
    run = _import_run(network_a)
    url = reverse("job_runs", args=[network_a.tenant.slug])
    html = network_a.client().get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">KPI figures import</a>" in html
    assert "0.04\u00a0s" in html
    assert run.job not in html


def test_every_nightly_step_has_a_name():
    assert [name for name in NIGHTLY_STEPS if f"nightly.{name}" not in JOB_NAMES] == []


def test_counters_choose_their_plural_and_format_their_number():
    with translation.override("en"):
        assert counter_text("facts_written", 1) == "1 figure written"
        assert counter_text("facts_written", 2_000) == "2,000 figures written"
        # A counter nobody named still reads as words, not as a key.
        assert counter_text("odd_counter", 3) == "Odd counter: 3"
        assert job_name("nightly.odd_step") == "Odd step"
    assert set(COUNTER_LABELS) >= {"rows", "facts_written", "rollups", "closed", "kpi_gaps"}


@pytest.mark.parametrize(
    ("seconds", "english", "french"),
    [
        (0.04, "0.04\u00a0s", "0,04\u00a0s"),
        (7.25, "7.2\u00a0s", "7,2\u00a0s"),
        (42, "42\u00a0s", "42\u00a0s"),
        (125, "2\u00a0min 05\u00a0s", "2\u00a0min 05\u00a0s"),
        (3_780, "1\u00a0h 03\u00a0min", "1\u00a0h 03\u00a0min"),
    ],
)
def test_durations_read_as_people_say_them(seconds, english, french):
    duration = dt.timedelta(seconds=seconds)
    with translation.override("en"):
        assert duration_text(duration) == english
    with translation.override("fr"):
        assert duration_text(duration) == french
    assert duration_text(None) == "…"
