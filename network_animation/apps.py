from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class NetworkAnimationConfig(AppConfig):
    name = "network_animation"
    verbose_name = _("Network")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save, pre_save

        from . import (
            audit_signals,  # noqa: F401  # connects the sign-in audit receivers
            organisation_panels,
        )
        from .data_versions import ORGANISATION, on_data_changed, register_companion_keys
        from .health import organisation_health_step
        from .job_kinds import register_job_kinds
        from .job_names import COUNTERS, JOB_NAMES
        from .jobs import register_nightly_step
        from .rls import install_row_level_security
        from .selectors import layout_request_keys
        from .services.notification_emails import notification_digests_step
        from .tenant_cache import (
            membership_saved,
            tenant_before_save,
            tenant_id_forget,
            tenant_saved,
        )
        from .user_cache import user_saved

        organisation_panels.register()
        register_job_kinds(JOB_NAMES, COUNTERS)
        post_migrate.connect(install_row_level_security, dispatch_uid="na_rls")
        # The signed-in person's cached row (user_cache.py) is forgotten when they change.
        post_save.connect(user_saved, sender="network_animation.User", dispatch_uid="na_user")
        post_delete.connect(user_saved, sender="network_animation.User", dispatch_uid="na_user")
        # Every tenant page's cached tenant and membership (tenant_cache.py), forgotten when
        # the tenant, its organisation or one of its memberships changes.
        pre_save.connect(tenant_before_save, sender="network_animation.Tenant", dispatch_uid="na_t")
        post_save.connect(tenant_saved, sender="network_animation.Tenant", dispatch_uid="na_t")
        post_delete.connect(tenant_saved, sender="network_animation.Tenant", dispatch_uid="na_t")
        for signal in (post_save, post_delete):
            signal.connect(
                membership_saved, sender="network_animation.Membership", dispatch_uid="na_m"
            )
        on_data_changed(ORGANISATION, tenant_id_forget)
        # Every page's switcher and bell, read with the tenant's versions (data_versions.py).
        register_companion_keys(layout_request_keys)
        register_nightly_step("organisation_health", organisation_health_step, order=0)
        # After the steps that notify (challenges, labels), before the scheduled reports.
        register_nightly_step("notification_digests", notification_digests_step, order=85)


class PlatformAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with a site that works on one tenant at a time (admin.py)."""

    default = False  # named in INSTALLED_APPS; the app's own config is the one above
    default_site = "network_animation.admin_site.PlatformAdminSite"
