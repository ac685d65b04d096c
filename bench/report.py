"""bench/results.json and BENCHMARKS.md from one run's figures."""

import json
import os
import platform
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The pages measured under load (bench/run/large_tenant.py), each against the floors.
PAGES = ["dashboard", "zone_page", "network_page", "community_list", "thread_page", "module_page"]

# Each target: figure, floor, the bound on figure / floor, and which way it holds.
TARGETS = [
    ("aggregation_full_s", "sql_rollup_floor_s", 1.5, "<="),
    ("aggregation_incremental_s", "sql_incremental_floor_s", 2.0, "<="),
    # 32 clients, against the floor view (the whole middleware stack and one query).
    *[(f"{page}_p50_ms", "floor_view_p50_ms", 2.0, "<=") for page in PAGES],
    *[(f"{page}_p99_ms", "floor_view_p99_ms", 4.0, "<=") for page in PAGES],
    # Against the bare view (Django without middleware, one query): one client's median, and
    # the rate 32 clients get.
    *[(f"{page}_c1_p50_ms", "bare_view_c1_p50_ms", 3.0, "<=") for page in PAGES],
    *[(f"{page}_rps", "bare_view_rps", 0.33, ">=") for page in PAGES],
    # Learners posting their next step at once (bench/run/step_save.py), as the pages' 32 clients.
    ("learning_step_save_p50_ms", "floor_view_p50_ms", 2.0, "<="),
    ("learning_step_save_p99_ms", "floor_view_p99_ms", 4.0, "<="),
    ("import_year_rate", "copy_floor_rate", 0.5, ">="),
    ("import_day_rate", "copy_floor_rate", 0.35, ">="),
    ("computed_kpis_full_s", "computed_kpis_floor_s", 1.5, "<="),
]
ABSOLUTE = [
    ("monthly_report_xlsx_s", 10.0),
    ("monthly_report_pdf_s", 10.0),
    ("load_errors", 0),
    # 50 signed-in people of mixed roles for 5 minutes, with writes (bench/run/mixed_load.py).
    ("load_mixed_errors", 0),
    # 100 large tenants' incremental nightly chain with its recommendations step, in seconds, on
    # a night after a day's import (the month's first night, in full, is reported beside it).
    ("fleet_nightly_with_recommendations_s", 900.0),
    # 100 large tenants' whole nightly chain, every step, after a day's import (issue 17).
    ("fleet_nightly_chain_s", 900.0),
    # 100 large tenants' aggregation: a night's incremental run, and a full rebuild from none.
    ("fleet_incremental_s", 600.0),
    ("fleet_full_s", 3600.0),
]
TENANTS = 100


@dataclass
class Figures:
    entries: list[dict[str, Any]] = field(default_factory=list)

    def add(self, name: str, value: float, unit: str, floor_name: str | None = None) -> None:
        self.entries.append(
            {
                "name": name,
                "value": round(float(value), 4),
                "unit": unit,
                "floor_name": floor_name,
                "ratio": None,
            }
        )

    def value(self, name: str) -> float | None:
        return next((e["value"] for e in self.entries if e["name"] == name), None)

    def with_ratios(self) -> list[dict[str, Any]]:
        for entry in self.entries:
            floor = self.value(entry["floor_name"]) if entry["floor_name"] else None
            if floor:
                entry["ratio"] = round(entry["value"] / floor, 3)
        return self.entries


def machine() -> dict[str, Any]:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    postgres = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SHOW server_version"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(memory, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "postgresql": postgres,
        "kernel": platform.release(),
    }


def _verdicts(figures: Figures) -> list[str]:
    lines = []
    for name, floor, bound, way in TARGETS:
        value, base = figures.value(name), figures.value(floor)
        if value is None or not base:
            lines.append(f"| `{name}` | {way} {bound} × `{floor}` | not measured | — |")
            continue
        ratio = value / base
        met = ratio <= bound if way == "<=" else ratio >= bound
        lines.append(
            f"| `{name}` | {way} {bound} × `{floor}` | {ratio:.2f} × | "
            f"{'met' if met else 'missed'} |"
        )
    for name, bound in ABSOLUTE:
        value = figures.value(name)
        if value is None:
            lines.append(f"| `{name}` | <= {bound} | not measured | — |")
        else:
            lines.append(
                f"| `{name}` | <= {bound} | {value:g} | {'met' if value <= bound else 'missed'} |"
            )
    return lines


def _fleet_full(figures: Figures) -> float:
    """A full rebuild of every tenant, at its worst: from no rollups (when measured)."""
    cold = figures.value("aggregation_full_cold_s")
    return cold if cold is not None else figures.value("aggregation_full_s") or 0.0


def _aggregations(figures: Figures) -> tuple[float | None, float | None]:
    """The large tenant's full and incremental aggregation, when both were measured."""
    return figures.value("aggregation_full_s"), figures.value("aggregation_incremental_s")


