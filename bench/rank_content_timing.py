"""Time `recommendations.engine.rank_content` on the issue's large tenant (1,000 points of sale,
20 KPIs, 24 months, 500 items; `recommendations.simulator`), with a breakdown of its parts.

    .venv/bin/python -m bench.rank_content_timing [--runs 3]

Pure code: no database. It times whichever `recommendations` package Python imports first, so
the engine of another commit is timed from that commit's tree:

    git archive <commit> recommendations | tar -x -C /tmp/before
    cd /tmp/before && PYTHONPATH=/tmp/before:<repo> <repo>/.venv/bin/python \
        -c "import runpy; runpy.run_module('bench.rank_content_timing', run_name='__main__')"

Best of `--runs` (the machine's other work only ever adds time), each part timed on its own.
"""

import argparse
import os
import time
from collections.abc import Callable
from typing import Any

import django


def _best(call: Callable[[], Any], runs: int) -> float:
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--points-of-sale", type=int, default=1000)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network_animation.settings.test")
    django.setup()
    import pandas as pd
    from django.utils import translation

    from recommendations import engine
    from recommendations.engine import history, uplift
    from recommendations.simulator import NetworkShape, simulate_network

    shape = NetworkShape(
        points_of_sale=options.points_of_sale, kpis=20, months=24, items=500, zones=40
    )
    network = simulate_network(shape)
    inputs = {
        "profiles": network.profiles,
        "kpi_months": network.kpi_months,
        "exposures": network.exposures,
        "items": network.items,
    }
    panel = history.build_panel(network.profiles, network.kpi_months)
    catalogue = pd.Index(network.items["item"])
    events = uplift.first_exposures(panel, network.exposures, catalogue)
    with translation.override("en"):
        total = _best(lambda: engine.rank_content(**inputs, k=5), options.runs)
    estimate = _best(lambda: uplift.estimate_uplift(panel, events, len(catalogue)), options.runs)
    print(f"engine: {engine.__file__}")
    print(f"shape: {shape.points_of_sale} points of sale, 20 KPIs, 24 months, 500 items")
    print(f"exposures: {len(network.exposures)}, load average: {os.getloadavg()[0]:.2f}")
    print(f"rank_content: {total:.2f} s (best of {options.runs})")
    print(f"  of which estimate_uplift: {estimate:.2f} s")


if __name__ == "__main__":
    main()
