"""A post's image or file, to those who may read the post (CHECKLIST T9, T12, U5).

Never served by the media server: the post's community decides, as for the thread's page (a
private community's file is missing for someone outside it), and a hidden post's files are
missing for all but its author and the moderators, who still see the post.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from network_animation.downloads import STORED_FILE_CSP, stored_file_response
from network_animation.views.common import TenantRequest

from .. import permissions, selectors
from ..models import PostAttachment

ATTACHMENT_CSP = STORED_FILE_CSP


@require_safe
@csp_override(ATTACHMENT_CSP)
def post_attachment(
    request: TenantRequest, tenant_slug: str, post_id: int, attachment_id: int
) -> FileResponse:
    tenant, membership = request.tenant, request.membership
    post = selectors.post_get_visible(tenant=tenant, membership=membership, id=post_id)
    sees_hidden = post.author_id == membership.pk or permissions.can_moderate(
        membership, post.thread.community
    )
    if post.is_hidden and not sees_hidden:
        raise Http404
    attachment = get_object_or_404(PostAttachment, tenant=tenant, post=post, pk=attachment_id)
    return stored_file_response(
        attachment.file,
        filename=attachment.filename,
        content_type=attachment.content_type,
        as_attachment=attachment.kind != PostAttachment.Kind.IMAGE,
    )
