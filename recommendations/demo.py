"""Demo recommendations' diagnostics: the nightly step run once on the demo's history, recorded
as a job run as the nightly chain would, so the peers and priorities panels show figures."""

import random

from network_animation.jobs import tracked_job
from network_animation.models import Tenant

from .services import recommendations_nightly_step


def recommendations_demo_seed(*, tenant: Tenant, days: int, rng: random.Random) -> None:
    with tracked_job(tenant=tenant, job="nightly.recommendations") as progress:
        recommendations_nightly_step(tenant=tenant, progress=progress)
