"""Recommendations' data versions (network_animation/data_versions.py). The diagnostics' is
renewed by the nightly step when it rewrites the peer groups, the KPI gaps or the hold-out draw,
so the peers and priorities panels are rendered again from the new figures. The actions' is
renewed whenever a suggested action is written (the night's, or an animator taking one up,
dismissing it or doing it, or its action found done), so the actions panel is rendered again."""

from network_animation.data_versions import register_data_kind

DIAGNOSTICS = register_data_kind("recommendation-diagnostics")
ACTIONS = register_data_kind("recommendation-actions")
