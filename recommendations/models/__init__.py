from .content import ContentKind, ContentRecommendation
from .gaps import KpiGap
from .holdout import HoldoutPoint, HoldoutQuarter, HoldoutSettings
from .peers import PeerGrouping, PeerMembership

__all__ = [
    "ContentKind",
    "ContentRecommendation",
    "HoldoutPoint",
    "HoldoutQuarter",
    "HoldoutSettings",
    "KpiGap",
    "PeerGrouping",
    "PeerMembership",
]
