"""Stored files as the platform serves them (CHECKLIST U5): read by the view that authorised
the reader, never from a public URL."""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.csp import CSP

# A stored file is never a page: nothing in it may load or run anything (`csp_override` it).
STORED_FILE_CSP: dict[str, list[str] | str] = {"default-src": [CSP.NONE], "sandbox": ""}


def stored_file_response(
    file: FieldFile, *, filename: str, content_type: str, as_attachment: bool = True
) -> FileResponse:
    """The file, downloaded under its own name (or shown in place, for an image), its type
    never sniffed and its use kept to this site; a file missing from the disk answers 404."""
    try:
        content = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        content, as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
