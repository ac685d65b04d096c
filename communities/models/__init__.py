from .announcements import Announcement, AnnouncementRecipient
from .coaching import CoachAssignment, Difficulty, FollowUp, LessonSheet, LessonSheetKpi
from .communities import Community, CommunityMember
from .feedback import Feedback
from .library import Document, DocumentKpi, DocumentTag, DocumentVersion, Folder, Tag
from .moderation import Flag
from .posts import Post, PostAttachment, PostKpi, PostLike, PostRevision
from .reads import FirstRead
from .threads import Follow, Thread, ThreadRead

__all__ = [
    "CoachAssignment",
    "Difficulty",
    "FollowUp",
    "LessonSheet",
    "LessonSheetKpi",
    "Document",
    "DocumentKpi",
    "DocumentTag",
    "DocumentVersion",
    "Folder",
    "Tag",
    "Announcement",
    "AnnouncementRecipient",
    "Community",
    "CommunityMember",
    "Feedback",
    "FirstRead",
    "Flag",
    "Follow",
    "Post",
    "PostAttachment",
    "PostKpi",
    "PostLike",
    "PostRevision",
    "Thread",
    "ThreadRead",
]
