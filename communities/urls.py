"""Pages of the communities, mounted under /<tenant_slug>/communities/."""

from django.urls import path

from . import views
from .views.attachments import post_attachment

urlpatterns = [
    path("", views.community_list, name="list"),
    path("new/", views.community_new, name="new"),
    path("announcements/", views.announcement_list, name="announcements"),
    path("announcements/new/", views.announcement_new, name="announcement_new"),
    path("announcements/audience/", views.announcement_audience, name="announcement_audience"),
    path("announcements/<int:announcement_id>/", views.announcement, name="announcement"),
    path(
        "announcements/<int:announcement_id>/acknowledge/",
        views.announcement_acknowledge,
        name="announcement_acknowledge",
    ),
    path("feedback/", views.feedback_list, name="feedback_list"),
    path("feedback/new/", views.feedback_new, name="feedback_new"),
    path("feedback/<int:feedback_id>/", views.feedback, name="feedback"),
    path("feedback/<int:feedback_id>/answer/", views.feedback_answer, name="feedback_answer"),
    path("library/", views.library, name="library"),
    path("library/folders/new/", views.folder_new, name="library_folder_new"),
    path("library/folders/<int:folder_id>/", views.library, name="library_folder"),
    path("library/new/", views.document_new, name="document_new"),
    path("library/<int:document_id>/", views.document, name="document"),
    path(
        "library/<int:document_id>/versions/new/",
        views.document_version_new,
        name="document_version_new",
    ),
    path(
        "library/<int:document_id>/versions/<int:version_id>/",
        views.document_download,
        name="document_download",
    ),
    path("best-practices/", views.best_practices, name="best_practices"),
    path("search/", views.search, name="search"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("moderation/<int:flag_id>/dismiss/", views.flag_dismiss, name="flag_dismiss"),
    path("<int:community_id>/", views.community, name="community"),
    path("<int:community_id>/new/", views.thread_new, name="thread_new"),
    path("<int:community_id>/join/", views.community_join, name="join"),
    path("<int:community_id>/leave/", views.community_leave, name="leave"),
    path("<int:community_id>/follow/", views.community_follow, name="follow"),
    path("threads/<int:thread_id>/", views.thread, name="thread"),
    path("threads/<int:thread_id>/reply/", views.thread_reply, name="reply"),
    path("threads/<int:thread_id>/follow/", views.thread_follow, name="thread_follow"),
    path("threads/<int:thread_id>/lock/", views.thread_lock, name="lock"),
    path("threads/<int:thread_id>/pin/", views.thread_pin, name="pin"),
    path("threads/<int:thread_id>/draft/", views.draft_publish, name="draft"),
    path("threads/<int:thread_id>/accept/<int:post_id>/", views.answer_accept, name="accept"),
    path("posts/<int:post_id>/like/", views.post_like, name="like"),
    path("posts/<int:post_id>/edit/", views.post_edit, name="edit"),
    path("posts/<int:post_id>/flag/", views.post_flag, name="flag"),
    path("posts/<int:post_id>/hide/", views.post_hide, name="hide"),
    path("posts/<int:post_id>/show/", views.post_show, name="show"),
    path("posts/<int:post_id>/history/", views.post_history, name="history"),
    path("posts/<int:post_id>/best-practice/", views.best_practice_mark, name="best_practice"),
    path(
        "posts/<int:post_id>/attachments/<int:attachment_id>/",
        post_attachment,
        name="attachment",
    ),
]
