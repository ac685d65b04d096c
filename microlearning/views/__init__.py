from .assessments import assessment_answer, assessment_start, assessment_take, my_assessments
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
from .competences import (
    assessment_edit,
    assessment_publish,
    certification_edit,
    competence_edit,
    framework,
    level_edit,
    question_delete,
    question_edit,
)
from .completion import completion
from .learning import module, module_list, module_start, step_image, step_pass
from .plans import my_plan, person_plan, plan_add, plan_item, plan_reviewed, plans
from .review import day_off, review, review_answer
from .settings import learning_settings

__all__ = [
    "assessment_answer",
    "assessment_edit",
    "assessment_publish",
    "assessment_start",
    "assessment_take",
    "certification_edit",
    "completion",
    "competence_edit",
    "framework",
    "learning_settings",
    "level_edit",
    "my_assessments",
    "my_plan",
    "person_plan",
    "plan_add",
    "plan_item",
    "plan_reviewed",
    "plans",
    "question_delete",
    "question_edit",
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
    "step_image",
    "step_move",
    "step_new",
    "step_pass",
]
