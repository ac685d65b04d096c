from .actions import ActionKind, ActionSuggestion, DismissReason, SuggestionStatus
from .content import ContentKind, ContentRecommendation
from .evaluation import OfflineEvaluation
from .gaps import KpiGap
from .holdout import HoldoutPoint, HoldoutQuarter, HoldoutSettings
from .night import NightInputs
from .peers import PeerGrouping, PeerMembership

__all__ = [
    "ActionKind",
    "ActionSuggestion",
    "DismissReason",
    "SuggestionStatus",
    "ContentKind",
    "ContentRecommendation",
    "HoldoutPoint",
    "HoldoutQuarter",
    "HoldoutSettings",
    "KpiGap",
    "NightInputs",
    "OfflineEvaluation",
    "PeerGrouping",
    "PeerMembership",
]
