"""Spaced review: each quiz question a person answers in a module becomes their card, scheduled
with FSRS (spacing.py); the daily review asks the cards due today within five minutes, checks
each answer here (never in the page) and schedules the card again."""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from network_animation.model_rows import row_insert
from network_animation.models import Membership, Tenant

from .. import errors
from ..cache import learner_changed
from ..models import Choice, DayOff, ReviewAnswer, ReviewCard, Step
from ..selectors.review import review_today
from ..spacing import card_reviewed


def review_card_create(
    *, tenant: Tenant, membership_id: int, step: Step, correct: bool, at: dt.datetime
) -> None:
    """The person's card of a question they answer for the first time (in a module), scheduled
    from that answer; a card that exists already is left as it is."""
    card = card_reviewed(None, correct=correct, at=at)
    row = ReviewCard(
        tenant=tenant,
        membership_id=membership_id,
        step=step,
        state=dict(card.to_dict()),
        due=card.due,
        first_due=card.due,
        reviews=1,
        lapses=0 if correct else 1,
        created_at=at,
    )
    row_insert(row, ignore_conflicts=True)  # at each person's first answer: compiled once


def answer_checked(choices: Iterable[Choice], choice_ids: Sequence[int]) -> tuple[list[int], bool]:
    """The answers chosen among the question's (others ignored), and whether they are exactly
    the right ones: the one check of a quiz answer, in a module and in a review."""
    right = {c.pk: c.is_correct for c in choices}
    chosen = sorted({pk for pk in choice_ids if pk in right})
    if not chosen:
        raise ValidationError(errors.CHOOSE_AN_ANSWER)
    return chosen, set(chosen) == {pk for pk, is_right in right.items() if is_right}


@transaction.atomic
def review_answer(
    *,
    tenant: Tenant,
    actor: Membership,
    card_id: int,
    choice_ids: Sequence[int],
    now: dt.datetime | None = None,
) -> ReviewAnswer | None:
    """Answer one of today's cards: checked here, the card scheduled again. A card that is not
    in today's review (answered already, beyond the five minutes) changes nothing (None)."""
    now = now or timezone.now()
    card = (
        ReviewCard.objects.select_for_update(of=("self",))
        .filter(tenant=tenant, membership=actor, pk=card_id)
        .select_related("step")
        .first()
    )
    if card is None:
        raise Http404
    today = review_today(tenant=tenant, membership=actor, now=now)
    if card.pk not in {due.pk for due in today.cards}:
        return None
    chosen, correct = answer_checked(card.step.choices.all(), choice_ids)
    scheduled = card_reviewed(card.state, correct=correct, at=now)
    card.state, card.due = dict(scheduled.to_dict()), scheduled.due
    card.reviews += 1
    card.lapses += 0 if correct else 1
    card.save(update_fields=["state", "due", "reviews", "lapses"])
    learner_changed(tenant=tenant, membership_id=actor.pk)
    return ReviewAnswer.objects.create(
        tenant=tenant,
        card=card,
        membership=actor,
        day=timezone.localdate(now),
        chosen=chosen,
        correct=correct,
        seconds=card.step.estimated_seconds,
        due_after=scheduled.due,
        created_at=now,
    )


def day_off_set(*, tenant: Tenant, actor: Membership, day: dt.date, off: bool = True) -> None:
    """Say the person was (or was not) expected to work that day: a day off does not break the
    review streak."""
    if off:
        DayOff.objects.get_or_create(tenant=tenant, membership=actor, day=day)
    else:
        DayOff.objects.filter(tenant=tenant, membership=actor, day=day).delete()
    learner_changed(tenant=tenant, membership_id=actor.pk)
