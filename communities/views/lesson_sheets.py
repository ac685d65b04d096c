"""Lesson sheets' pages: the published ones, a sheet, writing one, reviewing one. No page of a
sheet shows or links to its difficulty (the difficulty's page links to its sheet, for its
author and head office only)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network_animation.exports import FORMATS, table_response
from network_animation.text import markdown_render
from network_animation.views.common import TenantRequest, paginate

from .. import coaching_permissions as rights
from .. import selectors, services
from ..exports import lesson_sheets_table
from ..forms import LessonSheetForm, ReviewForm
from ..models import LessonSheet

PER_PAGE = 25


def lesson_sheets(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    """The published sheets, the latest first; `?format=csv` or `xlsx` downloads them all."""
    tenant, membership = request.tenant, request.membership
    published = selectors.sheets_published(tenant=tenant)
    export_format = request.GET.get("format", "")
    if export_format in FORMATS:
        title = _("Lesson sheets")
        table = lesson_sheets_table(
            published,
            title=title,
            address_of=lambda sheet: request.build_absolute_uri(
                reverse("communities:lesson_sheet", args=[tenant_slug, sheet.pk])
            ),
        )
        return table_response(table, export_format, title)
    context = {
        "page": paginate(request, published, per_page=PER_PAGE),
        "to_review": selectors.sheets_to_review(tenant=tenant, membership=membership),
    }
    return render(request, "communities/coaching/sheets.html", context)


def _sheet_page(
    request: TenantRequest, sheet: LessonSheet, review: ReviewForm | None, status: int = 200
) -> HttpResponse:
    membership = request.membership
    reviews = sheet.status == LessonSheet.Status.IN_REVIEW and rights.can_review(
        membership, author_id=sheet.author_id
    )
    context = {
        "sheet": sheet,
        "parts": [
            (_("The difficulty"), markdown_render(sheet.difficulty_text)),
            (_("What happened"), markdown_render(sheet.happened)),
            (_("How to succeed"), markdown_render(sheet.how_to_succeed)),
        ],
        "review_form": (review or ReviewForm()) if reviews else None,
        "is_author": sheet.author_id == membership.pk,
    }
    return render(request, "communities/coaching/sheet.html", context, status=status)


def lesson_sheet(request: TenantRequest, tenant_slug: str, sheet_id: int) -> HttpResponse:
    found = selectors.sheet_get_visible(
        tenant=request.tenant, membership=request.membership, id=sheet_id
    )
    return _sheet_page(request, found, None)


def lesson_sheet_edit(request: TenantRequest, tenant_slug: str, sheet_id: int) -> HttpResponse:
    """Write it; "submit" saves it, then sends it for review if it is anonymous (else the
    fields where the reporter's identity is found say so)."""
    tenant, membership = request.tenant, request.membership
    sheet = selectors.sheet_get_visible(tenant=tenant, membership=membership, id=sheet_id)
    if sheet.author_id != membership.pk:
        raise PermissionDenied
    if not sheet.is_editable:
        return redirect("communities:lesson_sheet", tenant_slug, sheet.pk)
    initial = LessonSheetForm.initial_of(sheet)
    form = LessonSheetForm(request.POST or None, tenant=tenant, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.sheet_edit(tenant=tenant, actor=membership, sheet=sheet, **form.cleaned_data)
            if "submit" in request.POST:
                services.sheet_submit(tenant=tenant, actor=membership, sheet=sheet)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            done = _("Sent for review.") if "submit" in request.POST else _("Saved.")
            messages.success(request, done)
            return redirect("communities:lesson_sheet", tenant_slug, sheet.pk)
    context = {"form": form, "sheet": sheet}
    status = 400 if form.errors else 200
    return render(request, "communities/coaching/sheet_form.html", context, status=status)


@require_POST
def lesson_sheet_review(request: TenantRequest, tenant_slug: str, sheet_id: int) -> HttpResponse:
    tenant, membership = request.tenant, request.membership
    sheet = selectors.sheet_get_visible(tenant=tenant, membership=membership, id=sheet_id)
    if not rights.can_review(membership, author_id=sheet.author_id):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _sheet_page(request, sheet, form, status=400)
    comment = form.cleaned_data["comment"]
    try:
        if request.POST.get("decision") == "approve":
            services.sheet_approve(tenant=tenant, actor=membership, sheet=sheet, comment=comment)
            messages.success(request, _("Published to the communities and the library."))
        else:
            services.sheet_send_back(tenant=tenant, actor=membership, sheet=sheet, comment=comment)
            messages.success(request, _("Sent back to its author."))
    except ValidationError as refused:
        form.add_error(None, ValidationError(refused.messages))
        return _sheet_page(request, sheet, form, status=400)
    return redirect("communities:lesson_sheet", tenant_slug, sheet.pk)
