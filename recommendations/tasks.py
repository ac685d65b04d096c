"""Recommendations' Celery task: thin, it calls the service (scheduled in
network_animation/scheduled.py)."""

from celery import shared_task

from network_animation.tasks import JOB_TASK

from .evaluation_runs import offline_evaluation_run


@shared_task(**JOB_TASK)
def offline_evaluation_monthly() -> int:
    """The engine's offline figures, measured again and kept (the engine or its libraries may
    have changed since the last run). Returns the run's id."""
    return offline_evaluation_run().pk
