"""BENCHMARKS.md says where a run's minutes went, phase by phase (bench/report.py)."""

import json
import shutil
from pathlib import Path

from bench import report

ROOT = Path(__file__).resolve().parents[2]


def test_the_report_lists_the_minutes_of_each_phase(tmp_path):
    (tmp_path / "bench").mkdir()
    for name in ("findings.md", "method.md"):
        if (ROOT / "bench" / name).exists():
            shutil.copy(ROOT / "bench" / name, tmp_path / "bench" / name)
    saved = json.loads((ROOT / "bench" / "results.json").read_text())
    saved["run"]["phases_s"] = {"seed": 531.2, "pages": 1140.0, "scale tenant of 100": 120.0}
    (tmp_path / "bench" / "results.json").write_text(json.dumps(saved))

    report.rewrite(tmp_path)

    written = (tmp_path / "BENCHMARKS.md").read_text()
    assert "Minutes per phase: seed 8.9, pages 19.0, scale tenant of 100 2.0." in written
