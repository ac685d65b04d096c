"""The shape of the code: dependencies between apps point one way (DESIGN section 1)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = {
    "network_animation",
    "kpis",
    "communities",
    "microlearning",
    "challenges",
    "recommendations",
}
ALLOWED = {
    "network_animation": set(),
    "kpis": {"network_animation"},
    # Best practices are linked to KPIs and shown to points of sale off target on them; learning
    # writes its completions as computed KPI facts (docs/decisions.md).
    "communities": {"network_animation", "kpis"},
    "microlearning": {"network_animation", "kpis"},
    "challenges": {"network_animation", "kpis", "communities", "microlearning"},
    "recommendations": APPS - {"recommendations"},
}
# The project's wiring (root URLconf, settings) names every app by nature.
WIRING = {ROOT / "network_animation" / "urls.py"}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & APPS


def test_apps_depend_only_on_the_layers_below_them():
    wrong = []
    for app, allowed in ALLOWED.items():
        for path in (ROOT / app).rglob("*.py"):
            if path in WIRING or "settings" in path.parts:
                continue
            extra = imported_apps(path) - allowed - {app}
            if extra:
                wrong.append(f"{path.relative_to(ROOT)} imports {sorted(extra)}")
    assert wrong == []


def test_every_app_is_a_package_with_an_app_config():
    for app in APPS:
        assert (ROOT / app / "__init__.py").exists()
        assert (ROOT / app / "apps.py").exists()
