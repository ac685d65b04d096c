"""The admin site of platform staff, who work on one tenant at a time (admin.py says how)."""

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .models import Tenant
from .selectors import ADMIN_TENANT_KEY


class PlatformAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Network animation platform")
    site_title = gettext_lazy("Platform administration")

    def get_urls(self) -> list[URLResolver | URLPattern]:
        switch = path("brand/", self.admin_view(require_POST(self.brand_switch)), name="brand")
        return [switch, *super().get_urls()]

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        context = super().each_context(request)
        if request.user.is_authenticated and request.user.is_staff:
            context["brands"] = list(Tenant.objects.order_by("name"))
            context["current_brand"] = getattr(request, "admin_tenant", None)
        return context

    def brand_switch(self, request: HttpRequest) -> HttpResponse:
        tenant = Tenant.objects.filter(pk=request.POST.get("tenant") or 0).first()
        if tenant is not None:
            request.session[ADMIN_TENANT_KEY] = tenant.pk
            messages.info(request, _("You now work on %(brand)s.") % {"brand": tenant.name})
        return HttpResponseRedirect(reverse("admin:index"))
