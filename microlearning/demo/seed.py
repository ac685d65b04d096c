"""Demo learning: each brand's modules written through the services (head office's for the whole
network, one by the demo animator for their zone), published, then learnt: the demo dealer has
finished one and stopped in the middle of another (step 3), their manager has finished three,
and managers of other points of sale are at every stage, some having missed questions. Moved
back to when the story says it happened, over the last weeks. Then the brand's competences,
assessment, plans and certification (competences.py). Deterministic for a given random
generator; a network that already has modules is left as it is.
"""

import datetime as dt
import random
from collections.abc import Iterable

from django.db.models import F
from django.utils import timezone

from kpis.models import KpiDefinition
from network_animation.models import Membership, MembershipZone, PointOfSale, Role, Tenant

from ..models import Module, ModuleVersion, Progress, QuizAttempt, Step
from ..services import (
    ModuleData,
    module_create,
    module_publish,
    progress_start,
    progress_step_pass,
    step_add,
)
from .competences import competences_seed
from .content import MODULES, DemoModule
from .content_cars import CAR_MAKER_MORE
from .content_cosmetics import COSMETICS_MORE
from .pictures import DemoPicture
from .review import assignments_seed, reviews_seed

OTHER_LEARNERS = 40
# Each brand's catalogue: the six modules of the story (content.py, by index), then the rest.
MORE_MODULES = {"autonova": CAR_MAKER_MORE, "belle-allure": COSMETICS_MORE}
CATALOGUES = {slug: [*modules, *MORE_MODULES.get(slug, [])] for slug, modules in MODULES.items()}
STORY_MODULES = 6
REVIEWERS = 8  # of the other learners, with a review streak


def _people(tenant: Tenant) -> dict[str, Membership | None]:
    first = PointOfSale.objects.filter(tenant=tenant).order_by("pk").first()
    people = Membership.objects.filter(tenant=tenant).order_by("pk")
    animators = MembershipZone.objects.filter(tenant=tenant, zone_id=first.zone_id if first else 0)
    return {
        "siege": people.filter(role=Role.HEAD_OFFICE).first(),
        "animateur": people.filter(pk__in=animators.values("membership_id")).first(),
        "vendeur": people.filter(role=Role.POS_STAFF, point_of_sale=first).first(),
        "responsable": people.filter(role=Role.POS_MANAGER, point_of_sale=first).first(),
    }


def _write(tenant: Tenant, author: Membership, demo: DemoModule, zone_id: int | None) -> Module:
    kpis = KpiDefinition.objects.filter(tenant=tenant, code__in=demo.kpis)
    data = ModuleData(
        title_fr=demo.title[0],
        title_en=demo.title[1],
        summary_fr=demo.summary[0],
        summary_en=demo.summary[1],
        language="both",
        zone=author.zones.filter(pk=zone_id).first() if zone_id else None,
        kpis=list(kpis),
        tags=demo.tags,
    )
    module = module_create(tenant=tenant, actor=author, data=data)
    for step in demo.steps:
        drawn = step.step() if isinstance(step, DemoPicture) else step  # drawn now
        step_add(tenant=tenant, actor=author, module=module, data=drawn)
    module_publish(tenant=tenant, actor=author, module=module)
    module.refresh_from_db()
    return module


def _learn(
    tenant: Tenant, person: Membership, module: Module, rng: random.Random, upto: int | None
) -> Progress:
    """Start the module and pass its steps up to `upto` (all: None), answering mostly right."""
    progress = progress_start(tenant=tenant, actor=person, module=module)
    steps = Step.objects.filter(tenant=tenant, version_id=progress.version_id)
    for step in list(steps.prefetch_related("choices"))[:upto]:
        choices = list(step.choices.all())
        right = [c.pk for c in choices if c.is_correct]
        wrong = [c.pk for c in choices if not c.is_correct][:1]
        chosen = right if rng.random() < 0.8 or not wrong else wrong
        progress_step_pass(
            tenant=tenant, actor=person, module_id=module.pk, step_id=step.pk, choice_ids=chosen
        )
    progress.refresh_from_db()
    return progress


