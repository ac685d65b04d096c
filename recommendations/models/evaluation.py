from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OfflineEvaluation(models.Model):
    """A run of the offline evaluation (recommendations/evaluation.py): the engine's figures and
    its baselines' on simulated networks whose truth is known. The platform's, not a tenant's:
    no tenant's data goes in (a tenant's own history has no known truth to score a ranking
    against), and the same engine ranks for every tenant, so every head office reads the
    latest run. Written by `manage.py recommendations_evaluate` and once a month."""

    ran_at = models.DateTimeField(_("run at"), default=timezone.now)
    # The simulated networks: their size (points_of_sale, kpis, months, items) and seeds.
    shape = models.JSONField()
    seeds = models.JSONField()
    # method -> {precision_at_3, ndcg_at_5, qini, auuc, lists}, averaged over the seeds.
    figures = models.JSONField()

    class Meta:
        ordering = ["-ran_at", "-pk"]
        verbose_name = _("offline evaluation")
        verbose_name_plural = _("offline evaluations")

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d}: {self.shape}"
