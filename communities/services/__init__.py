"""Writes of the communities (threads, posts, moderation, best practices, memberships,
announcements)."""

from .announcements import (
    announcement_read,
    announcement_recipients,
    announcement_reminders_step,
    announcement_send,
)
from .best_practices import (
    best_practice_invitations_step,
    best_practice_invite,
    best_practice_publish,
    post_best_practice_set,
)
from .coaching import (
    coach_assign,
    coach_unassign,
    difficulty_close,
    difficulty_report,
    follow_up_log,
)
from .communities import community_create, community_join, community_leave
from .feedback import feedback_send, feedback_update
from .lesson_sheets import (
    sheet_approve,
    sheet_edit,
    sheet_send_back,
    sheet_start,
    sheet_submit,
)
from .library import document_create, document_version_add, folder_create
from .memberships import community_memberships_step, community_memberships_sync
from .moderation import (
    flag_dismiss,
    post_flag,
    post_hide,
    post_show,
    thread_lock_toggle,
    thread_pin_toggle,
)
from .reads import first_read_record
from .reminders import answer_reminders_step
from .threads import (
    answer_accept,
    community_follow_toggle,
    post_edit,
    post_like_toggle,
    post_reply,
    thread_follow_toggle,
    thread_mark_read,
    thread_start,
)

__all__ = [
    "first_read_record",
    "coach_assign",
    "coach_unassign",
    "difficulty_close",
    "difficulty_report",
    "follow_up_log",
    "sheet_approve",
    "sheet_edit",
    "sheet_send_back",
    "sheet_start",
    "sheet_submit",
    "announcement_read",
    "announcement_recipients",
    "announcement_reminders_step",
    "announcement_send",
    "answer_accept",
    "answer_reminders_step",
    "best_practice_invitations_step",
    "best_practice_invite",
    "best_practice_publish",
    "community_create",
    "community_follow_toggle",
    "community_join",
    "community_leave",
    "community_memberships_step",
    "community_memberships_sync",
    "document_create",
    "document_version_add",
    "feedback_send",
    "feedback_update",
    "flag_dismiss",
    "folder_create",
    "post_best_practice_set",
    "post_edit",
    "post_flag",
    "post_hide",
    "post_like_toggle",
    "post_reply",
    "post_show",
    "thread_follow_toggle",
    "thread_lock_toggle",
    "thread_mark_read",
    "thread_pin_toggle",
    "thread_start",
]
