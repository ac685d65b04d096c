"""What one step save costs in process: a learner's runs of the network's modules started
afresh, then each step posted as the player does (htmx, form-encoded, with the page's CSRF
token) through Django's test client; CPU time and statements per save, by kind of step.

    DJANGO_SETTINGS_MODULE=bench.settings BENCH_UNCOLLECTED_STATIC=on SECRET_KEY=x \\
        ALLOWED_HOSTS='*' DEBUG=off DATABASE_URL=... REDIS_URL=... \\
        python -m bench.step_save_profile --email vendeur@autonova.example --rounds 6

It deletes the learner's runs, quiz answers and review cards first (each round is a first time
through, as the bench's learners): run it on a demo database (`seed_demo`), never on one whose
learning matters. The first round counts the statements (Django's debug cursor costs CPU), the
others the CPU time.
"""

import argparse
import re
import statistics
import time
from typing import Any
from urllib.parse import urlencode

import django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--email", default="vendeur@autonova.example")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--modules", type=int, default=20)
    args = parser.parse_args()
    django.setup()
    learner = _Learner(args.email, args.modules)
    for path, data, _kind in learner.steps()[:20]:  # what the first requests build
        learner.post(path, data)
    cpu: dict[str, list[float]] = {}
    statements: dict[str, list[int]] = {}
    for number in range(args.rounds):
        for path, data, kind in learner.steps():
            if number == 0:
                statements.setdefault(kind, []).append(learner.statements(path, data))
            else:
                cpu.setdefault(kind, []).append(learner.cpu_ms(path, data))
    every = [ms for values in cpu.values() for ms in values]
    counts = [n for values in statements.values() for n in values]
    print(  # noqa: T201
        f"saves={len(every)} cpu_p50_ms={statistics.median(every):.3f} "
        f"cpu_mean_ms={statistics.mean(every):.3f} statements_p50={statistics.median(counts)} "
        f"statements_mean={statistics.mean(counts):.2f} statements_max={max(counts)}"
    )
    for kind in sorted(cpu):
        print(  # noqa: T201
            f"  {kind:10} saves={len(cpu[kind])} cpu_p50_ms={statistics.median(cpu[kind]):.3f} "
            f"statements_max={max(statements[kind])}"
        )


class _Learner:
    """The learner, signed in, and the network's modules they run."""

    def __init__(self, email: str, modules: int):
        from django.test import Client
        from django.urls import reverse
        from django_scopes import scopes_disabled

        from microlearning.models import Module
        from network_animation.models import Membership

        with scopes_disabled():
            self.membership = Membership.objects.select_related("tenant", "user").get(
                user__email=email, is_active=True
            )
            self.tenant = self.membership.tenant
            self.modules = list(
                Module.objects.filter(
                    tenant=self.tenant, status=Module.Status.PUBLISHED, zone__isnull=True
                )
                .exclude(published=None)
                .order_by("pk")[:modules]
            )
        origin = "https://localhost"
        self.client = Client(
            enforce_csrf_checks=True,
            HTTP_HX_REQUEST="true",
            HTTP_X_FORWARDED_PROTO="https",
            HTTP_HOST="localhost",
            HTTP_REFERER=f"{origin}/",
            HTTP_ORIGIN=origin,
        )
        self.client.force_login(self.membership.user)
        page = self.client.get(reverse("microlearning:list", args=[self.tenant.slug]))
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
        if found is None:
            raise RuntimeError("The module list shows no CSRF token.")
        self.token = found.group(1)

    def steps(self) -> list[tuple[str, dict[str, Any], str]]:
        """Every module started afresh; each step's address, answer and kind, in order."""
        from django.urls import reverse
        from django_scopes import scopes_disabled

        from microlearning.models import Progress, QuizAttempt, ReviewCard, Step
        from microlearning.services import progress_start
        from network_animation.tenancy import tenant_scope

        with scopes_disabled():
            ReviewCard.objects.filter(membership=self.membership).delete()
            QuizAttempt.objects.filter(progress__membership=self.membership).delete()
            Progress.objects.filter(membership=self.membership, module__in=self.modules).delete()
        posts = []
        with tenant_scope(self.tenant):
            for module in self.modules:
                run = progress_start(tenant=self.tenant, actor=self.membership, module=module)
                steps = Step.objects.filter(version_id=run.version_id).prefetch_related("choices")
                for step in steps.order_by("position"):
                    right = [c.pk for c in step.choices.all() if c.is_correct]
                    path = reverse(
                        "microlearning:step_pass", args=[self.tenant.slug, module.pk, step.pk]
                    )
                    posts.append((path, {"choice": right}, str(step.kind)))
        return posts

    def post(self, path: str, data: dict[str, Any]) -> None:
        body = urlencode({**data, "csrfmiddlewaretoken": self.token}, doseq=True)
        answer = self.client.post(path, body, content_type="application/x-www-form-urlencoded")
        if answer.status_code != 200:  # noqa: PLR2004
            raise RuntimeError(f"{path} answered {answer.status_code}")

    def cpu_ms(self, path: str, data: dict[str, Any]) -> float:
        started = time.process_time()
        self.post(path, data)
        return (time.process_time() - started) * 1000

    def statements(self, path: str, data: dict[str, Any]) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            self.post(path, data)
        return len(captured.captured_queries)


if __name__ == "__main__":
    main()
