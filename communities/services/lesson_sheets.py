"""Lesson sheets: a coach writes one from a closed difficulty, anonymised; it is checked against
the reporter's identity when submitted and again when published; a reviewer (head office or
another coach, never its author) approves it or sends it back. Approved, it is published as a
best practice in the communities of the reporter's point-of-sale type and zone, and in the
library, linked to its KPIs; none of them names the reporter or points to the difficulty."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kpis.models import KpiDefinition
from network_animation.audiences import Audience
from network_animation.audit import audit_record
from network_animation.data_versions import data_changed
from network_animation.models import Membership, Role, Tenant
from network_animation.services.notifications import notify
from network_animation.uploads_media import media_check

from .. import anonymity, errors, notifications
from .. import coaching_permissions as rights
from ..cache import COMMUNITIES, thread_changed
from ..models import (
    Community,
    Difficulty,
    Document,
    DocumentKpi,
    DocumentTag,
    Follow,
    LessonSheet,
    LessonSheetKpi,
    PostKpi,
    Thread,
)
from ..rules import POINT_OF_SALE_TYPE, ZONE
from ..selectors import coaching as read
from .attachments import files_removed_on_failure
from .library import _tags, _version
from .threads import _follow, _tell, _thread_create, thread_mark_read

STILL_OPEN = _("Close the difficulty before writing its lesson sheet.")
ALREADY_WRITTEN = _("This difficulty already has its lesson sheet.")
NOT_YOUR_SHEET = _("Only its author changes a lesson sheet, while it is a draft or sent back.")
NOT_IN_REVIEW = _("This lesson sheet is not waiting for a review.")
CANNOT_REVIEW = _("Head office or another coach reviews a lesson sheet, never its author.")
COMMENT_NEEDED = _("Say what to change.")
NOT_ANONYMOUS = _("“%(value)s” (%(what)s) is in “%(field)s”: rewrite it so nobody is recognised.")

SHEET_PUBLISHED = "lesson_sheet_published"
FIELDS = {
    "title": _("Title"),
    "difficulty_text": _("The difficulty"),
    "happened": _("What happened"),
    "how_to_succeed": _("How to succeed"),
}


def sheet_url(sheet: LessonSheet) -> str:
    return reverse("communities:lesson_sheet", args=[sheet.tenant.slug, sheet.pk])


def reporter_identifiers(*, tenant: Tenant, difficulty: Difficulty) -> list[anonymity.Identifier]:
    """What would point at the reporter: their names, their colleagues' (the people of their
    point of sale), the point of sale's name, code and city."""
    found: list[anonymity.Identifier] = []
    reporter = None
    if difficulty.reporter_id is not None:
        reporter = Membership.objects.filter(tenant=tenant, pk=difficulty.reporter_id).first()
    if reporter is not None:
        user = reporter.user
        found += anonymity.person_identifiers(user.first_name, user.last_name, anonymity.NAME)
    point = difficulty.point_of_sale
    if point is not None:
        # The reporter is among them: found as "a name" first, their own names count once.
        colleagues = Membership.objects.filter(tenant=tenant, point_of_sale=point)
        for first, last in colleagues.values_list("user__first_name", "user__last_name"):
            found += anonymity.person_identifiers(first, last, anonymity.COLLEAGUE)
        found += [
            anonymity.Identifier(point.name, anonymity.POINT_OF_SALE),
            anonymity.Identifier(point.code, anonymity.CODE),
            anonymity.Identifier(point.city, anonymity.CITY),
        ]
    return found


def sheet_anonymity_check(*, tenant: Tenant, sheet: LessonSheet) -> None:
    """Refused while any of the reporter's identifying strings is in the sheet: each one found
    is named with its field, on that field (the form shows it there)."""
    difficulty = Difficulty.objects.select_related("point_of_sale").get(
        tenant=tenant, pk=sheet.difficulty_id
    )
    texts = {field: getattr(sheet, field) for field in FIELDS}
    findings = anonymity.identifiers_found(
        texts, reporter_identifiers(tenant=tenant, difficulty=difficulty)
    )
    if findings:
        raise ValidationError(_by_field(findings))


def _by_field(findings: list[anonymity.Finding]) -> dict[str, list[ValidationError]]:
    by_field: dict[str, list[ValidationError]] = {}
    for finding in findings:
        by_field.setdefault(finding.field, []).append(
            ValidationError(
                NOT_ANONYMOUS,
                code="not_anonymous",
                params={
                    "value": finding.value,
                    "what": finding.what,
                    "field": FIELDS[finding.field],
                },
            )
        )
    return by_field


