"""The unit projects' kind of data version (network_animation/data_versions.py): renewed by
every service of challenges/units that writes a project, an action or a coaching day, and held
by the keys of the point of sale's and the zone's panels."""

from network_animation.data_versions import register_data_kind

UNITS = register_data_kind("unit_projects")
