from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MicrolearningConfig(AppConfig):
    name = "microlearning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        from network_animation.demo import register_demo_seeder

        from .demo import learning_demo_seed

        # After the KPIs' seeder (kpis comes first in INSTALLED_APPS): modules link to KPIs.
        register_demo_seeder("learning", learning_demo_seed)