def _scale(context: dict[str, Any], figures: Figures) -> list[str]:
    rows = list(context.get("scale", []))
    full, incremental = _aggregations(figures)
    if full is not None and incremental is not None:
        large = {"points_of_sale": context["args"]["pos"], "facts": context.get("facts")}
        rows.append({**large, "full_s": full, "incremental_s": incremental})
    lines = ["| points of sale | facts | full rebuild (s) | incremental (s) |", "|---|---|---|---|"]
    lines += [
        f"| {r['points_of_sale']} | {r['facts']:,} | {r['full_s']:.2f} | {r['incremental_s']:.2f} |"
        for r in rows
    ]
    if full is not None and incremental is not None:
        lines += ["", _extrapolation(context, figures, incremental)]
    return lines


def _extrapolation(context: dict[str, Any], figures: Figures, incremental: float) -> str:
    return (
        f"Extrapolated to {TENANTS} tenants of {context['args']['pos']} points of "
        f"sale, one after the other on this machine: incremental nightly chain "
        f"**{TENANTS * incremental / 60:.1f} min** (target ≤ 10 min), full rebuild "
        f"**{TENANTS * _fleet_full(figures) / 60:.1f} min** (target ≤ 60 min), each "
        f"from no rollups at all."
    )


# What the middleware stack costs each request: the floor view less the bare view (the same
# query and workers), measure by measure. Derived by `write`, like the fleet's figures.
STACK = [
    ("c1_p50_ms", "one client, median", "ms"),
    ("c1_p99_ms", "one client, 99th percentile", "ms"),
    ("p50_ms", "32 clients, median", "ms"),
    ("p99_ms", "32 clients, 99th percentile", "ms"),
]
DERIVED = ("fleet_", "middleware_")
STACK_INTRODUCTION = (
    "The floor view less the bare view: the same query in the same gunicorn workers, with the "
    "whole middleware stack (security headers, sessions, CSRF, sign-in, locale, tenant and "
    "membership, signed in) and with none. What every page pays before its view runs."
)


def _stack_cost(figures: Figures) -> list[str]:
    """The middleware stack's section: floor view, bare view, and their difference."""
    lines = [
        "| measure | bare view | floor view | middleware stack |",
        "|---|---|---|---|",
    ]
    for measure, label, unit in STACK:
        bare, floor = figures.value(f"bare_view_{measure}"), figures.value(f"floor_view_{measure}")
        if bare is None or floor is None:
            continue
        lines.append(
            f"| {label} | {bare:.2f} {unit} | {floor:.2f} {unit} | {floor - bare:.2f} {unit} |"
        )
    bare, floor = figures.value("bare_view_rps"), figures.value("floor_view_rps")
    if bare and floor:
        lines.append(
            f"| 32 clients, requests/s | {bare:,.0f} | {floor:,.0f} | "
            f"{floor / bare:.2f} × the bare rate |"
        )
    return lines if len(lines) > 2 else ["Not measured in this run."]


def _mixed_load(context: dict[str, Any], figures: Figures) -> list[str]:
    """The mixed load's section: who was signed in, what was written, each kind of page."""
    mixed = context.get("mixed_load")
    if not mixed:
        return ["Not measured in this run."]
    roles = mixed["roles"]
    lines = [
        f"{mixed['users']} people signed in ({roles['dealers']} dealers, {roles['animators']} "
        f"animators, {roles['head_office']} head office) for {mixed['seconds']} s, "
        f"{mixed['think_ms']} ms of think time on average; meanwhile {mixed['imports']} days "
        f"imported and {mixed['launches']} challenges launched. "
        f"{figures.value('load_mixed_requests') or 0:,.0f} requests, "
        f"{figures.value('load_mixed_errors') or 0:g} errors.",
        "",
        "| page | p50 (ms) | p99 (ms) |",
        "|---|---|---|",
    ]
    kinds = [("all pages", "load_mixed")] + [
        (kind, f"load_mixed_{kind}")
        for kind in (
            e["name"].removeprefix("load_mixed_").removesuffix("_p50_ms")
            for e in figures.entries
            if e["name"].startswith("load_mixed_") and e["name"].endswith("_p50_ms")
        )
        if kind != "p50_ms"  # the figure of all pages
    ]
    for label, prefix in kinds:
        p50, p99 = figures.value(f"{prefix}_p50_ms"), figures.value(f"{prefix}_p99_ms")
        if p50 is not None and p99 is not None:
            lines.append(f"| {label} | {p50:.1f} | {p99:.1f} |")
    return lines


def _add_derived(figures: Figures) -> None:
    """The fleet's nightly figures (100 tenants) and the middleware stack's cost."""
    full, incremental = _aggregations(figures)
    if full is not None and incremental is not None:
        figures.add("fleet_incremental_s", TENANTS * incremental, "s")
        figures.add("fleet_full_s", TENANTS * _fleet_full(figures), "s")
        # Most nights a new day moved the month in progress only; a month's first night (its
        # closed months changed) runs the step in full, as its first night ever does.
        new_day = figures.value("recommendations_new_day_s")
        if new_day is not None:
            fleet = TENANTS * (incremental + new_day)
            figures.add("fleet_nightly_with_recommendations_s", fleet, "s")
        full_night = figures.value("recommendations_nightly_s")
        if full_night is not None:
            fleet = TENANTS * (incremental + full_night)
            figures.add("fleet_month_start_with_recommendations_s", fleet, "s")
    chain = figures.value("nightly_chain_s")
    if chain is not None:
        figures.add("fleet_nightly_chain_s", TENANTS * chain, "s")
    for measure, _label, unit in STACK:
        bare, floor = figures.value(f"bare_view_{measure}"), figures.value(f"floor_view_{measure}")
        if bare is not None and floor is not None:
            figures.add(f"middleware_{measure}", floor - bare, unit)


