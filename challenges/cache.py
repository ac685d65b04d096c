"""The challenges' kind of data version (network_animation/data_versions.py).

A panel on a dealer's, a zone's or the network's page shows challenges, standings, rewards,
notifications and labels; its key holds this version, which every service of the app that writes
any of them renews (once per call, bulk writes included). A renamed point of sale, person or KPI
changes the organisation's or the KPI definitions' version, which the panels' keys also hold;
the keys carry the day too.
"""

from network_animation.data_versions import register_data_kind

CHALLENGES = register_data_kind("challenges")
