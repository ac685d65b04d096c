"""The asker of a question that has answers but none accepted is reminded, once."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from network_animation.jobs import JobProgress
from network_animation.models import Tenant

from .. import notifications
from ..models import Thread
from .threads import _tell

REMIND_AFTER = dt.timedelta(days=2)


def answer_reminders_send(*, tenant: Tenant) -> int:
    """Questions asked more than two days ago, answered but with no accepted answer."""
    questions = Thread.objects.filter(
        tenant=tenant,
        kind=Thread.Kind.QUESTION,
        is_draft=False,
        accepted_answer__isnull=True,
        reply_count__gt=0,
        reminded_at__isnull=True,
        created_at__lte=timezone.now() - REMIND_AFTER,
    ).select_related("community__tenant", "author__user")
    reminded = 0
    for question in questions:
        if question.author_id is None:
            continue
        with transaction.atomic():
            # The claim first: a rerun, or a run in parallel, reminds nobody twice.
            if Thread.objects.filter(pk=question.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            ):
                _tell(tenant, notifications.ANSWER_REMINDER, None, question, [question.author_id])
                reminded += 1
    return reminded


def answer_reminders_step(*, tenant: Tenant, progress: JobProgress) -> None:
    progress.add("answer_reminders", answer_reminders_send(tenant=tenant))
