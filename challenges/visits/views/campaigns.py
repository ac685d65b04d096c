"""Mystery-visit and customer-survey campaigns (head office): the list, a new campaign, its
results, the firm's file imported all or nothing, a score typed in by hand."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network_animation.tabular import ImportRejected, RowError
from network_animation.views.common import TenantRequest, paginate, require

from ...models import SurveyCampaign
from .. import rights, selectors, services
from ..forms import CampaignForm, CampaignImportForm, ResultForm

PER_PAGE = 50


@require(rights.can_manage)
def campaigns(request: TenantRequest, tenant_slug: str) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.campaign_create(
                tenant=request.tenant, actor=request.membership, **form.cleaned_data
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            return redirect("challenges:campaign", tenant_slug, created.pk)
    context = {"campaigns": selectors.campaign_list(tenant=request.tenant), "form": form}
    status = 400 if form.errors else 200
    return render(request, "challenges/visits/campaigns.html", context, status=status)


def _page(
    request: TenantRequest,
    found: SurveyCampaign,
    *,
    import_form: CampaignImportForm | None = None,
    result_form: ResultForm | None = None,
    import_errors: list[RowError] | None = None,
) -> HttpResponse:
    tenant = request.tenant
    points = selectors.network_points(tenant=tenant)
    context = {
        "campaign": found,
        "page": paginate(
            request, selectors.campaign_results(tenant=tenant, campaign=found), per_page=PER_PAGE
        ),
        "import_form": import_form or CampaignImportForm(),
        "result_form": result_form
        or ResultForm(points=points, initial={"date": timezone.localdate()}),
        "import_errors": import_errors or [],
    }
    bad = bool(import_errors) or any(f is not None and f.errors for f in (import_form, result_form))
    return render(request, "challenges/visits/campaign.html", context, status=400 if bad else 200)


@require(rights.can_manage)
def campaign(request: TenantRequest, tenant_slug: str, survey_campaign_id: int) -> HttpResponse:
    return _page(request, selectors.campaign_get(tenant=request.tenant, id=survey_campaign_id))


@require_POST
@require(rights.can_manage)
def campaign_import(
    request: TenantRequest, tenant_slug: str, survey_campaign_id: int
) -> HttpResponse:
    found = selectors.campaign_get(tenant=request.tenant, id=survey_campaign_id)
    form = CampaignImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, found, import_form=form)
    upload = form.cleaned_data["file"]
    try:
        count = services.campaign_import(
            tenant=request.tenant,
            actor=request.membership,
            campaign=found,
            content=upload.read(),
            filename=upload.name,
            today=timezone.localdate(),
        )
    except ImportRejected as rejected:
        return _page(request, found, import_form=form, import_errors=rejected.errors)
    messages.success(request, _("%(count)s scores are imported.") % {"count": count})
    return redirect("challenges:campaign", tenant_slug, found.pk)


@require_POST
@require(rights.can_manage)
def campaign_result(
    request: TenantRequest, tenant_slug: str, survey_campaign_id: int
) -> HttpResponse:
    tenant = request.tenant
    found = selectors.campaign_get(tenant=tenant, id=survey_campaign_id)
    points = selectors.network_points(tenant=tenant)
    form = ResultForm(request.POST, points=points)
    if form.is_valid():
        try:
            services.campaign_result_save(
                tenant=tenant,
                actor=request.membership,
                campaign=found,
                today=timezone.localdate(),
                **form.cleaned_data,
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("The score is saved."))
            return redirect("challenges:campaign", tenant_slug, found.pk)
    return _page(request, found, result_form=form)
