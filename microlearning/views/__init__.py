from .assignments import assignments, push
from .authoring import (
    manage,
    module_archive,
    module_edit,
    module_manage,
    module_new,
    module_preview,
    module_publish,
    step_delete,
    step_edit,
    step_move,
    step_new,
)
from .learning import module, module_list, module_start, step_pass
from .review import day_off, review, review_answer

__all__ = [
    "assignments",
    "day_off",
    "push",
    "review",
    "review_answer",
    "manage",
    "module",
    "module_archive",
    "module_edit",
    "module_list",
    "module_manage",
    "module_new",
    "module_preview",
    "module_publish",
    "module_start",
    "step_delete",
    "step_edit",
    "step_move",
    "step_new",
    "step_pass",
]
