"""Reads of the document library. A document is read by the people its audience names (the
audience read again at each visit: someone who joins a zone finds its documents), by its author,
and by head office, who keeps the library; by nobody else, through any page or download."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from network_animation.audiences import Audience, AudienceResolver
from network_animation.models import Membership, Role, Tenant

from ..models import Document, DocumentKpi, DocumentTag, DocumentVersion, Folder, Tag


@dataclass(frozen=True)
class LibraryFilters:
    folder: Folder | None = None
    kpi_id: int | None = None
    point_of_sale_type: str = ""
    language: str = ""
    tag_id: int | None = None


type Row = tuple[int, Any, int | None]  # a document's id, audience (JSON) and author


def documents_readable(tenant: Tenant, membership: Membership, rows: Sequence[Row]) -> set[int]:
    """Of these (id, audience, author) rows, the documents the person may read: one record of
    the person, the zones' regions, and each criterion's points of sale read once."""
    if membership.role == Role.HEAD_OFFICE:
        return {pk for pk, _audience, _author in rows}
    resolver = AudienceResolver(tenant, [membership.pk])
    return {
        pk
        for pk, data, author_id in rows
        if author_id == membership.pk or membership.pk in resolver.members(Audience.from_json(data))
    }


def _with_facets(documents: QuerySet[Document]) -> QuerySet[Document]:
    return documents.select_related("current", "folder", "author__user").prefetch_related(
        Prefetch("kpi_links", queryset=DocumentKpi.objects.select_related("kpi")),
        Prefetch("tag_links", queryset=DocumentTag.objects.select_related("tag")),
    )


def _filtered(tenant: Tenant, filters: LibraryFilters) -> QuerySet[Document]:
    documents = Document.objects.filter(tenant=tenant)
    if filters.folder is not None:
        documents = documents.filter(folder=filters.folder)
    if filters.kpi_id is not None:
        documents = documents.filter(kpi_links__kpi_id=filters.kpi_id)
    if filters.point_of_sale_type:
        documents = documents.filter(point_of_sale_type__in=[filters.point_of_sale_type, ""])
    if filters.language:
        documents = documents.filter(language__in=[filters.language, Document.Language.BOTH])
    if filters.tag_id is not None:
        documents = documents.filter(tag_links__tag_id=filters.tag_id)
    return documents.distinct()


def document_list_visible(
    *, tenant: Tenant, membership: Membership, filters: LibraryFilters | None = None
) -> QuerySet[Document]:
    """The documents the person may read, by the facets asked, the latest changed first."""
    candidates = _filtered(tenant, filters or LibraryFilters())
    rows = list(candidates.values_list("pk", "audience", "author_id"))
    readable = documents_readable(tenant, membership, rows)
    documents = Document.objects.filter(tenant=tenant, pk__in=readable)
    return _with_facets(documents).order_by("-updated_at", "-pk")


def document_get_visible(*, tenant: Tenant, membership: Membership, id: int) -> Document:
    """The document if the person may read it; 404 for anyone else, as for a missing one."""
    found = _with_facets(Document.objects.filter(tenant=tenant, pk=id)).first()
    if found is None:
        raise Http404
    rows: list[Row] = [(found.pk, found.audience, found.author_id)]
    if not documents_readable(tenant, membership, rows):
        raise Http404
    return found


def document_versions(*, tenant: Tenant, document: Document) -> QuerySet[DocumentVersion]:
    """A document's history, the latest first (`document` from `document_get_visible`)."""
    return DocumentVersion.objects.filter(tenant=tenant, document=document).select_related(
        "uploaded_by__user"
    )


@dataclass(frozen=True)
class FolderEntry:
    folder: Folder
    documents: int  # those the person may read, in it


def folders_of(
    *, tenant: Tenant, membership: Membership, parent: Folder | None
) -> list[FolderEntry]:
    """The folders inside `parent` (or at the first level), each with the number of documents
    the person may read in it; head office and authors see the empty ones too."""
    folders = list(Folder.objects.filter(tenant=tenant, parent=parent).order_by("name", "pk"))
    rows = list(
        Document.objects.filter(tenant=tenant, folder__in=folders).values_list(
            "pk", "audience", "author_id"
        )
    )
    readable = documents_readable(tenant, membership, rows)
    in_folder = Counter(
        Document.objects.filter(tenant=tenant, pk__in=readable).values_list("folder_id", flat=True)
    )
    keeps_library = membership.role in (Role.HEAD_OFFICE, Role.REGIONAL_DIRECTOR, Role.ANIMATOR)
    return [
        FolderEntry(folder, in_folder[folder.pk])
        for folder in folders
        if in_folder[folder.pk] or keeps_library
    ]


def folder_get(*, tenant: Tenant, id: int) -> Folder:
    found = Folder.objects.filter(tenant=tenant, pk=id).select_related("parent").first()
    if found is None:
        raise Http404
    return found


def tag_list(*, tenant: Tenant) -> QuerySet[Tag]:
    return Tag.objects.filter(tenant=tenant).order_by("name")


# A reader who is no person (a tenant's system, through the API) reads the documents for
# everyone.
EVERYONE = Audience().as_json()


def documents_open(*, tenant: Tenant) -> QuerySet[Document]:
    everyone = Document.objects.filter(tenant=tenant, audience=EVERYONE)
    return _with_facets(everyone).order_by("-updated_at", "-pk")


def document_get_open(*, tenant: Tenant, id: int) -> Document:
    found = documents_open(tenant=tenant).filter(pk=id).first()
    if found is None:
        raise Http404
    return found
