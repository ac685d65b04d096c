from .challenges import (
    Challenge,
    ChallengeKpi,
    ChallengeParticipant,
    ChallengeStanding,
    ParticipantKind,
    Renewal,
    ScopeLevel,
    ScoringRule,
    Status,
    TieBreak,
)
from .labels import LabelAward, LabelCriterion, LabelGrid, LabelLevel, Measure
from .rewards import Reward

__all__ = [
    "Challenge",
    "ChallengeKpi",
    "ChallengeParticipant",
    "ChallengeStanding",
    "LabelAward",
    "LabelCriterion",
    "LabelGrid",
    "LabelLevel",
    "Measure",
    "ParticipantKind",
    "Renewal",
    "Reward",
    "ScopeLevel",
    "ScoringRule",
    "Status",
    "TieBreak",
]
