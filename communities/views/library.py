"""The document library: folders, documents by facets, a document's versions, publishing one,
adding a version, and its files, served only here (CHECKLIST T9, T12, U5)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST, require_safe

from kpis.selectors import kpi_list
from network_animation.downloads import stored_file_response
from network_animation.models import PointOfSale
from network_animation.text import markdown_render
from network_animation.views.common import TenantRequest, paginate

from .. import permissions, selectors, services
from ..forms import DocumentForm, FolderForm, VersionForm
from ..models import Document, DocumentVersion, Folder
from ..services.library import can_edit
from .announcements import audience_reach

PER_PAGE = 25
# A file is never a page: nothing in it may load or run anything.
FILE_CSP: dict[str, list[str] | str] = {"default-src": [CSP.NONE], "sandbox": ""}


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _filters(request: TenantRequest, folder: Folder | None) -> selectors.LibraryFilters:
    types = dict(PointOfSale.Type.choices)
    languages = dict(Document.Language.choices)
    return selectors.LibraryFilters(
        folder=folder,
        kpi_id=_number(request.GET.get("kpi", "")),
        point_of_sale_type=request.GET.get("type", "") if request.GET.get("type") in types else "",
        language=request.GET.get("language", "")
        if request.GET.get("language") in languages
        else "",
        tag_id=_number(request.GET.get("tag", "")),
    )


def _trail(folder: Folder | None) -> list[Folder]:
    """The folder and those above it, the first level first."""
    trail: list[Folder] = []
    while folder is not None:
        trail.insert(0, folder)
        folder = folder.parent
    return trail


def library(request: TenantRequest, tenant_slug: str, folder_id: int | None = None) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    folder = selectors.folder_get(tenant=tenant, id=folder_id) if folder_id else None
    filters = _filters(request, folder)
    faceted = any([filters.kpi_id, filters.point_of_sale_type, filters.language, filters.tag_id])
    documents = selectors.document_list_visible(
        tenant=tenant, membership=membership, filters=filters
    )
    return render(
        request,
        "communities/library.html",
        {
            "folder": folder,
            "trail": _trail(folder),
            "folders": []
            if faceted
            else selectors.folders_of(tenant=tenant, membership=membership, parent=folder),
            "page": paginate(request, documents, per_page=PER_PAGE),
            "filters": filters,
            "faceted": faceted,
            "kpis": kpi_list(tenant=tenant, active_only=True),
            "types": PointOfSale.Type.choices,
            "languages": Document.Language.choices,
            "tags": selectors.tag_list(tenant=tenant),
            "can_publish": permissions.can_announce(membership),
        },
    )


def folder_new(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    if not permissions.can_announce(membership):
        raise PermissionDenied
    form = FolderForm(request.POST or None, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.folder_create(tenant=tenant, actor=membership, **form.cleaned_data)
        except ValidationError as refused:
            form.add_error("name", refused)
        else:
            return redirect("communities:library_folder", tenant_slug, made.pk)
    return render(
        request, "communities/folder_form.html", {"form": form}, status=400 if form.errors else 200
    )


def document_new(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    if not permissions.can_announce(membership):
        raise PermissionDenied
    folder = _number(request.GET.get("folder", ""))
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        tenant=tenant,
        membership=membership,
        initial={"folder": folder},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.document_create(
                tenant=tenant,
                actor=membership,
                title=data["title"],
                file=data["file"],
                audience=form.audience(),
                folder=data["folder"],
                description=data["description"],
                language=data["language"],
                point_of_sale_type=data["point_of_sale_type"],
                kpis=data["kpis"],
                tags=data["tags"],
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("The document is in the library."))
            return redirect("communities:document", tenant_slug, made.pk)
    return render(
        request,
        "communities/document_form.html",
        {"form": form, **audience_reach(request, form)},
        status=400 if form.errors else 200,
    )


def document(request: TenantRequest, tenant_slug: str, document_id: int) -> HttpResponse:
    return _document_page(request, document_id, VersionForm(), first_read=True)


def _document_page(
    request: TenantRequest,
    document_id: int,
    form: VersionForm,
    status: int = 200,
    first_read: bool = False,
) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    found = selectors.document_get_visible(tenant=tenant, membership=membership, id=document_id)
    if first_read:  # the recommendations date what followed a person's first read
        services.first_read_record(tenant=tenant, actor=membership, document=found)
    editable = can_edit(membership, found)
    return render(
        request,
        "communities/document.html",
        {
            "document": found,
            "description_html": markdown_render(found.description),
            "versions": selectors.document_versions(tenant=tenant, document=found),
            "trail": _trail(found.folder),
            "version_form": form if editable else None,
        },
        status=status,
    )


@require_POST
def document_version_new(
    request: TenantRequest, tenant_slug: str, document_id: int
) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    found = selectors.document_get_visible(tenant=tenant, membership=membership, id=document_id)
    if not can_edit(membership, found):
        raise PermissionDenied
    form = VersionForm(request.POST, request.FILES)
    if not form.is_valid():
        return _document_page(request, document_id, form, status=400)
    version = services.document_version_add(
        tenant=tenant, actor=membership, document=found, **form.cleaned_data
    )
    messages.success(
        request, _("Version %(number)s is the one shown now.") % {"number": version.number}
    )
    return redirect("communities:document", tenant_slug, found.pk)


@require_safe
@csp_override(FILE_CSP)
def document_download(
    request: TenantRequest, tenant_slug: str, document_id: int, version_id: int
) -> FileResponse:
    tenant, membership = request.tenant, request.membership
    found = selectors.document_get_visible(tenant=tenant, membership=membership, id=document_id)
    version = DocumentVersion.objects.filter(tenant=tenant, document=found, pk=version_id).first()
    if version is None:
        raise Http404
    services.first_read_record(tenant=tenant, actor=membership, document=found)
    return stored_file_response(
        version.file, filename=version.filename, content_type=version.content_type
    )
