"""Offline evaluation of the recommendation engine: metrics, baselines and the figures table.

Pure code. The metrics read a method's recommendations (point_of_sale, kpi, item, rank) against
the simulator's hidden `future` (point_of_sale, kpi, item, true_uplift: the items that would
really help, unseen by the point of sale), on the same lists for every method: the (point of
sale, KPI) pairs off target that some unseen item would really help.

- precision@3: share of the first three recommendations that really help (a list shorter than
  three counts its missing places as misses);
- nDCG@5: discounted gain of the first five, the gain being the true uplift, against the best
  possible order of the list's candidates;
- Qini coefficient and AUUC, on the true uplifts: candidates targeted in the method's order (the
  items it does not rank come after, in no particular order), the cumulative true uplift against
  the share of candidates targeted. Qini = (area of the method - area of random) / (area of the
  perfect order - area of random): 1 is perfect, 0 is random. AUUC = area of the method / (area
  of targeting everything at once): 0.5 is random.

Baselines take the engine's arguments and return the same columns: popularity (most done in the
network), zone (most done in the point of sale's zone), KPI-gap (unseen content tagged with the
off-target KPI, in random order) and random.
"""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from . import engine
from .simulator import NetworkShape, SimulatedNetwork, simulate_network

LIST = ["point_of_sale", "kpi"]
EVALUATED_K = 10

Method = Callable[..., pd.DataFrame]


def precision_at(
    recommendations: pd.DataFrame, future: pd.DataFrame, lists: pd.DataFrame, k: int = 3
) -> float:
    if lists.empty:
        return 0.0
    top = _judged(recommendations, future, lists)
    hits = top[(top["rank"] <= k) & (top["true_uplift"] > 0)].groupby(LIST).size()
    per_list = lists.merge(hits.rename("hits").reset_index(), on=LIST, how="left")
    return float(per_list["hits"].fillna(0).sum() / (k * len(lists)))


def ndcg_at(
    recommendations: pd.DataFrame, future: pd.DataFrame, lists: pd.DataFrame, k: int = 5
) -> float:
    if lists.empty:
        return 0.0
    top = _judged(recommendations, future, lists)
    top = top[top["rank"] <= k]
    dcg = (
        (top["true_uplift"] / np.log2(top["rank"] + 1))
        .groupby([top["point_of_sale"], top["kpi"]])
        .sum()
    )
    ideal = _in_lists(future, lists).sort_values("true_uplift", ascending=False)
    ideal = ideal.assign(place=ideal.groupby(LIST).cumcount() + 1)
    ideal = ideal[ideal["place"] <= k]
    idcg = (
        (ideal["true_uplift"] / np.log2(ideal["place"] + 1))
        .groupby([ideal["point_of_sale"], ideal["kpi"]])
        .sum()
    )
    per_list = lists.set_index(LIST).index
    ratio = dcg.reindex(per_list, fill_value=0.0) / idcg.reindex(per_list)
    return float(ratio.fillna(0.0).mean())


@dataclass(frozen=True)
class UpliftCurves:
    qini: float
    auuc: float


def uplift_curves(
    recommendations: pd.DataFrame, future: pd.DataFrame, lists: pd.DataFrame, candidates: pd.Series
) -> UpliftCurves:
    """Qini and AUUC averaged over the lists; `candidates`: items a point of sale has not done."""
    truth = _in_lists(future, lists)
    total = truth.groupby(LIST)["true_uplift"].sum()
    lists = lists.set_index(LIST).index
    total = total.reindex(lists, fill_value=0.0)
    count = pd.Series(
        candidates.reindex(lists.get_level_values(0)).to_numpy(dtype=float), index=lists
    )
    ranked = _judged(recommendations, future, lists.to_frame(index=False))
    method_area, ranked_count, ranked_gain = _area(ranked.sort_values("rank"), lists)
    tail = count - ranked_count
    method_area += tail * ranked_gain + (total - ranked_gain) * (tail + 1) / 2
    best = truth.sort_values("true_uplift", ascending=False)
    perfect_area, best_count, _gain = _area(best, lists)
    perfect_area += (count - best_count) * total
    random_area = total * (count + 1) / 2
    useful = (total > 0) & (perfect_area > random_area)
    qini = (method_area - random_area) / (perfect_area - random_area)
    auuc = method_area / (count * total)
    return UpliftCurves(float(qini[useful].mean()), float(auuc[useful].mean()))


