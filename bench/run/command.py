"""The run: the arguments, the scale tenants, the large tenant, then the report."""

import argparse
import datetime as dt
import time
from typing import Any

from .. import report, web
from .environment import DATA, ROOT, log
from .large_tenant import large_tenant_run
from .scale import scale_run


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--pos", type=int, default=1000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--kpis", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--year-runs", type=int, default=3)
    parser.add_argument(
        "--load-seconds", type=int, default=15, help="Each page's runs with 32 clients."
    )
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument(
        "--c1-seconds", type=int, default=5, help="Each page's runs with a single client."
    )
    parser.add_argument(
        "--step-save-learners",
        type=int,
        default=32,
        help="Learners posting their next step at once, each signed in on their own connection.",
    )
    parser.add_argument(
        "--step-save-seconds", type=int, default=10, help="The step saves' duration."
    )
    parser.add_argument(
        "--load-mixed-seconds", type=int, default=300, help="The mixed load's duration."
    )
    parser.add_argument(
        "--load-mixed-users", type=int, default=50, help="Signed-in people of the mixed load."
    )
    parser.add_argument(
        "--load-mixed-think-ms",
        type=int,
        default=2000,
        help="Each person's mean wait between two pages in the mixed load.",
    )
    parser.add_argument("--scale", default="100,300", help="Smaller tenants for the scale figures.")
    parser.add_argument("--keep", action="store_true", help="Keep the databases and data files.")
    return parser.parse_args(argv)


def main(argv: list[str]) -> None:
    args = arguments(argv)
    started = time.perf_counter()
    DATA.mkdir(parents=True, exist_ok=True)
    figures = report.Figures()
    context: dict[str, Any] = {
        "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "args": vars(args),
    }
    wrk = web.ensure_wrk()
    today = dt.date.today()  # noqa: DTZ011  # the seeding and the import use the local date
    scale = []
    for size in [int(n) for n in args.scale.split(",") if n]:
        log(f"scale tenant of {size} points of sale")
        began = time.perf_counter()
        scale.append(scale_run(size, args.days, args.kpis, args.runs, today))
        context.setdefault("phases_s", {})[f"scale tenant of {size}"] = round(
            time.perf_counter() - began, 1
        )
    large_tenant_run(args, today, figures, context, wrk)
    context["scale"] = scale
    context["duration_s"] = time.perf_counter() - started
    report.write(figures, context, ROOT)
    log(f"done in {context['duration_s'] / 60:.1f} min")
