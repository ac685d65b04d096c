import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from ...evaluation import (
    Evaluated,
    figures_over_seeds,
    figures_section,
    rank_content_seconds,
    with_figures,
)
from ...evaluation_runs import offline_evaluation_record
from ...simulator import NetworkShape

# The bench: the large tenant.
LARGE = NetworkShape(points_of_sale=1000, kpis=20, months=24, items=500, zones=40)


class Command(BaseCommand):
    help = (
        "Evaluate the recommendation engine offline on simulated networks against the baselines "
        "(popularity, zone, KPI-gap heuristic, random), time it on a large tenant, rewrite "
        "the figures section of docs/recommendations.md, and keep the figures for head "
        "office's measurement page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4], help="Networks to average."
        )
        default = NetworkShape()
        parser.add_argument("--points-of-sale", type=int, default=default.points_of_sale)
        parser.add_argument("--kpis", type=int, default=default.kpis)
        parser.add_argument("--items", type=int, default=default.items)
        parser.add_argument(
            "--large",
            action="store_true",
            help="Also evaluate on a large tenant (first seed only; minutes).",
        )
        parser.add_argument("--no-speed", action="store_true", help="Skip the large-tenant run.")
        parser.add_argument(
            "--document",
            type=Path,
            default=Path(settings.BASE_DIR) / "docs" / "recommendations.md",
            help="The Markdown file whose figures section is rewritten.",
        )

    def handle(
        self,
        *args: Any,
        seeds: list[int],
        points_of_sale: int,
        kpis: int,
        items: int,
        large: bool = False,
        no_speed: bool = False,
        document: Path,
        **options: Any,
    ) -> None:
        shape = NetworkShape(points_of_sale=points_of_sale, kpis=kpis, items=items)
        evaluated = [Evaluated(figures_over_seeds(shape, seeds), shape, seeds)]
        if large:
            evaluated.append(Evaluated(figures_over_seeds(LARGE, seeds[:1]), LARGE, seeds[:1]))
        for block in evaluated:
            self.stdout.write(block.table.round(3).to_string())
        # The networks asked for (not the large tenant's): what head office reads.
        offline_evaluation_record(evaluated=evaluated[0])
        speed = "The large tenant's run was skipped (`--no-speed`)."
        if not no_speed:
            seconds = rank_content_seconds(LARGE)
            speed = (
                f"Speed: `rank_content` on a simulated large tenant ({LARGE.points_of_sale} "
                f"points of sale, {LARGE.kpis} KPIs, {LARGE.months} months, {LARGE.items} items) "
                f"takes {seconds:.2f} s (best of three runs, load average "
                f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores), so "
                f"{seconds * 100 / 60:.1f} minutes for 100 such tenants."
            )
            self.stdout.write(speed)
        text = document.read_text(encoding="utf-8") if document.exists() else ""
        section = figures_section(evaluated, speed=speed)
        document.write_text(with_figures(text, section), encoding="utf-8")
        self.stdout.write(f"Figures written to {document}.")
