from django.core.exceptions import PermissionDenied
from django.http import FileResponse

from .. import permissions, selectors
from ..downloads import stored_file_response
from .common import TenantRequest


def file_download(request: TenantRequest, tenant_slug: str, file_id: int) -> FileResponse:
    """A kept file, as an attachment, to those allowed (CHECKLIST T9, U5)."""
    generated = selectors.generated_file_get(tenant=request.tenant, id=file_id)
    if not permissions.can_download_file(request.membership, generated):
        raise PermissionDenied
    return stored_file_response(
        generated.file, filename=generated.filename, content_type=generated.content_type
    )