def _area(ordered: pd.DataFrame, lists: pd.Index) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Per list: sum of the cumulative gains over the ordered rows, their count and total."""
    cumulative = ordered.groupby(LIST)["true_uplift"].cumsum()
    keys = [ordered["point_of_sale"], ordered["kpi"]]
    area = cumulative.groupby(keys).sum().reindex(lists, fill_value=0.0)
    count = ordered.groupby(keys).size().reindex(lists, fill_value=0).astype(float)
    gain = ordered.groupby(keys)["true_uplift"].sum().reindex(lists, fill_value=0.0)
    return area, count, gain


def _in_lists(frame: pd.DataFrame, lists: pd.DataFrame) -> pd.DataFrame:
    return frame.merge(lists[LIST], on=LIST)


def _judged(
    recommendations: pd.DataFrame, future: pd.DataFrame, lists: pd.DataFrame
) -> pd.DataFrame:
    """The recommendations of the evaluated lists, each with its true uplift (0 if none)."""
    rows = _in_lists(recommendations[[*LIST, "item", "rank"]], lists)
    rows = rows.merge(future[[*LIST, "item", "true_uplift"]], on=[*LIST, "item"], how="left")
    return rows.fillna({"true_uplift": 0.0})


def _unseen(
    profiles: pd.DataFrame, kpi_months: pd.DataFrame, exposures: pd.DataFrame, items: pd.DataFrame
) -> pd.DataFrame:
    """Every (point of sale, off-target KPI, item not done yet): what a baseline ranks."""
    pairs = engine.off_target_pairs(profiles, kpi_months)
    rows = pairs.merge(items[["item", "kpis"]], how="cross")
    done = exposures[["point_of_sale", "item"]].drop_duplicates().assign(done=True)
    rows = rows.merge(done, on=["point_of_sale", "item"], how="left")
    return rows[rows["done"].isna()].drop(columns="done")


def _top(rows: pd.DataFrame, score: pd.Series, k: int) -> pd.DataFrame:
    """The `k` best scores of each list, ties broken by item, in the engine's columns."""
    rows = rows.assign(score=score.to_numpy(dtype=float))
    rows = rows[np.isfinite(rows["score"])]
    rows = rows.sort_values([*LIST, "score", "item"], ascending=[True, True, False, True])
    rows = rows.groupby(LIST).head(k)
    if rows.empty:
        return engine.empty_recommendations()
    return pd.DataFrame(
        {
            "point_of_sale": rows["point_of_sale"].to_numpy(dtype=object),
            "kpi": rows["kpi"].to_numpy(dtype=object),
            "item": rows["item"].to_numpy(dtype=object),
            "rank": (rows.groupby(LIST).cumcount() + 1).to_numpy(dtype="int64"),
            "expected_uplift": np.nan,
            "reason": "",
        }
    )


def rank_by_popularity(
    *,
    profiles: pd.DataFrame,
    kpi_months: pd.DataFrame,
    exposures: pd.DataFrame,
    items: pd.DataFrame,
    k: int,
) -> pd.DataFrame:
    rows = _unseen(profiles, kpi_months, exposures, items)
    done = exposures.drop_duplicates(["point_of_sale", "item"]).groupby("item").size()
    return _top(rows, rows["item"].map(done).fillna(0), k)


