"""Spaced review: FSRS schedules a missed question sooner than a right one, its state survives
JSON; the day's review lasts five minutes at most; answers are checked on the server; the streak
forgives Sundays and days off, not a missed working day."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from fsrs import Card

from microlearning.models import ReviewAnswer, ReviewCard
from microlearning.selectors import review_today, streak_of
from microlearning.services import day_off_set, review_answer
from microlearning.spacing import REVIEW_SECONDS_MAX, card_reviewed, cards_within, review_streak
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from .factories import learn, make_module, quiz, right_choices, wrong_choices

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)  # a Monday
MONDAY = dt.date(2026, 3, 2)


def test_a_missed_question_comes_back_sooner_than_a_right_one():
    missed = card_reviewed(None, correct=False, at=NOW)
    right = card_reviewed(None, correct=True, at=NOW)
    assert missed.due < right.due
    # Missed again at its next review, it stays close; right again, it goes further away.
    again_missed = card_reviewed(missed.to_dict(), correct=False, at=missed.due)
    again_right = card_reviewed(right.to_dict(), correct=True, at=right.due)
    assert again_missed.due - missed.due < again_right.due - right.due
    assert missed.due - NOW >= dt.timedelta(days=1)  # days, never minutes: one review a day


def test_a_cards_state_round_trips_as_json():
    card = card_reviewed(card_reviewed(None, correct=True, at=NOW).to_dict(), correct=False, at=NOW)
    stored = json.loads(json.dumps(card.to_dict()))
    assert Card.from_dict(stored) == card
    later = NOW + dt.timedelta(days=3)
    assert card_reviewed(stored, correct=True, at=later) == card_reviewed(
        card.to_dict(), correct=True, at=later
    )


def test_the_days_cards_fit_in_five_minutes():
    assert cards_within([60] * 10, REVIEW_SECONDS_MAX, first_free=True) == 5
    assert cards_within([200, 200], 100, first_free=True) == 1  # a long one is still asked
    assert cards_within([200, 200], 100, first_free=False) == 0
    assert cards_within([], 300, first_free=True) == 0


def test_sundays_and_days_off_do_not_break_the_streak_a_missed_working_day_does():
    saturday, sunday = MONDAY - dt.timedelta(days=2), MONDAY - dt.timedelta(days=1)
    friday, thursday = MONDAY - dt.timedelta(days=3), MONDAY - dt.timedelta(days=4)
    assert review_streak({saturday, MONDAY}, set(), today=MONDAY) == 2
    # Not reviewed yet today: the day is not over, the streak holds from yesterday.
    assert review_streak({friday, saturday}, set(), today=MONDAY) == 2
    # Friday missed (a working day) breaks it; declared a day off, it does not.
    assert review_streak({thursday, saturday, MONDAY}, set(), today=MONDAY) == 2
    assert review_streak({thursday, saturday, MONDAY}, {friday}, today=MONDAY) == 3
    # A review on a Sunday counts.
    assert review_streak({saturday, sunday, MONDAY}, set(), today=MONDAY) == 3
    assert review_streak({thursday}, set(), today=MONDAY) == 0
    assert review_streak(set(), set(), today=MONDAY) == 0


def _cards(network, count: int, seconds: int = 60, *, right: bool = False):
    """The dealer answers `count` questions in a module: as many cards."""
    questions = [
        quiz(question=f"Question {n}", right=f"Oui {n}", seconds=seconds) for n in range(count)
    ]
    module = make_module(network, questions)
    learn(network, module, right=right)
    return module


def _days_later(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def test_the_review_asks_the_due_cards_within_five_minutes(network_a):
    _cards(network_a, 8, seconds=60)
    dealer = network_a.members[Role.POS_STAFF]
    with tenant_scope(network_a.tenant):
        assert review_today(tenant=network_a.tenant, membership=dealer).cards == []  # tomorrow
        later = _days_later(1)
        today = review_today(tenant=network_a.tenant, membership=dealer, now=later)
        assert len(today.cards) == 5  # 8 due, 5 minutes of them
        for card in today.cards[:3]:
            step = card.step
            review_answer(
                tenant=network_a.tenant,
                actor=dealer,
                card_id=card.pk,
                choice_ids=right_choices(step),
                now=later,
            )
        left = review_today(tenant=network_a.tenant, membership=dealer, now=later)
        assert (len(left.cards), left.answered, left.seconds_spent) == (2, 3, 180)


def test_a_missed_card_is_asked_again_sooner_than_a_right_one(network_a):
    _cards(network_a, 2)
    dealer = network_a.members[Role.POS_STAFF]
    later = _days_later(1)
    with tenant_scope(network_a.tenant):
        first, second = review_today(tenant=network_a.tenant, membership=dealer, now=later).cards
        for card, answer in ((first, wrong_choices), (second, right_choices)):
            review_answer(
                tenant=network_a.tenant,
                actor=dealer,
                card_id=card.pk,
                choice_ids=answer(card.step),
                now=later,
            )
        first.refresh_from_db()
        second.refresh_from_db()
    assert first.due < second.due
    assert (first.lapses, second.lapses) == (2, 1)


def test_the_review_page_holds_no_right_answer_and_checks_on_the_server(network_a):
    module = make_module(
        network_a, [quiz(right="REPONSE-JUSTE", wrong=("REPONSE-FAUSSE", "AUTRE-FAUSSE"))]
    )
    learn(network_a, module, right=False)
    with tenant_scope(network_a.tenant):
        card = ReviewCard.objects.select_related("step").get()
        ReviewCard.objects.filter(pk=card.pk).update(due=timezone.now())  # due today
        wrong, right = wrong_choices(card.step), right_choices(card.step)
    client = network_a.client(Role.POS_STAFF)
    page = client.get(reverse("microlearning:review", args=[network_a.tenant.slug]))
    html = page.content.decode()
    inputs = re.findall(r'<label class="answer">(.*?)</label>', html, re.S)
    assert len(inputs) == 3
    shapes = {
        re.sub(r'value="\d+"|REPONSE-JUSTE|REPONSE-FAUSSE|AUTRE-FAUSSE', "", i) for i in inputs
    }
    assert len(shapes) == 1
    assert "Oui :" not in html
    assert "Non :" not in html
    address = reverse("microlearning:review_answer", args=[network_a.tenant.slug, card.pk])
    answered = client.post(address, {"choice": wrong}, headers={"HX-Request": "true"})
    assert "Non : REPONSE-FAUSSE" in answered.content.decode()
    with tenant_scope(network_a.tenant):
        answer = ReviewAnswer.objects.get()
        card.refresh_from_db()
    assert (answer.correct, answer.chosen, card.reviews) == (False, wrong, 2)
    # Answered: not due today any more; sending it again changes nothing.
    client.post(address, {"choice": right})
    with tenant_scope(network_a.tenant):
        assert ReviewAnswer.objects.count() == 1
    # Nothing chosen: asked again, nothing saved.
    assert client.post(address, {}).status_code in (302, 400)


def test_another_persons_card_is_not_found(network_a):
    _cards(network_a, 1)
    with tenant_scope(network_a.tenant):
        card = ReviewCard.objects.select_related("step").get()
        right = right_choices(card.step)
    manager = network_a.client(Role.POS_MANAGER)
    address = reverse("microlearning:review_answer", args=[network_a.tenant.slug, card.pk])
    assert manager.post(address, {"choice": right}).status_code == 404


def test_a_working_day_with_nothing_to_review_does_not_break_the_streak():
    friday, thursday = MONDAY - dt.timedelta(days=3), MONDAY - dt.timedelta(days=4)
    saturday = MONDAY - dt.timedelta(days=2)
    reviewed = {thursday, saturday, MONDAY}
    assert review_streak(reviewed, set(), today=MONDAY, due=set()) == 3
    assert review_streak(reviewed, set(), today=MONDAY, due={friday}) == 2


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def test_the_streak_reads_review_days_due_days_and_days_off(network_a):
    """A card reviewed every day but four days ago, when it was due: the streak breaks there,
    unless that day is declared a day off."""
    _cards(network_a, 1)
    dealer = network_a.members[Role.POS_STAFF]
    today = timezone.localdate()
    days = [today - dt.timedelta(days=n) for n in (5, 3, 2, 1)]
    gap = today - dt.timedelta(days=4)
    with tenant_scope(network_a.tenant):
        card = ReviewCard.objects.get()
        start = _noon(today - dt.timedelta(days=6))
        ReviewCard.objects.filter(pk=card.pk).update(
            created_at=start, first_due=start + dt.timedelta(days=1)
        )
        for day in days:
            ReviewAnswer.objects.create(
                tenant=network_a.tenant,
                card=card,
                membership=dealer,
                day=day,
                correct=True,
                created_at=_noon(day),
                due_after=_noon(day) + dt.timedelta(days=1),
            )
        working = {day for day in [*days, gap] if day.weekday() != 6}
        assert streak_of(tenant=network_a.tenant, membership=dealer) == review_streak(
            days, set(), today=today, due=working
        )
        assert streak_of(tenant=network_a.tenant, membership=dealer) < 4 or gap.weekday() == 6
        day_off_set(tenant=network_a.tenant, actor=dealer, day=gap)
        assert streak_of(tenant=network_a.tenant, membership=dealer) == 4
