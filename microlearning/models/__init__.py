from .assessments import (
    Assessment,
    AssessmentAnswer,
    AssessmentAttempt,
    AssessmentChoice,
    AssessmentQuestion,
    CompetenceResult,
)
from .assignments import Assignment, Enrolment
from .competences import Competence, CompetenceFramework, ModuleCompetence, ScaleLevel
from .gaps import ObservedGap
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
from .outcomes import ModuleKpiOutcome
from .plans import (
    Certification,
    CertificationAward,
    CertificationRequirement,
    PlanItem,
    TrainingPlan,
)
from .progress import Progress, QuizAttempt
from .review import DayOff, ReviewAnswer, ReviewCard

__all__ = [
    "Assessment",
    "AssessmentAnswer",
    "AssessmentAttempt",
    "AssessmentChoice",
    "AssessmentQuestion",
    "Certification",
    "CertificationAward",
    "CertificationRequirement",
    "Competence",
    "CompetenceFramework",
    "CompetenceResult",
    "ModuleCompetence",
    "ObservedGap",
    "PlanItem",
    "ScaleLevel",
    "TrainingPlan",
    "Assignment",
    "Choice",
    "DayOff",
    "Enrolment",
    "LearningSettings",
    "Module",
    "ModuleKpi",
    "ModuleKpiOutcome",
    "ModuleTag",
    "ModuleVersion",
    "Progress",
    "QuizAttempt",
    "ReviewAnswer",
    "ReviewCard",
    "Step",
    "Tag",
]
