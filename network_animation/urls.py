from django.contrib import admin
from django.urls import include, path

from challenges.api import urls as challenges_api_urls
from communities.api import urls as communities_api_urls
from kpis.api import urls as kpis_api_urls
from microlearning.api import urls as learning_api_urls
from recommendations.api import urls as recommendations_api_urls

from .api import urls as core_api_urls
from .views import auth, home, invitations, notifications

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/invitations/<str:token>/", invitations.invitation, name="invitation"),
    path("accounts/profile/", home.profile, name="profile"),
    path("accounts/unsubscribe/<str:token>/", notifications.unsubscribe, name="unsubscribe"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/language/", home.language_switch, name="language_switch"),
    path("admin/", admin.site.urls),
    path(
        "api/v1/",
        include(
            (
                core_api_urls.urlpatterns
                + kpis_api_urls.urlpatterns
                + challenges_api_urls.urlpatterns
                + communities_api_urls.urlpatterns
                + learning_api_urls.urlpatterns
                + recommendations_api_urls.urlpatterns,
                "api",
            ),
            namespace="api",
        ),
    ),
    path("<slug:tenant_slug>/kpis/", include("kpis.urls")),
    path("<slug:tenant_slug>/kpis/", include(("kpis.dashboards.urls", "kpis"))),
    path("<slug:tenant_slug>/challenges/", include(("challenges.urls", "challenges"))),
    path("<slug:tenant_slug>/communities/", include(("communities.urls", "communities"))),
    path("<slug:tenant_slug>/learning/", include(("microlearning.urls", "microlearning"))),
    path(
        "<slug:tenant_slug>/recommendations/",
        include(("recommendations.urls", "recommendations")),
    ),
    path("<slug:tenant_slug>/", include("network_animation.urls_tenant")),
]

handler403 = "network_animation.views.errors.permission_denied"
