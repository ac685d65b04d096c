"""Reads of learning: the modules each person may learn or write, their steps, and progress."""

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
from .progress import attempt_of_run, progress_list, progress_of, step_at

__all__ = [
    "TABS",
    "attempt_of_run",
    "module_get",
    "module_get_for_learner",
    "module_list_for_learner",
    "module_published_get",
    "modules_authored",
    "modules_published",
    "progress_list",
    "progress_of",
    "step_at",
    "step_get",
    "tag_list",
    "working_version",
]