def write(
    figures: Figures, context: dict[str, Any], root: Path, info: dict[str, Any] | None = None
) -> None:
    """Both files from a run's figures; `info` is the machine it ran on (this one by default)."""
    entries = figures.with_ratios()
    _add_derived(figures)
    info = info or machine()
    results = {"date": context["started"], "machine": info, "run": context, "figures": entries}
    (root / "bench" / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    sections = [
        _introduction(context, info, (root / "bench" / "method.md").read_text().strip()),
        ["## Figures", "", *_figures_table(entries), ""],
        ["## Targets", "", "| figure | target | ratio | |", "|---|---|---|---|"],
        [*_verdicts(figures), ""],
        [
            "## What the middleware stack costs",
            "",
            STACK_INTRODUCTION,
            "",
            *_stack_cost(figures),
            "",
        ],
        ["## Mixed load", "", *_mixed_load(context, figures), ""],
        ["## Scale", "", *_scale(context, figures), ""],
        [(root / "bench" / "findings.md").read_text().strip(), ""],
    ]
    (root / "BENCHMARKS.md").write_text("\n".join(line for lines in sections for line in lines))


def _introduction(context: dict[str, Any], info: dict[str, Any], method: str) -> list[str]:
    missing = (
        "\nThe monthly report (`kpis.reports.monthly`) was not there to measure.\n"
        if context.get("reports_missing")
        else ""
    )
    return [
        "# Benchmarks",
        "",
        f"Run of `make bench` on {context['started']} ({context['duration_s'] / 60:.0f} min).",
        "",
        "## The machine",
        "",
        f"{info['cores']} cores ({info['cpu']}), {info['memory_gib']} GiB, Python "
        f"{info['python']}, PostgreSQL {info['postgresql']}, Redis on 127.0.0.1, kernel "
        f"{info['kernel']}. The load generator, gunicorn and PostgreSQL share the two cores.",
        "",
        "## What was measured",
        "",
        _measured(context),
        "",
        *_phases(context),
        method,
        missing,
    ]


def _phases(context: dict[str, Any]) -> list[str]:
    """Where the run's minutes went, phase by phase."""
    phases = context.get("phases_s")
    if not phases:
        return []
    listed = ", ".join(f"{name} {seconds / 60:.1f}" for name, seconds in phases.items())
    return [f"Minutes per phase: {listed}.", ""]


def _measured(context: dict[str, Any]) -> str:
    args = context["args"]
    return (
        f"One tenant built by `seed_demo --only-car-maker --pos {args['pos']} "
        f"--regions 5 --zones-per-region 8 --days {args['days']} "
        f"--kpis {args['kpis']}`: {context.get('facts', 0):,} facts (dealers close "
        f"on Sundays; one KPI is a ratio and has none), {context.get('objectives', 0):,} "
        f"objectives, {context.get('rollups', 0):,} rollups; seeded in "
        f"{context.get('seed_s', 0):.0f} s.{_communities(context)} Each figure is the median "
        f"of {args['runs']} runs (the year import: {args['year_runs']})."
    )


def _communities(context: dict[str, Any]) -> str:
    """What the communities' pages read, when the run seeded them."""
    seeded = context.get("communities")
    if not seeded:
        return ""
    return (
        f" Its {seeded['communities']} automatic communities (the platform's sync) hold "
        f"{seeded['threads']:,} threads, {seeded['posts']:,} posts and {seeded['likes']:,} "
        f"likes; one thread has 200 replies by {seeded['long_thread_repliers']} people "
        f"(seeded in {context.get('communities_seed_s', 0):.0f} s)."
    )


def _figures_table(entries: list[dict[str, Any]]) -> list[str]:
    table = ["| figure | value | unit | floor | ratio |", "|---|---|---|---|---|"]
    return table + [
        f"| `{e['name']}` | {e['value']:,.4g} | {e['unit']} | {e['floor_name'] or ''} | "
        f"{'' if e['ratio'] is None else e['ratio']} |"
        for e in entries
    ]


def rewrite(root: Path) -> None:
    """BENCHMARKS.md again from bench/results.json (after editing findings.md or method.md),
    without running anything: `python -m bench.report`."""
    saved = json.loads((root / "bench" / "results.json").read_text())
    figures = Figures()
    for entry in saved["figures"]:
        if not entry["name"].startswith(DERIVED):  # derived again by `write`
            figures.add(entry["name"], entry["value"], entry["unit"], entry["floor_name"])
    write(figures, saved["run"], root, saved["machine"])  # the run's machine, not this one


if __name__ == "__main__":
    rewrite(Path(__file__).resolve().parent.parent)
