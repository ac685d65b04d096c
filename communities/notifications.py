"""What the communities tell people, through the platform's notifications (network_animation).

Each line names things people typed (a thread's title, a person's name): the params keep them
as text, and pages escape them; emails are plain text.
"""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy

from network_animation.models import Frequency, Notification
from network_animation.notifications import NotificationKind, register_notification_kind

THREAD_NEW = "community.thread_new"
REPLY = "community.reply"
MENTION = "community.mention"
LIKE = "community.like"
ANSWER_ACCEPTED = "community.answer_accepted"
ANSWER_REMINDER = "community.answer_reminder"
FLAG = "community.flag"
POST_HIDDEN = "community.post_hidden"
BEST_PRACTICE_INVITATION = "community.best_practice_invitation"
ANNOUNCEMENT = "community.announcement"
ANNOUNCEMENT_REMINDER = "community.announcement_reminder"
FEEDBACK_NEW = "community.feedback_new"
FEEDBACK_UPDATED = "community.feedback_updated"
DIFFICULTY_NEW = "community.difficulty_new"
DIFFICULTY_FOLLOWED = "community.difficulty_followed"
LESSON_SHEET_TO_REVIEW = "community.lesson_sheet_to_review"
LESSON_SHEET_REVIEWED = "community.lesson_sheet_reviewed"


# The texts, marked for translation where they are written.
TEXTS = {
    THREAD_NEW: gettext_lazy("%(actor)s started “%(thread)s” in %(community)s."),
    REPLY: gettext_lazy("%(actor)s replied in “%(thread)s”."),
    MENTION: gettext_lazy("%(actor)s mentioned you in “%(thread)s”."),
    LIKE: gettext_lazy("%(actor)s liked your post in “%(thread)s”."),
    ANSWER_ACCEPTED: gettext_lazy("Your answer to “%(thread)s” was accepted."),
    ANSWER_REMINDER: gettext_lazy(
        "Your question “%(thread)s” has answers: accept the one that helped you."
    ),
    FLAG: gettext_lazy("A post of “%(thread)s” was reported: %(reason)s"),
    POST_HIDDEN: gettext_lazy("Your post in “%(thread)s” was hidden: %(reason)s"),
    BEST_PRACTICE_INVITATION: gettext_lazy(
        "Well done on %(what)s! Tell the network how you did it: a draft is waiting for you."
    ),
    ANNOUNCEMENT: gettext_lazy("%(actor)s sent you an announcement: “%(title)s”."),
    ANNOUNCEMENT_REMINDER: gettext_lazy("A reminder: “%(title)s” is still waiting for you."),
    FEEDBACK_NEW: gettext_lazy("%(actor)s sends you %(what)s: “%(title)s”."),
    FEEDBACK_UPDATED: gettext_lazy("“%(title)s” is now: %(status)s."),
    DIFFICULTY_NEW: gettext_lazy("%(actor)s met a difficulty: “%(title)s”."),
    DIFFICULTY_FOLLOWED: gettext_lazy("Your coach followed up “%(title)s”: %(what)s."),
    LESSON_SHEET_TO_REVIEW: gettext_lazy("A lesson sheet waits for a reviewer: “%(title)s”."),
    LESSON_SHEET_REVIEWED: gettext_lazy("Your lesson sheet “%(title)s”: %(what)s."),
}
LABELS = {
    THREAD_NEW: gettext_lazy("A new thread in a community you follow"),
    REPLY: gettext_lazy("A reply in a thread you follow"),
    MENTION: gettext_lazy("Someone mentions you"),
    LIKE: gettext_lazy("Someone likes your post"),
    ANSWER_ACCEPTED: gettext_lazy("Your answer is accepted"),
    ANSWER_REMINDER: gettext_lazy("A reminder to accept an answer"),
    FLAG: gettext_lazy("A post is reported in a community you moderate"),
    POST_HIDDEN: gettext_lazy("One of your posts is hidden"),
    BEST_PRACTICE_INVITATION: gettext_lazy("An invitation to share a best practice"),
    ANNOUNCEMENT: gettext_lazy("An announcement for you"),
    ANNOUNCEMENT_REMINDER: gettext_lazy("A reminder of an announcement you have not read"),
    FEEDBACK_NEW: gettext_lazy("An idea or a problem sent to you"),
    FEEDBACK_UPDATED: gettext_lazy("An answer to an idea or a problem you sent"),
    DIFFICULTY_NEW: gettext_lazy("A difficulty reported by someone you coach"),
    DIFFICULTY_FOLLOWED: gettext_lazy("Your coach follows up a difficulty you reported"),
    LESSON_SHEET_TO_REVIEW: gettext_lazy("A lesson sheet to review"),
    LESSON_SHEET_REVIEWED: gettext_lazy("Your lesson sheet is published or sent back"),
}
# Chatty kinds wait for the daily digest; what concerns the person directly goes at once.
EMAIL_DEFAULTS = {
    THREAD_NEW: Frequency.DAILY,
    REPLY: Frequency.DAILY,
    MENTION: Frequency.IMMEDIATE,
    LIKE: Frequency.WEEKLY,
    ANSWER_ACCEPTED: Frequency.IMMEDIATE,
    ANSWER_REMINDER: Frequency.IMMEDIATE,
    FLAG: Frequency.DAILY,
    POST_HIDDEN: Frequency.IMMEDIATE,
    BEST_PRACTICE_INVITATION: Frequency.IMMEDIATE,
    ANNOUNCEMENT: Frequency.IMMEDIATE,
    ANNOUNCEMENT_REMINDER: Frequency.IMMEDIATE,
    FEEDBACK_NEW: Frequency.DAILY,
    FEEDBACK_UPDATED: Frequency.IMMEDIATE,
    DIFFICULTY_NEW: Frequency.DAILY,
    DIFFICULTY_FOLLOWED: Frequency.IMMEDIATE,
    LESSON_SHEET_TO_REVIEW: Frequency.DAILY,
    LESSON_SHEET_REVIEWED: Frequency.IMMEDIATE,
}


# Feedback's kind and status are kept as codes, and named in the reader's language.
FEEDBACK_WHAT = {"idea": gettext_lazy("an idea"), "problem": gettext_lazy("a problem")}
# What a coach did, what a reviewer decided: codes, named in the reader's language.
COACHING_WHAT = {
    "call": gettext_lazy("called"),
    "meeting": gettext_lazy("met"),
    "advice": gettext_lazy("advice given"),
    "closed": gettext_lazy("closed"),
    "published": gettext_lazy("published"),
    "sent_back": gettext_lazy("sent back"),
}


def _named(params: dict[str, Any]) -> dict[str, Any]:
    from .models import Feedback

    shown = dict(params)
    if "feedback_kind" in shown:
        shown["what"] = FEEDBACK_WHAT.get(shown["feedback_kind"], "")
    if "coaching_what" in shown:
        shown["what"] = COACHING_WHAT.get(shown["coaching_what"], "")
    if "feedback_status" in shown:
        statuses = dict(Feedback.Status.choices)
        shown["status"] = statuses.get(shown["feedback_status"], shown["feedback_status"])
    return shown


def _render(code: str) -> Callable[[Notification], str]:
    def render(notification: Notification) -> str:
        return str(TEXTS[code]) % _named(notification.params)

    return render


def register() -> None:
    for code, label in LABELS.items():
        register_notification_kind(
            NotificationKind(
                code=code, label=label, render=_render(code), email_default=EMAIL_DEFAULTS[code]
            )
        )
