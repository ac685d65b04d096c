"""A post's images and files: written under generated names in the tenant's folder while the
post is written, and removed again when its writing fails (CHECKLIST U5).

The files are checked before they get here (network_animation/uploads_media.py): this module
only stores what `media_check` accepted.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from network_animation.models import Tenant
from network_animation.uploads_media import CheckedFile, ReencodedImage

from ..models import Post, PostAttachment

ATTACHMENTS_MAX = 5
TOO_MANY = _("Attach at most %(count)s files to a post.")

type CheckedMedia = ReencodedImage | CheckedFile


def attachments_check_count(files: Sequence[CheckedMedia]) -> None:
    if len(files) > ATTACHMENTS_MAX:
        raise ValidationError(TOO_MANY, code="too_many", params={"count": ATTACHMENTS_MAX})


@contextmanager
def files_removed_on_failure() -> Iterator[list[str]]:
    """The storage names written inside the block, all removed if the block raises.

    Wrap the whole transaction in it (`with files_removed_on_failure() as written,
    transaction.atomic():`): a failure at commit removes the files too. A transaction of the
    caller's that rolls back after this block succeeded leaves them behind.
    """
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


def attachments_save(
    *, tenant: Tenant, post: Post, files: Sequence[CheckedMedia], written: list[str]
) -> list[PostAttachment]:
    """Store the post's files; each storage name is added to `written` once it is on disk."""
    attachments = []
    for media in files:
        attachment = _attachment(tenant, post, media)
        attachment.file.save(media.filename, ContentFile(media.content), save=False)
        written.append(str(attachment.file.name))
        attachments.append(attachment)
    return PostAttachment.objects.bulk_create(attachments)


def _attachment(tenant: Tenant, post: Post, media: CheckedMedia) -> PostAttachment:
    if isinstance(media, ReencodedImage):
        kind, width, height = PostAttachment.Kind.IMAGE, media.width, media.height
    else:
        kind, width, height = PostAttachment.Kind.FILE, None, None
    return PostAttachment(
        tenant=tenant,
        post=post,
        kind=kind,
        filename=media.filename,
        extension=media.extension,
        content_type=media.content_type,
        size=media.size,
        width=width,
        height=height,
    )
