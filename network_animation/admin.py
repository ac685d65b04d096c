"""Django admin for platform staff.

Staff work on one tenant at a time, chosen in the admin's header: the middleware runs each admin
request inside that tenant's scope, so tenant-owned lists show its rows only and new rows belong
to it. Tenants and people are the platform's and are listed whole. People and tenants are never
deleted here (their rows span tenants): they are deactivated. Every change renews the data
versions of what it shows (data_versions.py), as the services do.
"""

from typing import Any, cast

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from .data_versions import ORGANISATION, data_changed, person_memberships_changed
from .models import (
    AccessDenial,
    AuditEvent,
    JobRun,
    Membership,
    PointOfSale,
    Region,
    Tenant,
    TenantOwnedModel,
    User,
    Zone,
)
from .request import AdminRequest
from .selectors import membership_list_across_tenants
from .tenancy import tenant_scope


def _admin_tenant(request: HttpRequest) -> Tenant:
    """The tenant staff work on, where tenant-owned rows are: the middleware chooses one
    whenever a tenant exists, and without a tenant there are no such rows."""
    return cast(Tenant, cast(AdminRequest, request).admin_tenant)


class TenantScopedAdmin(admin.ModelAdmin):
    """A tenant-owned model, in the tenant staff chose: its rows only, new rows its own."""

    data_kinds: tuple[str, ...] = ()

    def get_exclude(self, request: HttpRequest, obj: TenantOwnedModel | None = None) -> list[str]:
        return [*(super().get_exclude(request, obj) or []), "tenant"]

    def save_model(
        self, request: HttpRequest, obj: TenantOwnedModel, form: ModelForm, change: bool
    ) -> None:
        if not change:
            obj.tenant = _admin_tenant(request)
        super().save_model(request, obj, form, change)
        self.changed(_admin_tenant(request), [obj])

    def delete_model(self, request: HttpRequest, obj: TenantOwnedModel) -> None:
        super().delete_model(request, obj)
        self.changed(_admin_tenant(request), [obj])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[TenantOwnedModel]) -> None:
        rows = list(queryset)
        super().delete_queryset(request, queryset)
        self.changed(_admin_tenant(request), rows)

    def changed(self, tenant: Tenant, rows: list[Any]) -> None:  # rows of the admin's model
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

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        for membership in membership_list_across_tenants(user=obj):
            data_changed(tenant=membership.tenant_id, kinds=[ORGANISATION])

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return False


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active", "created_at"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request: HttpRequest, obj: Tenant, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        data_changed(tenant=obj, kinds=[ORGANISATION])
        with tenant_scope(obj):
            members = list(Membership.objects.filter(tenant=obj).values_list("user_id", flat=True))
        person_memberships_changed(user_ids=members)

    def has_delete_permission(self, request: HttpRequest, obj: Tenant | None = None) -> bool:
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

    def changed(self, tenant: Tenant, rows: list[Membership]) -> None:
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
    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_label", "action", "target"]
    list_filter = ["action"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        return super().get_queryset(request).filter(tenant=cast(AdminRequest, request).admin_tenant)


@admin.register(AccessDenial)
class AccessDenialAdmin(ReadOnlyAdmin):
    list_display = ["hour", "user", "count", "first_path", "last_path"]
