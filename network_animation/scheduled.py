"""Every periodic job of the platform, declared in one place (read by Celery beat)."""

from typing import Any

from celery.schedules import crontab
from django.conf import settings


def beat_schedule() -> dict[str, dict[str, Any]]:
    return {
        "nightly-fan-out": {
            "task": "network_animation.tasks.nightly_fan_out",
            "schedule": crontab(hour=settings.NIGHTLY_HOUR, minute=0),
        },
        # The platform's, not a tenant's: a few seconds, on simulated networks.
        "recommendations-offline-evaluation": {
            "task": "recommendations.tasks.offline_evaluation_monthly",
            "schedule": crontab(day_of_month=1, hour=settings.NIGHTLY_HOUR, minute=30),
        },
    }
