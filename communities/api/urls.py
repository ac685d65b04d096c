"""Communities API routes, mounted under /api/v1/ in the `api` namespace (see the root URLconf).

Ids are named after their object (`community_id`, `thread_id`): the isolation walk
(tests/walk.py) finds another tenant's ids for them by those names."""

from django.urls import path

from network_animation.api import converters  # noqa: F401  # registers the `api_id` path converter

from . import coaching, views
from .search import DocumentSearchApi, SearchApi

urlpatterns = [
    path("communities/", views.CommunityListApi.as_view(), name="community-list"),
    path(
        "communities/<api_id:community_id>/",
        views.CommunityDetailApi.as_view(),
        name="community-detail",
    ),
    path(
        "communities/<api_id:community_id>/threads/",
        views.CommunityThreadListApi.as_view(),
        name="community-thread-list",
    ),
    path("threads/<api_id:thread_id>/", views.ThreadDetailApi.as_view(), name="thread-detail"),
    path(
        "threads/<api_id:thread_id>/posts/",
        views.ThreadPostsApi.as_view(),
        name="thread-post-list",
    ),
    path("announcements/", views.AnnouncementListApi.as_view(), name="announcement-list"),
    path(
        "announcements/<api_id:announcement_id>/",
        views.AnnouncementDetailApi.as_view(),
        name="announcement-detail",
    ),
    path("documents/", views.DocumentListApi.as_view(), name="document-list"),
    path("search/", SearchApi.as_view(), name="search"),
    path("search/documents/", DocumentSearchApi.as_view(), name="document-search"),
    path(
        "documents/<api_id:document_id>/",
        views.DocumentDetailApi.as_view(),
        name="document-detail",
    ),
    path(
        "documents/<api_id:document_id>/file/",
        views.DocumentFileApi.as_view(),
        name="document-file",
    ),
    path("lesson-sheets/", coaching.LessonSheetListApi.as_view(), name="lesson-sheet-list"),
    path(
        "lesson-sheets/<api_id:sheet_id>/",
        coaching.LessonSheetDetailApi.as_view(),
        name="lesson-sheet-detail",
    ),
    path(
        "coaching/difficulties/",
        coaching.CoachDifficultyListApi.as_view(),
        name="coaching-difficulty-list",
    ),
]
