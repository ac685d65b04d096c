"""Forms of the communities' pages. Every queryset is scoped to the tenant (CHECKLIST T4)."""

from .audiences import AnnouncementForm, AudienceForm
from .coaching import (
    CoachAssignmentForm,
    DifficultyForm,
    FollowUpForm,
    LessonSheetForm,
    ReviewForm,
)
from .feedback import FeedbackAnswerForm, FeedbackForm
from .library import DocumentForm, FolderForm, VersionForm
from .threads import (
    BestPracticeForm,
    CommunityForm,
    DraftForm,
    PostEditForm,
    ReasonForm,
    ReplyForm,
    ThreadForm,
)

__all__ = [
    "CoachAssignmentForm",
    "DifficultyForm",
    "FollowUpForm",
    "LessonSheetForm",
    "ReviewForm",
    "AnnouncementForm",
    "AudienceForm",
    "BestPracticeForm",
    "CommunityForm",
    "DocumentForm",
    "DraftForm",
    "FeedbackAnswerForm",
    "FeedbackForm",
    "FolderForm",
    "PostEditForm",
    "ReasonForm",
    "ReplyForm",
    "ThreadForm",
    "VersionForm",
]
