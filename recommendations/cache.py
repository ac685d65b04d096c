"""Recommendations' data version (network_animation/data_versions.py): renewed by the nightly
step when it rewrites the peer groups, the KPI gaps or the hold-out draw, so the peers and
priorities panels are rendered again from the new figures."""

from network_animation.data_versions import register_data_kind

DIAGNOSTICS = register_data_kind("recommendation-diagnostics")
