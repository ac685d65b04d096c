"""Pages of one tenant, mounted under /<tenant_slug>/."""

from django.urls import path

from .views import files, home, jobs, management, notifications, organisation

urlpatterns = [
    path("", home.tenant_home, name="tenant_home"),
    path("network/", organisation.network, name="network"),
    path("regions/<int:region_id>/", organisation.region, name="region"),
    path("zones/", organisation.my_zones, name="my_zones"),
    path("zones/<int:zone_id>/", organisation.zone, name="zone"),
    path(
        "points-of-sale/<int:point_of_sale_id>/", organisation.point_of_sale, name="point_of_sale"
    ),
    path("organisation/", management.organisation, name="organisation"),
    path("organisation/regions/new/", management.region_edit, name="region_create"),
    path("organisation/regions/<int:region_id>/edit/", management.region_edit, name="region_edit"),
    path("organisation/zones/new/", management.zone_edit, name="zone_create"),
    path("organisation/zones/<int:zone_id>/edit/", management.zone_edit, name="zone_edit"),
    path(
        "organisation/points-of-sale/", management.point_of_sale_list, name="manage_points_of_sale"
    ),
    path(
        "organisation/points-of-sale/new/",
        management.point_of_sale_edit,
        name="point_of_sale_create",
    ),
    path(
        "organisation/points-of-sale/<int:point_of_sale_id>/edit/",
        management.point_of_sale_edit,
        name="point_of_sale_edit",
    ),
    path("organisation/people/", management.people, name="manage_people"),
    path("organisation/people/new/", management.person_invite, name="person_create"),
    path(
        "organisation/invitations/<int:invitation_id>/",
        management.invitation_manage,
        name="invitation_manage",
    ),
    path(
        "organisation/people/<int:membership_id>/edit/", management.person_edit, name="person_edit"
    ),
    path("organisation/import/", management.organisation_import, name="organisation_import"),
    path("organisation/api-tokens/", management.service_tokens, name="service_tokens"),
    path(
        "organisation/api-tokens/<int:token_id>/revoke/",
        management.service_token_revoke_view,
        name="service_token_revoke",
    ),
    path("notifications/", notifications.inbox, name="notifications"),
    path(
        "notifications/<int:notification_id>/",
        notifications.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/<int:notification_id>/read/",
        notifications.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/read-all/",
        notifications.notifications_read_all,
        name="notifications_read_all",
    ),
    path(
        "notifications/preferences/",
        notifications.notification_preferences,
        name="notification_preferences",
    ),
    path("jobs/", jobs.job_runs, name="job_runs"),
    path("jobs/<int:job_run_id>/", jobs.job_run, name="job_run"),
    path("files/<int:file_id>/download/", files.file_download, name="file_download"),
]
