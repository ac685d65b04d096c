from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkAnimationConfig(AppConfig):
    name = "network_animation"
    verbose_name = _("Network")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import (
            audit_signals,  # noqa: F401  # connects the sign-in audit receivers
            organisation_panels,
            organisation_version,  # noqa: F401  # connects the organisation's version receivers
            switcher_signals,  # noqa: F401  # forgets the switcher's cached answer
        )
        from .health import organisation_health_step
        from .jobs import register_nightly_step
        from .rls import install_row_level_security

        organisation_panels.register()
        post_migrate.connect(install_row_level_security, dispatch_uid="na_rls")
        register_nightly_step("organisation_health", organisation_health_step, order=0)
