from .computed import ComputedFactsRun
from .definitions import Aggregation, Direction, KpiDefinition, Source
from .facts import KpiDirtyMonth, KpiFact
from .objectives import Level, Objective, Period, period_start_of
from .rollups import KpiRollup, RollupLevel, RollupPeriod

__all__ = [
    "Aggregation",
    "ComputedFactsRun",
    "Direction",
    "KpiDefinition",
    "KpiDirtyMonth",
    "KpiFact",
    "KpiRollup",
    "Level",
    "Objective",
    "Period",
    "RollupLevel",
    "RollupPeriod",
    "Source",
    "period_start_of",
]
