import uuid

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.audiences import Audience
from network_animation.models import Membership, PointOfSale, TenantOwnedModel

DESCRIPTION_MAX = 5_000


class Folder(TenantOwnedModel):
    """A folder of the document library; folders nest."""

    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self", on_delete=models.RESTRICT, null=True, blank=True, related_name="children"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("folder")
        verbose_name_plural = _("folders")

    def __str__(self) -> str:
        return self.name


class Tag(TenantOwnedModel):
    """A tenant's own tag: tags are never shared across tenants (a shared table would leak one
    brand's words to another)."""

    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.UniqueConstraint("tenant", Lower("name"), name="library_tag_unique_per_tenant")
        ]

    def __str__(self) -> str:
        return self.name


class Document(TenantOwnedModel):
    """A document of the library: what it is about (facets), who it is for (an audience, as
    announcements), and its versions, the latest shown."""

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")
        BOTH = "fr_en", _("French and English")

    folder = models.ForeignKey(
        Folder, on_delete=models.RESTRICT, null=True, blank=True, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.FRENCH
    )
    # Blank: for every type of point of sale.
    point_of_sale_type = models.CharField(
        _("type of point of sale"), max_length=20, choices=PointOfSale.Type.choices, blank=True
    )
    # Who may read it (network_animation.audiences.Audience.as_json); empty: everyone.
    audience = models.JSONField(default=dict)
    author = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    current = models.ForeignKey(
        "communities.DocumentVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["tenant", "folder", "-updated_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def audience_rule(self) -> Audience:
        return Audience.from_json(self.audience)


class DocumentKpi(TenantOwnedModel):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="kpi_links")
    kpi = models.ForeignKey(KpiDefinition, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "kpi"], name="document_kpi_unique")
        ]
        indexes = [models.Index(fields=["tenant", "kpi"])]


class DocumentTag(TenantOwnedModel):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="tag_links")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="document_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "tag"], name="document_tag_unique")
        ]


def version_path(instance: "DocumentVersion", filename: str) -> str:
    """Stored names are generated: nothing a person typed reaches a path (CHECKLIST U5)."""
    return f"library/{instance.tenant_id}/{uuid.uuid4().hex}.{instance.extension}"


class DocumentVersion(TenantOwnedModel):
    """One version of a document's file (type checked by content, images re-encoded)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=version_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"
