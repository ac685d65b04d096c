"""The visits' kind of data version (network_animation/data_versions.py): renewed by every
service of challenges/visits that writes a visit, and held by the zone panel's key (its last
visit dates)."""

from network_animation.data_versions import register_data_kind

VISITS = register_data_kind("visits")