def sheet_start(*, tenant: Tenant, actor: Membership, difficulty: Difficulty) -> LessonSheet:
    """A draft from a closed difficulty, prefilled with what was reported (to be anonymised)."""
    if not read.may_follow_up(tenant=tenant, membership=actor, difficulty=difficulty):
        raise PermissionDenied(NOT_YOUR_SHEET)
    if difficulty.is_open:
        raise ValidationError(STILL_OPEN)
    if LessonSheet.objects.filter(tenant=tenant, difficulty=difficulty).exists():
        raise ValidationError(ALREADY_WRITTEN)
    with transaction.atomic():
        sheet = LessonSheet.objects.create(
            tenant=tenant,
            difficulty=difficulty,
            author=actor,
            title=difficulty.title,
            difficulty_text=difficulty.tried,
            happened=difficulty.happened,
            how_to_succeed="",
        )
        if difficulty.kpi_id is not None:
            LessonSheetKpi.objects.create(tenant=tenant, sheet=sheet, kpi_id=difficulty.kpi_id)
    return sheet


def sheet_edit(
    *,
    tenant: Tenant,
    actor: Membership,
    sheet: LessonSheet,
    title: str,
    difficulty_text: str,
    happened: str,
    how_to_succeed: str,
    kpis: Iterable[KpiDefinition] = (),
) -> LessonSheet:
    if sheet.author_id != actor.pk or not sheet.is_editable:
        raise PermissionDenied(NOT_YOUR_SHEET)
    kpis = list(kpis)
    if any(kpi.tenant_id != tenant.pk for kpi in kpis):
        raise ValidationError(errors.KPI_OF_ANOTHER_NETWORK)
    sheet.title, sheet.difficulty_text = title.strip(), difficulty_text
    sheet.happened, sheet.how_to_succeed = happened, how_to_succeed
    sheet.updated_at = timezone.now()
    with transaction.atomic():
        sheet.save()
        LessonSheetKpi.objects.filter(tenant=tenant, sheet=sheet).delete()
        LessonSheetKpi.objects.bulk_create(
            LessonSheetKpi(tenant=tenant, sheet=sheet, kpi=kpi) for kpi in kpis
        )
    return sheet


def sheet_submit(*, tenant: Tenant, actor: Membership, sheet: LessonSheet) -> LessonSheet:
    """Sent for review once anonymous; head office and the other coaches are told."""
    if sheet.author_id != actor.pk or not sheet.is_editable:
        raise PermissionDenied(NOT_YOUR_SHEET)
    if not all(getattr(sheet, field).strip() for field in FIELDS):
        raise ValidationError(errors.EMPTY_TEXT)
    sheet_anonymity_check(tenant=tenant, sheet=sheet)
    now = timezone.now()
    sheet.status, sheet.submitted_at, sheet.updated_at = LessonSheet.Status.IN_REVIEW, now, now
    with transaction.atomic():
        sheet.save(update_fields=["status", "submitted_at", "updated_at"])
        reviewers = Membership.objects.filter(
            tenant=tenant, role__in=[Role.HEAD_OFFICE, Role.COACH], is_active=True
        ).exclude(pk=actor.pk)
        _tell_about(tenant, notifications.LESSON_SHEET_TO_REVIEW, actor, sheet, list(reviewers))
    return sheet


def _reviewable(actor: Membership, sheet: LessonSheet) -> None:
    if not rights.can_review(actor, author_id=sheet.author_id):
        raise PermissionDenied(CANNOT_REVIEW)
    if sheet.status != LessonSheet.Status.IN_REVIEW:
        raise ValidationError(NOT_IN_REVIEW)


def sheet_send_back(
    *, tenant: Tenant, actor: Membership, sheet: LessonSheet, comment: str
) -> LessonSheet:
    _reviewable(actor, sheet)
    if not comment.strip():
        raise ValidationError(COMMENT_NEEDED)
    sheet.status, sheet.reviewer, sheet.review_comment = (
        LessonSheet.Status.SENT_BACK,
        actor,
        comment,
    )
    sheet.updated_at = timezone.now()
    with transaction.atomic():
        sheet.save(update_fields=["status", "reviewer", "review_comment", "updated_at"])
        _tell_author(tenant, actor, sheet, "sent_back")
    return sheet


