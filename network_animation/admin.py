"""Django admin for platform staff.

Staff work on one tenant at a time, chosen in the admin's header: the middleware runs each admin
request inside that tenant's scope, so tenant-owned lists show its rows only and new rows belong
to it. Tenants and people are the platform's and are listed whole. People and tenants are never
deleted here (their rows span tenants): they are deactivated. Every change renews the data
versions of what it shows (data_versions.py), as the services do.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .data_versions import ORGANISATION, data_changed, person_memberships_changed
from .models import (
    AccessDenial,
    AuditEvent,
    JobRun,
    Membership,
    PointOfSale,
    Region,
    Tenant,
    User,
    Zone,
)
from .selectors import membership_list_across_tenants
from .tenancy import tenant_scope


class TenantScopedAdmin(admin.ModelAdmin):
    """A tenant-owned model, in the tenant staff chose: its rows only, new rows its own."""

    data_kinds: tuple[str, ...] = ()

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or []), "tenant"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.tenant = request.admin_tenant
        super().save_model(request, obj, form, change)
        self.changed(request.admin_tenant, [obj])

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        self.changed(request.admin_tenant, [obj])

    def delete_queryset(self, request, queryset) -> None:
        rows = list(queryset)
        super().delete_queryset(request, queryset)
        self.changed(request.admin_tenant, rows)

    def changed(self, tenant: Tenant, rows: list) -> None:
        data_changed(tenant=tenant, kinds=self.data_kinds)


@admin.register(User)
class PlatformUserAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        *(UserAdmin.fieldsets or []),
        ("Preferences", {"fields": ["language"]}),
    ]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        for membership in membership_list_across_tenants(user=obj):
            data_changed(tenant=membership.tenant_id, kinds=[ORGANISATION])

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active", "created_at"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        data_changed(tenant=obj, kinds=[ORGANISATION])
        with tenant_scope(obj):
            members = list(Membership.objects.filter(tenant=obj).values_list("user_id", flat=True))
        person_memberships_changed(user_ids=members)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Region, Zone)
class OrganisationUnitAdmin(TenantScopedAdmin):
    data_kinds = (ORGANISATION,)

    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(PointOfSale)
class PointOfSaleAdmin(TenantScopedAdmin):
    data_kinds = (ORGANISATION,)

    list_display = ["code", "name", "zone", "type", "size_class"]
    list_filter = ["type", "size_class"]
    search_fields = ["code", "name", "city"]
    raw_id_fields = ["zone"]


@admin.register(Membership)
class MembershipAdmin(TenantScopedAdmin):
    data_kinds = (ORGANISATION,)

    def changed(self, tenant: Tenant, rows: list) -> None:
        super().changed(tenant, rows)
        person_memberships_changed(user_ids=[membership.user_id for membership in rows])

    list_display = ["user", "role", "is_active"]
    list_filter = ["role"]
    raw_id_fields = ["user", "region", "point_of_sale"]


@admin.register(JobRun)
class JobRunAdmin(TenantScopedAdmin):
    list_display = ["job", "status", "started_at", "finished_at"]
    list_filter = ["status", "job"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_label", "action", "target"]
    list_filter = ["action"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(tenant=request.admin_tenant)


@admin.register(AccessDenial)
class AccessDenialAdmin(ReadOnlyAdmin):
    list_display = ["hour", "user", "count", "first_path", "last_path"]
