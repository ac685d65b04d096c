"""The offline evaluation's runs, kept: `manage.py recommendations_evaluate` and the monthly
task record the figures they measured (`evaluation.py` computes them, pure), and head office's
measurement page reads the latest beside the hold-out comparison.

What they are, said on the page too: the engine's and the baselines' ranking measured on
simulated networks with a hidden truth, not on a tenant's own history (which has no known truth
to score a ranking against: what the recommendations change there is the hold-out
comparison's to say).
"""

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from .evaluation import Evaluated, figures_over_seeds
from .models import OfflineEvaluation
from .simulator import NetworkShape

MONTHLY_SEEDS = (0, 1, 2, 3, 4)  # the documented figures' networks
SHAPE_FIELDS = ("points_of_sale", "kpis", "months", "items", "zones")
# The page's order; "ceiling" is the truth's own ranking.
METHODS_SHOWN = ("engine", "kpi_tag", "popularity", "zone", "random", "ceiling")


def offline_evaluation_record(*, evaluated: Evaluated) -> OfflineEvaluation:
    """Keep one evaluated table (averaged over its seeds)."""
    shape = asdict(evaluated.shape)
    figures = {
        str(method): {name: float(value) for name, value in row.items()}
        for method, row in evaluated.table.iterrows()
    }
    return OfflineEvaluation.objects.create(
        shape={name: shape[name] for name in SHAPE_FIELDS},
        seeds=[int(seed) for seed in evaluated.seeds],
        figures=figures,
    )


def offline_evaluation_run(
    *, shape: NetworkShape | None = None, seeds: Sequence[int] = MONTHLY_SEEDS
) -> OfflineEvaluation:
    """Evaluate the engine now (a few seconds per seed on the default network) and keep it."""
    shape = shape or NetworkShape()
    table = figures_over_seeds(shape, seeds)
    return offline_evaluation_record(evaluated=Evaluated(table, shape, seeds))


def offline_evaluation_latest() -> OfflineEvaluation | None:
    """The latest run, the platform's (no tenant: see OfflineEvaluation)."""
    return OfflineEvaluation.objects.order_by("-ran_at", "-pk").first()


@dataclass(frozen=True)
class MethodFigures:
    method: str
    precision_at_3: float
    ndcg_at_5: float
    qini: float

    @property
    def precision_percent(self) -> float:
        return self.precision_at_3 * 100


@dataclass(frozen=True)
class OfflineFigures:
    run: OfflineEvaluation
    methods: list[MethodFigures]
    # The engine's precision@3 over the KPI-gap heuristic's (None if that one found nothing).
    times_heuristic: float | None
    lists: int  # lists scored per network


def offline_figures(run: OfflineEvaluation) -> OfflineFigures:
    figures = run.figures
    methods = [
        MethodFigures(
            method,
            figures[method]["precision_at_3"],
            figures[method]["ndcg_at_5"],
            figures[method]["qini"],
        )
        for method in METHODS_SHOWN
        if method in figures
    ]
    engine, heuristic = figures.get("engine", {}), figures.get("kpi_tag", {})
    base = heuristic.get("precision_at_3", 0.0)
    times = engine.get("precision_at_3", 0.0) / base if base > 0 else None
    return OfflineFigures(run, methods, times, int(engine.get("lists", 0)))
