from django.db import models

from network_animation.models import TenantOwnedModel


class ComputedFactsRun(TenantOwnedModel):
    """Up to when a producer of platform-written facts (kpis/services/computed.py) has taken
    a tenant's changes into account: the next incremental run rewrites the days changed since.

    Moved forward in the same transaction as the facts it wrote, so a run that dies leaves it
    where it was and the next run does the same work again.
    """

    producer = models.CharField(max_length=40)
    changes_until = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "producer"], name="computed_facts_run_unique")
        ]

    def __str__(self) -> str:
        return f"{self.producer}: {self.changes_until:%Y-%m-%d %H:%M}"
