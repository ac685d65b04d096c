"""The KPIs' kinds of data versions (network_animation/data_versions.py).

- The rollups': every aggregation that commits renews it, so fragments rendered from older
  figures are never read again (they expire).
- The KPI definitions': every service that saves or deletes a definition renews it, so a renamed
  KPI shows at once, without waiting for an aggregation.
"""

from network_animation.data_versions import register_data_kind

ROLLUPS = register_data_kind("rollups")
KPI_DEFINITIONS = register_data_kind("kpi-definitions")
