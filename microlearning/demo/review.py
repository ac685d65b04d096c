"""Demo review and assignments: people who answered quiz questions weeks ago have reviewed them
day after day (a streak, Sundays skipped; one of them missed a working day), so some cards are
due today; in the demo zone, the animator's assignment is past its due date with people late,
and head office's is due in ten days. Written through the services, told they are in the past."""

import datetime as dt
import random

from django.utils import timezone

from network_animation.audiences import Audience
from network_animation.models import Membership, Tenant

from ..models import Assignment, Module, ReviewCard
from ..selectors import review_today
from ..services import assignment_create, review_answer
from ..spacing import SUNDAY, card_reviewed


def _cards_back(tenant: Tenant, person: Membership, when: dt.datetime) -> None:
    """The person's cards as if their questions had been answered then."""
    for card in ReviewCard.objects.filter(tenant=tenant, membership=person):
        state = card_reviewed(None, correct=card.lapses == 0, at=when)
        card.state, card.due, card.created_at = dict(state.to_dict()), state.due, when
        card.first_due = state.due
        card.save(update_fields=["state", "due", "first_due", "created_at"])


def reviews_seed(
    tenant: Tenant, people: list[Membership], rng: random.Random, *, days: int = 14
) -> None:
    """Each person reviewed every working day of the last `days` (the second of them missed
    one, four days ago), answering about three in four right."""
    today = timezone.localdate()
    for number, person in enumerate(people):
        start = today - dt.timedelta(days=days)
        _cards_back(tenant, person, _at(start, 9))
        for back in range(days - 1, 0, -1):
            day = today - dt.timedelta(days=back)
            if day.weekday() == SUNDAY or (number == 1 and back == 4):
                continue
            _review_day(tenant, person, _at(day, 11), rng)
        if not review_today(tenant=tenant, membership=person).cards:
            first = ReviewCard.objects.filter(tenant=tenant, membership=person).order_by("due")
            first.filter(pk__in=first.values("pk")[:1]).update(due=timezone.now())


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _review_day(tenant: Tenant, person: Membership, now: dt.datetime, rng: random.Random) -> None:
    for card in review_today(tenant=tenant, membership=person, now=now).cards:
        choices = list(card.step.choices.all())
        right = [c.pk for c in choices if c.is_correct]
        wrong = [c.pk for c in choices if not c.is_correct][:1]
        chosen = right if rng.random() < 0.75 or not wrong else wrong
        review_answer(tenant=tenant, actor=person, card_id=card.pk, choice_ids=chosen, now=now)


def assignments_seed(
    tenant: Tenant,
    *,
    head_office: Membership,
    animator: Membership | None,
    zone_id: int | None,
    late_module: Module,
    next_module: Module,
) -> None:
    """The animator's assignment in the demo zone, due five days ago (those who did not finish
    are late); head office's to every salesperson, due in ten days."""
    if animator is not None and zone_id is not None:
        late = assignment_create(
            tenant=tenant,
            actor=animator,
            module=late_module,
            audience=Audience(zones=frozenset({zone_id})),
            due_on=timezone.localdate(),
        )
        made = timezone.now() - dt.timedelta(days=20)
        Assignment.objects.filter(tenant=tenant, pk=late.pk).update(
            created_at=made, due_on=timezone.localdate() - dt.timedelta(days=5)
        )
    assignment_create(
        tenant=tenant,
        actor=head_office,
        module=next_module,
        audience=Audience(roles=frozenset({"pos_staff"})),
        due_on=timezone.localdate() + dt.timedelta(days=10),
    )
