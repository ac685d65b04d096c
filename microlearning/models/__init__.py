from .assignments import Assignment, Enrolment
from .modules import (
    Choice,
    LearningSettings,
    Module,
    ModuleKpi,
    ModuleTag,
    ModuleVersion,
    Step,
    Tag,
)
from .progress import Progress, QuizAttempt
from .review import DayOff, ReviewAnswer, ReviewCard

__all__ = [
    "Assignment",
    "Choice",
    "DayOff",
    "Enrolment",
    "LearningSettings",
    "Module",
    "ModuleKpi",
    "ModuleTag",
    "ModuleVersion",
    "Progress",
    "QuizAttempt",
    "ReviewAnswer",
    "ReviewCard",
    "Step",
    "Tag",
]
