"""Where the bench runs: the tree, its data folder, the Python and PostgreSQL it uses."""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "bench" / "data"
PYTHON = Path(sys.executable)
PG = "postgres://postgres@127.0.0.1:5432"
PASSWORD = "demo"  # noqa: S105  # the demo accounts' published password
TENANT = "autonova"
DOMAIN = "autonova.example"  # the demo accounts' (seed_demo)
# The bare view's path (bench/bare.py): Django without middleware, in the same workers.
BARE_PREFIX = "/bench-bare/"
# The large tenant's database; the scale tenants' are named after it. Another name lets a run
# go while another one uses the default (BENCH_DATABASE=na_bench_smoke).
DATABASE = os.environ.get("BENCH_DATABASE", "na_bench")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)  # noqa: T201


def median(values: list[float]) -> float:
    return statistics.median(values)
