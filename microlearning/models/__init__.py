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

__all__ = [
    "Choice",
    "LearningSettings",
    "Module",
    "ModuleKpi",
    "ModuleTag",
    "ModuleVersion",
    "Progress",
    "QuizAttempt",
    "Step",
    "Tag",
]
