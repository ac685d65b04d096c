"""Writes of learning: authoring modules, learning them."""

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

__all__ = [
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
