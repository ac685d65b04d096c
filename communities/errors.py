"""User messages of the communities, translated when they are shown."""

from django.utils.translation import gettext_lazy as _

CANNOT_POST = _("You cannot write in this community.")
THREAD_LOCKED = _("This thread is locked: nobody can reply any more.")
NOT_YOURS = _("Only its author or a moderator can change this post.")
NOT_A_QUESTION = _("Only a question has an accepted answer.")
NOT_AN_ANSWER = _("Accept a reply of this question, not its question.")
CANNOT_ACCEPT = _("Only the asker or a moderator can accept an answer.")
CANNOT_MODERATE = _("Only the community's moderators can do this.")
CANNOT_CREATE = _("Only head office and animators create communities.")
ZONE_NOT_YOURS = _("Choose one of the zones you animate.")
CANNOT_LEAVE = _("You belong to this community by your role and place: follow it less instead.")
ALREADY_FLAGGED = _("You already reported this post.")
QUOTE_ELSEWHERE = _("Quote a post of the same thread.")
EMPTY_TEXT = _("Write something.")
KPI_OF_ANOTHER_NETWORK = _("Choose the KPIs of this network.")
CANNOT_ANNOUNCE = _("Only head office, regional directors and animators send announcements.")
NOBODY_IN_AUDIENCE = _("Nobody is in this audience: widen it.")
NOT_A_RECIPIENT = _("This announcement was not sent to you.")