def sheet_approve(
    *, tenant: Tenant, actor: Membership, sheet: LessonSheet, comment: str = ""
) -> LessonSheet:
    """Checked once more (the reporter's colleagues may have changed), then published."""
    _reviewable(actor, sheet)
    sheet_anonymity_check(tenant=tenant, sheet=sheet)
    difficulty = Difficulty.objects.select_related("point_of_sale").get(
        tenant=tenant, pk=sheet.difficulty_id
    )
    author = sheet.author or actor  # an author who left: published under the reviewer's name
    kpis = list(KpiDefinition.objects.filter(tenant=tenant, pk__in=sheet.kpis.values("pk")))
    now = timezone.now()
    with files_removed_on_failure() as written, transaction.atomic():
        with translation.override(author.user.language or "fr"):
            body = _published_body(sheet)
            sheet.document = _document(tenant, author, sheet, body, kpis, written)
        threads = _threads(tenant, author, sheet, difficulty, body, kpis)
        sheet.zone_thread, sheet.type_thread = threads.get(ZONE), threads.get(POINT_OF_SALE_TYPE)
        sheet.status, sheet.reviewer, sheet.review_comment = (
            LessonSheet.Status.PUBLISHED,
            actor,
            comment,
        )
        sheet.published_at = sheet.updated_at = now
        sheet.save()
        data_changed(tenant=tenant, kinds=[COMMUNITIES])
        audit_record(
            tenant=tenant,
            actor=actor.user,
            action=SHEET_PUBLISHED,
            target=f"lesson sheet {sheet.pk}",
        )
        _tell_author(tenant, actor, sheet, "published")
    return sheet


def _published_body(sheet: LessonSheet) -> str:
    """The sheet as the network reads it: its three parts and where it comes from (the
    lesson sheet's page), nothing of the difficulty."""
    parts = [
        (gettext("The difficulty"), sheet.difficulty_text),
        (gettext("What happened"), sheet.happened),
        (gettext("How to succeed"), sheet.how_to_succeed),
    ]
    text = "\n\n".join(f"## {heading}\n\n{content.strip()}" for heading, content in parts)
    signature = gettext("A lesson sheet of the coaches.")
    return f"{text}\n\n*{signature}*"


def _document(
    tenant: Tenant,
    author: Membership,
    sheet: LessonSheet,
    body: str,
    kpis: list[KpiDefinition],
    written: list[str],
) -> Document:
    language = author.user.language if author.user.language in ("fr", "en") else "fr"
    document = Document.objects.create(
        tenant=tenant,
        title=sheet.title,
        description=body,
        language=language,
        audience=Audience().as_json(),  # everyone, as the library stores it
        author=author,
    )
    DocumentKpi.objects.bulk_create(
        DocumentKpi(tenant=tenant, document=document, kpi=kpi) for kpi in kpis
    )
    tags = _tags(tenant, [gettext("Lesson sheet")])
    DocumentTag.objects.bulk_create(
        DocumentTag(tenant=tenant, document=document, tag=tag) for tag in tags
    )
    name = f"{slugify(sheet.title)[:60] or 'lesson-sheet'}.md"
    file = media_check(SimpleUploadedFile(name, f"# {sheet.title}\n\n{body}\n".encode()))
    document.current = _version(tenant, author, document, file, "", written)
    document.save(update_fields=["current"])
    return document


def _threads(
    tenant: Tenant,
    author: Membership,
    sheet: LessonSheet,
    difficulty: Difficulty,
    body: str,
    kpis: list[KpiDefinition],
) -> dict[str, Thread]:
    """A best-practice thread by the coach in each community concerned: the reporter's
    point-of-sale type's and zone's (those that exist)."""
    point = difficulty.point_of_sale
    wanted = {POINT_OF_SALE_TYPE: point.type if point else None, ZONE: difficulty.zone_id}
    threads: dict[str, Thread] = {}
    for kind, rule in wanted.items():
        community = Community.objects.filter(
            tenant=tenant, kind=kind, rule=str(rule), is_archived=False
        ).first()
        if rule is None or community is None:
            continue
        thread, post = _thread_create(
            tenant, author, community, sheet.title, body, Thread.Kind.DISCUSSION, True
        )
        PostKpi.objects.bulk_create(PostKpi(tenant=tenant, post=post, kpi=kpi) for kpi in kpis)
        _follow(tenant, author, thread)
        thread_mark_read(tenant=tenant, actor=author, thread=thread)
        thread_changed(tenant=tenant, thread_id=thread.pk)
        followers = Follow.objects.filter(tenant=tenant, community=community).values(
            "membership_id"
        )
        _tell(tenant, notifications.THREAD_NEW, author, thread, followers)
        threads[kind] = thread
    return threads


def _tell_author(tenant: Tenant, actor: Membership, sheet: LessonSheet, what: str) -> None:
    author = [sheet.author] if sheet.author is not None and sheet.author.is_active else []
    _tell_about(tenant, notifications.LESSON_SHEET_REVIEWED, actor, sheet, author, what)


def _tell_about(
    tenant: Tenant,
    kind: str,
    actor: Membership,
    sheet: LessonSheet,
    people: list[Membership],
    what: str = "",
) -> None:
    """About the sheet alone: its title, never its difficulty nor its reporter."""
    params: dict[str, str] = {"title": sheet.title}
    if what:
        params["coaching_what"] = what
    notify(
        tenant=tenant,
        kind=kind,
        recipients=people,
        actor=actor,
        target=sheet,
        url=sheet_url(sheet),
        params=params,
    )
