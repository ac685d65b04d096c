"""Reads of learning: the modules each person may learn or write, their steps, and progress."""

from .assignments import (
    ASSIGNED,
    RESUME,
    REVIEW,
    NextFiveMinutes,
    PointTraining,
    assignments_made,
    next_five_minutes,
    zone_training,
)
from .modules import (
    TABS,
    module_get,
    module_get_for_learner,
    module_list_for_learner,
    module_published_get,
    modules_authored,
    modules_published,
    step_get,
    tag_list,
    working_version,
)
from .progress import (
    attempt_of_run,
    module_and_progress,
    progress_list,
    progress_of,
    step_at,
)
from .review import ReviewDay, review_answer_of, review_due_count, review_today, streak_of

__all__ = [
    "ASSIGNED",
    "RESUME",
    "REVIEW",
    "NextFiveMinutes",
    "PointTraining",
    "ReviewDay",
    "assignments_made",
    "next_five_minutes",
    "review_answer_of",
    "review_due_count",
    "review_today",
    "streak_of",
    "zone_training",
    "TABS",
    "attempt_of_run",
    "module_get",
    "module_get_for_learner",
    "module_list_for_learner",
    "module_published_get",
    "modules_authored",
    "modules_published",
    "progress_list",
    "module_and_progress",
    "progress_of",
    "step_at",
    "step_get",
    "tag_list",
    "working_version",
]
