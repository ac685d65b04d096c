from .gaps import KpiGap
from .holdout import HoldoutPoint, HoldoutQuarter, HoldoutSettings
from .peers import PeerGrouping, PeerMembership

__all__ = [
    "HoldoutPoint",
    "HoldoutQuarter",
    "HoldoutSettings",
    "KpiGap",
    "PeerGrouping",
    "PeerMembership",
]
