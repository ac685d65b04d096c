"""Writes of learning: authoring modules, learning them."""

from .assignments import (
    assignment_create,
    assignment_enrolments_step,
    assignment_enrolments_sync,
    assignment_push,
    assignment_reminders_send,
    assignment_reminders_step,
)
from .authoring import (
    ChoiceData,
    ModuleData,
    StepData,
    module_archive,
    module_create,
    module_publish,
    module_update,
    step_add,
    step_delete,
    step_move,
    step_update,
    version_draft,
)
from .learning import (
    StepPassed,
    learning_settings,
    progress_start,
    progress_step_pass,
)
from .review import day_off_set, review_answer, review_card_create

__all__ = [
    "assignment_create",
    "assignment_enrolments_step",
    "assignment_enrolments_sync",
    "assignment_push",
    "assignment_reminders_send",
    "assignment_reminders_step",
    "day_off_set",
    "review_answer",
    "review_card_create",
    "ChoiceData",
    "ModuleData",
    "StepData",
    "StepPassed",
    "learning_settings",
    "module_archive",
    "module_create",
    "module_publish",
    "module_update",
    "progress_start",
    "progress_step_pass",
    "step_add",
    "step_delete",
    "step_move",
    "step_update",
    "version_draft",
]
