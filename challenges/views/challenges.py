"""Challenge pages: the launch steps, a challenge's leaderboard, rewards, labels. Thin: parse,
check the permission, call a service or selector, render a page or an htmx fragment."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from network_animation import permissions
from network_animation import selectors as organisation
from network_animation.exports import table_response
from network_animation.models import Region, Zone
from network_animation.views.common import TenantRequest

from .. import exports, launch_reads, selectors, services
from ..forms import (
    KPI_ROWS,
    STEP_TITLES,
    STEPS,
    ChallengeLaunchForm,
    ChallengeScoringForm,
    goal_text,
)
from ..models import Challenge

LAUNCH = "challenges/launch.html"


def _launch_scope(
    request: TenantRequest, zone_id: int | None, region_id: int | None
) -> tuple[Zone | None, Region | None]:
    tenant = request.tenant
    zone = organisation.zone_get(tenant=tenant, id=zone_id) if zone_id else None
    region = organisation.region_get(tenant=tenant, id=region_id) if region_id else None
    if not permissions.can_launch_challenge(request.membership, zone or region):
        raise PermissionDenied
    return zone, region


def _posted_step(request: TenantRequest) -> int:
    step = request.POST.get("step", "1")
    return min(max(int(step), 1), len(STEPS)) if step.isdigit() else 1


def _defaults(request: TenantRequest, form: ChallengeLaunchForm, step: int) -> dict[str, Any]:
    """What a step shows the first time: the fields' initial values, a useful period (see
    challenges/periods.py), and goals suggested from the scope's gap to its objectives, written
    as the reader writes numbers."""
    defaults = {name: form.fields[name].initial for name in STEPS[step - 1]}
    if step == 2:
        period = form.default_period()
        defaults.update(period=period.key, start=period.start, end=period.end)
        found = selectors.target_suggestions(
            tenant=request.tenant,
            kpis=list(form.goal_kpis.values()),
            zone=form.zone,
            region=form.region,
            participants=form.scope_points.count(),
        )
        for i, kpi in form.goal_kpis.items():
            suggested = found.get(kpi.pk)
            if suggested is not None:
                defaults[f"target_{i}"] = goal_text(suggested, kpi)
    return {name: value for name, value in defaults.items() if value is not None}


# What a link may fill in advance (a suggested action's one click): the address keeps them
# from step to step (the form posts to it), each filled when its step comes.
PREFILLED = ("name", "kpi_1", "target_1", "points_of_sale")


def _prefilled(request: TenantRequest, step: int) -> dict[str, list[str]]:
    """The values the address gives for the fields of step `step`."""
    fields = [name for name in PREFILLED if name in STEPS[step - 1]]
    return {name: request.GET.getlist(name) for name in fields if request.GET.getlist(name)}


def _with_defaults(
    request: TenantRequest, form: ChallengeLaunchForm, step: int
) -> ChallengeLaunchForm:
    data = request.POST.copy()
    for name, values in _prefilled(request, step).items():
        if name not in data:
            data.setlist(name, [_as_typed(form, name, value) for value in values])
    for name, value in _defaults(request, form, step).items():
        data.setdefault(name, str(value))
    return ChallengeLaunchForm(data, tenant=form.tenant, zone=form.zone, region=form.region)


def _as_typed(form: ChallengeLaunchForm, name: str, value: str) -> str:
    """A goal given by a link (a dot for decimals) as the reader would type it."""
    kpi = form.goal_kpis.get(int(name.removeprefix("target_"))) if "target_" in name else None
    try:
        return goal_text(float(value), kpi) if kpi is not None else value
    except ValueError:
        return value


def _namesakes(request: TenantRequest, form: ChallengeLaunchForm) -> list[Challenge]:
    """The challenges of the same name over the same days, unless the launch was confirmed
    (or is a draft, which launches nothing)."""
    data = form.cleaned_data
    if "draft" in request.POST or data.get("confirm_namesake"):
        return []
    return launch_reads.challenge_namesakes(
        tenant=request.tenant,
        name=data["name"],
        start=data["start"],
        end=data["end"],
        zone=form.zone,
        region=form.region,
    )


def _launch_submit(request: TenantRequest, form: ChallengeLaunchForm) -> Challenge | None:
    try:
        return services.challenge_launch(
            tenant=request.tenant,
            actor=request.membership,
            spec=form.spec(),
            draft="draft" in request.POST,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


def launch(
    request: TenantRequest,
    tenant_slug: str,
    zone_id: int | None = None,
    region_id: int | None = None,
) -> HttpResponse:
    zone, region = _launch_scope(request, zone_id, region_id)
    initial = {name: values[0] for name, values in _prefilled(request, 1).items()}
    form = ChallengeLaunchForm(
        request.POST or None, initial=initial, tenant=request.tenant, zone=zone, region=region
    )
    step, posted = 1, 0
    namesakes: list[Challenge] = []
    if request.method == "POST":
        posted = _posted_step(request)
        step = next((s for s in range(1, posted + 1) if form.step_errors(s)), posted + 1)
        if step > len(STEPS):
            namesakes = _namesakes(request, form)
            challenge = None if namesakes else _launch_submit(request, form)
            if challenge is not None:
                return render(request, f"{LAUNCH}#launched", {"challenge": challenge})
            step = len(STEPS)
        elif step > posted:
            form = _with_defaults(request, form, step)
    context = {**_launch_context(form, step, posted, zone, region), "namesakes": namesakes}
    if namesakes:  # the name can be changed right there, or the launch confirmed
        context["earlier_fields"].remove("name")
    template = f"{LAUNCH}#wizard" if request.htmx else LAUNCH
    return render(request, template, context)


def _launch_context(
    form: ChallengeLaunchForm, step: int, posted: int, zone: Zone | None, region: Region | None
) -> dict[str, Any]:
    return {
        "form": form,
        "step": step,
        "steps": STEP_TITLES,
        "show_errors": step <= posted,
        "step_fields": STEPS[step - 1],
        "kpi_rows": range(1, KPI_ROWS + 1),
        "earlier_fields": [name for fields in STEPS[: step - 1] for name in fields],
        "zone": zone,
        "region": region,
    }


def _viewable(request: TenantRequest, challenge_id: int) -> Challenge:
    challenge = selectors.challenge_get(tenant=request.tenant, id=challenge_id)
    if not permissions.can_view_challenge(
        request.membership, zone=challenge.zone, region=challenge.region
    ):
        raise PermissionDenied
    return challenge


def challenge_detail(request: TenantRequest, tenant_slug: str, challenge_id: int) -> HttpResponse:
    challenge = _viewable(request, challenge_id)
    kpis = selectors.challenge_kpis(tenant=request.tenant, challenges=[challenge])[challenge.pk]
    standings = selectors.standings_by_challenge(tenant=request.tenant, challenges=[challenge])
    rows = standings[challenge.pk]
    export_format = request.GET.get("format", "")
    if export_format:
        table = exports.leaderboard_table(challenge, kpis, rows)
        return table_response(table, export_format, challenge.name)
    can_manage = permissions.can_launch_challenge(
        request.membership, challenge.zone or challenge.region
    )
    tenant, today = request.tenant, timezone.localdate()
    return render(
        request,
        "challenges/challenge_detail.html",
        {
            "challenge": challenge,
            "kpis": kpis,
            "standings": rows,
            "can_manage": can_manage,
            "rewards": list(challenge.rewards.select_related("point_of_sale", "person__user")),
            "participants": launch_reads.participant_goals(
                tenant=tenant, challenge=challenge, kpis=kpis, standings=rows
            ),
            "first_figures_on": launch_reads.challenge_first_figures_on(
                tenant=tenant, challenge=challenge, kpis=kpis, today=today
            ),
        },
    )


@require_POST
def challenge_publish(request: TenantRequest, tenant_slug: str, challenge_id: int) -> HttpResponse:
    challenge = _viewable(request, challenge_id)
    if not permissions.can_launch_challenge(request.membership, challenge.zone or challenge.region):
        raise PermissionDenied
    try:
        services.challenge_publish(tenant=request.tenant, challenge=challenge)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("challenges:detail", tenant_slug, challenge.pk)


def challenge_scoring_edit(
    request: TenantRequest, tenant_slug: str, challenge_id: int
) -> HttpResponse:
    """Change the rule, the ties or the weights of a challenge that has not started."""
    challenge = _viewable(request, challenge_id)
    if not permissions.can_launch_challenge(request.membership, challenge.zone or challenge.region):
        raise PermissionDenied
    kpis = selectors.challenge_kpis(tenant=request.tenant, challenges=[challenge])[challenge.pk]
    form = ChallengeScoringForm(request.POST or None, challenge=challenge, kpis=kpis)
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_scoring_change(
                tenant=request.tenant,
                challenge=challenge,
                scoring_rule=form.cleaned_data["scoring_rule"],
                tie_break=form.cleaned_data["tie_break"],
                weights=form.weights(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("challenges:detail", tenant_slug, challenge.pk)
    return render(
        request,
        "challenges/challenge_scoring.html",
        {"challenge": challenge, "form": form},
        status=400 if form.errors else 200,
    )
