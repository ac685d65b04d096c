from .announcements import Announcement, AnnouncementRecipient
from .communities import Community, CommunityMember
from .moderation import Flag
from .posts import Post, PostAttachment, PostKpi, PostLike, PostRevision
from .threads import Follow, Thread, ThreadRead

__all__ = [
    "Announcement",
    "AnnouncementRecipient",
    "Community",
    "CommunityMember",
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