def rank_by_zone(
    *,
    profiles: pd.DataFrame,
    kpi_months: pd.DataFrame,
    exposures: pd.DataFrame,
    items: pd.DataFrame,
    k: int,
) -> pd.DataFrame:
    rows = _unseen(profiles, kpi_months, exposures, items)
    zones = profiles[["point_of_sale", "zone"]]
    done = exposures.drop_duplicates(["point_of_sale", "item"]).merge(zones, on="point_of_sale")
    in_zone = done.groupby(["zone", "item"]).size().rename("in_zone").reset_index()
    in_network = done.groupby("item").size()
    rows = rows.merge(zones, on="point_of_sale").merge(in_zone, on=["zone", "item"], how="left")
    # The network's count, far smaller than one done in the zone, breaks ties.
    score = rows["in_zone"].fillna(0) + rows["item"].map(in_network).fillna(0) / 1e6
    return _top(rows, score, k)


def rank_by_kpi_tag(
    *,
    profiles: pd.DataFrame,
    kpi_months: pd.DataFrame,
    exposures: pd.DataFrame,
    items: pd.DataFrame,
    k: int,
    seed: int = 0,
) -> pd.DataFrame:
    rows = _unseen(profiles, kpi_months, exposures, items)
    tagged = np.array([kpi in tags for kpi, tags in zip(rows["kpi"], rows["kpis"], strict=True)])
    order = np.random.default_rng(seed).random(len(rows))
    return _top(rows, pd.Series(np.where(tagged, order, np.nan)), k)


def rank_at_random(
    *,
    profiles: pd.DataFrame,
    kpi_months: pd.DataFrame,
    exposures: pd.DataFrame,
    items: pd.DataFrame,
    k: int,
    seed: int = 0,
) -> pd.DataFrame:
    rows = _unseen(profiles, kpi_months, exposures, items)
    return _top(rows, pd.Series(np.random.default_rng(seed).random(len(rows))), k)


METHODS: dict[str, Method] = {
    "engine": engine.rank_content,
    "popularity": rank_by_popularity,
    "zone": rank_by_zone,
    "kpi_tag": rank_by_kpi_tag,
    "random": rank_at_random,
}


@dataclass(frozen=True)
class Figures:
    precision_at_3: float
    ndcg_at_5: float
    qini: float
    auuc: float
    lists: int


def evaluation_lists(network: SimulatedNetwork) -> pd.DataFrame:
    """Off-target (point of sale, KPI) pairs that some unseen item would really help."""
    pairs = engine.off_target_pairs(network.profiles, network.kpi_months)
    helped = network.future[network.future["true_uplift"] > 0][LIST].drop_duplicates()
    return pairs.merge(helped, on=LIST)


def candidate_counts(network: SimulatedNetwork) -> pd.Series:
    done = network.exposures.drop_duplicates(["point_of_sale", "item"])
    per_pos = done.groupby("point_of_sale").size()
    points_of_sale = network.profiles["point_of_sale"]
    return len(network.items) - per_pos.reindex(points_of_sale, fill_value=0)


def figures(recommendations: pd.DataFrame, network: SimulatedNetwork) -> Figures:
    lists = evaluation_lists(network)
    curves = uplift_curves(recommendations, network.future, lists, candidate_counts(network))
    return Figures(
        precision_at_3=precision_at(recommendations, network.future, lists, k=3),
        ndcg_at_5=ndcg_at(recommendations, network.future, lists, k=5),
        qini=curves.qini,
        auuc=curves.auuc,
        lists=len(lists),
    )


def recommend(method: Method, network: SimulatedNetwork, k: int = EVALUATED_K) -> pd.DataFrame:
    return method(
        profiles=network.profiles,
        kpi_months=network.kpi_months,
        exposures=network.exposures,
        items=network.items,
        k=k,
    )


def ceiling(network: SimulatedNetwork, k: int = EVALUATED_K) -> pd.DataFrame:
    """What a method knowing the truth would recommend: the best a ranking can score."""
    best = network.future.sort_values(
        [*LIST, "true_uplift", "item"], ascending=[True, True, False, True]
    )
    best = best.assign(rank=best.groupby(LIST).cumcount() + 1)
    return best[best["rank"] <= k]


