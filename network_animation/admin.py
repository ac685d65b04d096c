"""Django admin for platform staff; it spans tenants by nature (the middleware disables scopes)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import AuditEvent, JobRun, Membership, PointOfSale, Region, Tenant, User, Zone


@admin.register(User)
class PlatformUserAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        *(UserAdmin.fieldsets or []),
        ("Preferences", {"fields": ["language"]}),
    ]


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active", "created_at"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Region, Zone)
class OrganisationUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "tenant"]
    list_filter = ["tenant"]
    search_fields = ["code", "name"]


@admin.register(PointOfSale)
class PointOfSaleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "zone", "type", "size_class", "tenant"]
    list_filter = ["tenant", "type", "size_class"]
    search_fields = ["code", "name", "city"]
    raw_id_fields = ["zone"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "tenant", "is_active"]
    list_filter = ["tenant", "role"]
    raw_id_fields = ["user", "region", "point_of_sale"]


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["job", "tenant", "status", "started_at", "finished_at"]
    list_filter = ["tenant", "status", "job"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "tenant", "actor_label", "action", "target"]
    list_filter = ["action", "tenant"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
