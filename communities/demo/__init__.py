"""Demo data of the communities (registered as a demo seeder in communities/apps.py)."""

from .seed import community_demo_seed

__all__ = ["community_demo_seed"]
