from .announcements import Announcement, AnnouncementRecipient
from .communities import Community, CommunityMember
from .feedback import Feedback
from .moderation import Flag
from .posts import Post, PostAttachment, PostKpi, PostLike, PostRevision
from .threads import Follow, Thread, ThreadRead

__all__ = [
    "Announcement",
    "AnnouncementRecipient",
    "Community",
    "CommunityMember",
    "Feedback",
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
