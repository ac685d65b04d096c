"""The document library's writes: folders, documents with their facets and audience, new
versions. Files are checked before they get here (network_animation/uploads_media.py) and
stored under generated names, removed again when the write fails (services/attachments.py)."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.audiences import Audience, audience_within
from network_animation.models import Membership, Role, Tenant

from .. import errors, permissions
from ..models import Document, DocumentKpi, DocumentTag, DocumentVersion, Folder, Tag
from .attachments import CheckedMedia, files_removed_on_failure

FOLDER_EXISTS = _("A folder of this name is already there.")
CANNOT_PUBLISH = _("Head office, regional directors and animators publish documents.")
NOT_YOUR_DOCUMENT = _("Only its author or head office can add a version.")


def can_edit(membership: Membership, document: Document) -> bool:
    return membership.role == Role.HEAD_OFFICE or membership.pk == document.author_id


def folder_create(*, tenant: Tenant, actor: Membership, name: str, parent: Folder | None) -> Folder:
    if not permissions.can_announce(actor):
        raise PermissionDenied(CANNOT_PUBLISH)
    siblings = Folder.objects.filter(tenant=tenant, parent=parent)
    if siblings.filter(name__iexact=name.strip()).exists():
        raise ValidationError(FOLDER_EXISTS)
    return Folder.objects.create(tenant=tenant, name=name.strip(), parent=parent)


def _tags(tenant: Tenant, names: Iterable[str]) -> list[Tag]:
    """The tenant's tags of these names (any case), made when new."""
    wanted: dict[str, str] = {}
    for name in names:  # the first spelling given wins
        wanted.setdefault(name.lower(), name)
    existing = Tag.objects.annotate(lower=Lower("name")).filter(tenant=tenant, lower__in=wanted)
    found: dict[str, Tag] = {tag.name.lower(): tag for tag in existing}
    for key, name in wanted.items():
        if key not in found:
            found[key] = Tag.objects.create(tenant=tenant, name=name)
    return list(found.values())


def _version(
    tenant: Tenant,
    actor: Membership,
    document: Document,
    media: CheckedMedia,
    note: str,
    written: list[str],
) -> DocumentVersion:
    latest = document.versions.aggregate(latest=Max("number"))["latest"] or 0
    version = DocumentVersion(
        tenant=tenant,
        document=document,
        number=latest + 1,
        filename=media.filename,
        extension=media.extension,
        content_type=media.content_type,
        size=media.size,
        note=note,
        uploaded_by=actor,
    )
    version.file.save(media.filename, ContentFile(media.content), save=False)
    written.append(str(version.file.name))
    version.save()
    return version


def document_create(
    *,
    tenant: Tenant,
    actor: Membership,
    title: str,
    file: CheckedMedia,
    audience: Audience,
    folder: Folder | None = None,
    description: str = "",
    language: str = Document.Language.FRENCH,
    point_of_sale_type: str = "",
    kpis: Iterable[KpiDefinition] = (),
    tags: Iterable[str] = (),
) -> Document:
    """A document, its first version, its KPIs and tags; its audience narrowed to what the
    author may address."""
    if not permissions.can_announce(actor):
        raise PermissionDenied(CANNOT_PUBLISH)
    if not title.strip():
        raise ValidationError(errors.EMPTY_TEXT)
    kpis = list(kpis)
    if any(kpi.tenant_id != tenant.pk for kpi in kpis) or (
        folder is not None and folder.tenant_id != tenant.pk
    ):
        raise ValidationError(errors.KPI_OF_ANOTHER_NETWORK)
    audience = audience_within(audience=audience, sender=actor)
    with files_removed_on_failure() as written, transaction.atomic():
        document = Document.objects.create(
            tenant=tenant,
            folder=folder,
            title=title.strip(),
            description=description,
            language=language,
            point_of_sale_type=point_of_sale_type,
            audience=audience.as_json(),
            author=actor,
        )
        DocumentKpi.objects.bulk_create(
            DocumentKpi(tenant=tenant, document=document, kpi=kpi) for kpi in kpis
        )
        DocumentTag.objects.bulk_create(
            DocumentTag(tenant=tenant, document=document, tag=tag) for tag in _tags(tenant, tags)
        )
        document.current = _version(tenant, actor, document, file, "", written)
        document.save(update_fields=["current"])
    return document


def document_version_add(
    *, tenant: Tenant, actor: Membership, document: Document, file: CheckedMedia, note: str = ""
) -> DocumentVersion:
    """A new version, shown from now on; the earlier ones stay in its history."""
    if not can_edit(actor, document):
        raise PermissionDenied(NOT_YOUR_DOCUMENT)
    with files_removed_on_failure() as written, transaction.atomic():
        # One new version at a time per document: the numbers never collide.
        Document.objects.select_for_update().filter(pk=document.pk).first()
        version = _version(tenant, actor, document, file, note, written)
        document.current, document.updated_at = version, timezone.now()
        document.save(update_fields=["current", "updated_at"])
    return version