def figures_table(network: SimulatedNetwork) -> pd.DataFrame:
    """One row of figures per method (the engine and every baseline) on the network, and the
    ceiling: precision@3 cannot reach 1 where fewer than three unseen items would help."""
    rows = {name: figures(recommend(method, network), network) for name, method in METHODS.items()}
    rows["ceiling"] = figures(ceiling(network), network)
    return pd.DataFrame.from_dict({name: vars(f) for name, f in rows.items()}, orient="index")


SECTION_START = "<!-- figures: written by `manage.py recommendations_evaluate` -->"
SECTION_END = "<!-- end of figures -->"
LABELS = {
    "engine": "Engine (uplift)",
    "popularity": "Popularity",
    "zone": "Most done in the zone",
    "kpi_tag": "KPI-gap heuristic (tagged with the KPI)",
    "random": "Random",
    "ceiling": "Ceiling (knowing the truth)",
}


def figures_over_seeds(shape: NetworkShape, seeds: Sequence[int]) -> pd.DataFrame:
    """The figures table averaged over networks simulated with each seed (same shape)."""
    tables = [figures_table(simulate_network(replace(shape, seed=seed))) for seed in seeds]
    return pd.concat(tables).groupby(level=0, sort=False).mean()


def rank_content_seconds(shape: NetworkShape, runs: int = 3) -> float:
    """Best wall time of `rank_content` over a few runs on a simulated network of that shape:
    the machine's other work only ever adds time (timeit's reasoning)."""
    network = simulate_network(shape)
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        recommend(engine.rank_content, network, k=5)
        times.append(time.perf_counter() - started)
    return min(times)


@dataclass(frozen=True)
class Evaluated:
    """A figures table and the networks it was measured on."""

    table: pd.DataFrame
    shape: NetworkShape
    seeds: Sequence[int]


def figures_section(evaluated: Sequence[Evaluated], *, speed: str) -> str:
    """The Markdown of the figures, between the markers the command replaces."""
    lines = [SECTION_START, ""]
    for block in evaluated:
        lines += [*_table_lines(block), ""]
    return "\n".join([*lines, speed, "", SECTION_END])


def _table_lines(evaluated: Evaluated) -> list[str]:
    table, shape = evaluated.table, evaluated.shape
    seeds = ", ".join(str(seed) for seed in evaluated.seeds)
    lines = [
        f"Simulated network of {shape.points_of_sale} points of sale, {shape.kpis} KPIs, "
        f"{shape.months} months, {shape.items} content items (seeds {seeds}; averages when "
        f"several): {int(table['lists'].iloc[0])} lists (off-target point of sale and KPI "
        "that some unseen item would help) per network.",
        "",
        "| Method | Precision@3 | nDCG@5 | Qini | AUUC |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, row in table.iterrows():
        lines.append(
            f"| {LABELS.get(str(name), str(name))} | {_figure(row['precision_at_3'])} | "
            f"{_figure(row['ndcg_at_5'])} | {_figure(row['qini'])} | {_figure(row['auuc'])} |"
        )
    engine_row, tag, popularity = table.loc["engine"], table.loc["kpi_tag"], table.loc["popularity"]
    baselines = table.drop(index=["engine", "ceiling"], errors="ignore")
    return [
        *lines,
        "",
        f"The engine's precision@3 is {_times(engine_row, tag)} the KPI-gap heuristic's and "
        f"{_times(engine_row, popularity)} popularity's; its Qini is "
        f"{engine_row['qini']:.2f} against {baselines['qini'].max():.2f} for the best baseline.",
    ]


def _figure(value: float) -> str:
    return f"{round(value, 3) + 0.0:.3f}"


def _times(engine_row: pd.Series, baseline: pd.Series) -> str:
    if baseline["precision_at_3"] <= 0:
        return "far above"
    return f"{engine_row['precision_at_3'] / baseline['precision_at_3']:.1f} times"


def with_figures(document: str, section: str) -> str:
    """The document with its figures section replaced (appended if it has none)."""
    start, end = document.find(SECTION_START), document.find(SECTION_END)
    if start < 0 or end < start:
        return document.rstrip("\n") + "\n\n" + section + "\n"
    return document[:start] + section + document[end + len(SECTION_END) :]