def _back_in_time(tenant: Tenant, progress: Progress, days_ago: int, rng: random.Random) -> None:
    """When it happened: `days_ago`, with the time a person takes (the service counted the
    seconds this script took)."""
    shift = dt.timedelta(days=days_ago, minutes=rng.randint(0, 600))
    spent = int(
        progress.version.total_seconds * progress.position / max(progress.version.step_count, 1)
    )
    rows = Progress.objects.filter(tenant=tenant, pk=progress.pk)
    rows.update(
        started_at=F("started_at") - shift,
        last_step_at=F("last_step_at") - shift + dt.timedelta(seconds=spent),
        seconds_spent=int(spent * rng.uniform(0.8, 1.3)),
    )
    rows.filter(completed_at__isnull=False).update(
        completed_at=F("completed_at") - shift + dt.timedelta(seconds=spent)
    )
    rows.filter(passed_at__isnull=False).update(
        passed_at=F("passed_at") - shift + dt.timedelta(seconds=spent)
    )
    QuizAttempt.objects.filter(tenant=tenant, progress=progress).update(
        created_at=F("created_at") - shift
    )


def _catalogue_plays(
    tenant: Tenant, managers: Iterable[Membership], modules: list[Module], days: int
) -> list[tuple[Membership | None, Module, int | None, int]]:
    """Half the other managers also took a module of the rest of the catalogue. Drawn from a
    generator of their own, so the story's draws stay as they were."""
    draws = random.Random(f"{tenant.slug}-catalogue")  # noqa: S311  # demo data
    rest, span = modules[STORY_MODULES:], max(min(days, 30), 2)
    return [
        (manager, draws.choice(rest), draws.choice([None, None, 1]), draws.randint(1, span))
        for manager in managers
        if rest and draws.random() < 0.5
    ]


def learning_demo_seed(*, tenant: Tenant, days: int, rng: random.Random, **_: object) -> None:
    demos = CATALOGUES.get(tenant.slug)
    people = _people(tenant)
    if not demos or Module.objects.filter(tenant=tenant).exists() or not people["siege"]:
        return
    zone_id = (
        PointOfSale.objects.filter(tenant=tenant)
        .order_by("pk")
        .values_list("zone_id", flat=True)
        .first()
    )
    head_office, animator = people["siege"], people["animateur"]
    if head_office is None:  # checked above; said again for the type checker
        return
    modules = []
    for demo in demos:
        if demo.by_animator and animator is not None:
            modules.append(_write(tenant, animator, demo, zone_id))
        else:
            modules.append(_write(tenant, head_office, demo, None))
    published = timezone.now() - dt.timedelta(days=60)
    Module.objects.filter(tenant=tenant).update(created_at=published, updated_at=published)
    ModuleVersion.objects.filter(tenant=tenant).update(created_at=published, published_at=published)
    plays: list[tuple[Membership | None, Module, int | None, int]] = [
        (people["vendeur"], modules[0], None, 12),
        (people["vendeur"], modules[1], 2, 1),  # stopped at step 3 yesterday
        (people["responsable"], modules[0], None, 20),
        (people["responsable"], modules[2], None, 9),
        (people["responsable"], modules[3], 1, 2),
    ]
    demo_manager = [p.pk for p in (people["responsable"],) if p is not None]
    field = Membership.objects.filter(tenant=tenant, role=Role.POS_MANAGER).exclude(
        pk__in=demo_manager
    )
    for manager in field.order_by("pk")[:OTHER_LEARNERS]:
        module = rng.choice(modules[: STORY_MODULES - 1])  # the sixth is the demo zone's
        upto = rng.choice([None, None, 1, 2])
        plays.append((manager, module, upto, rng.randint(1, max(min(days, 45), 2))))
    plays += _catalogue_plays(tenant, field.order_by("pk")[:OTHER_LEARNERS], modules, days)
    for learner, module, upto, days_ago in plays:
        if learner is not None:
            progress = _learn(tenant, learner, module, rng, upto)
            _back_in_time(tenant, progress, days_ago, rng)
    reviewers = [p for p in (people["vendeur"], people["responsable"]) if p is not None]
    reviewers += list(field.order_by("pk")[:REVIEWERS])
    reviews_seed(tenant, reviewers, rng)
    assignments_seed(
        tenant,
        head_office=head_office,
        animator=animator,
        zone_id=zone_id,
        late_module=modules[2],
        next_module=modules[4] if len(modules) > 4 else modules[-1],
    )
    competences_seed(tenant, people=people, modules=modules, rng=rng)
