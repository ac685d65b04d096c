"""A person's training from the skills axis: their gap, the competences it names, and their
plan as it stands (its modules, done or late). For the project's editors."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from microlearning.selectors.plans import competences_with_modules, plan_of
from network_animation.models import Membership
from network_animation.text import markdown_render
from network_animation.views.common import TenantRequest

from ...models import UnitProject
from .. import selectors as unit_selectors
from ..views.common import editable_project
from . import selectors, services
from .forms import SkillTrainingForm


def _person(request: TenantRequest, project: UnitProject, membership_id: int) -> Membership:
    people = unit_selectors.unit_people(tenant=request.tenant, point_of_sale=project.point_of_sale)
    person = people.filter(pk=membership_id).first()
    if person is None:  # another unit's, another tenant's or nobody: the same answer
        raise Http404
    return person


def unit_skill_training(
    request: TenantRequest, tenant_slug: str, unit_project_id: int, membership_id: int
) -> HttpResponse:
    project = editable_project(request, unit_project_id)
    person = _person(request, project, membership_id)
    tenant, today = request.tenant, timezone.localdate()
    named = selectors.training_of(tenant=tenant, people=[person], today=today)[person.pk]
    form = SkillTrainingForm(
        request.POST or None,
        initial={"competences": [competence.pk for competence in named.competences]},
        choices=competences_with_modules(tenant=tenant),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.skill_gap_train(
                tenant=tenant,
                actor=request.membership,
                project=project,
                person=person,
                competences=form.chosen(),
                today=today,
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Saved: their training plan follows."))
            return redirect("challenges:unit_project", tenant_slug, project.point_of_sale_id)
    found = selectors.skill_assessment_of(tenant=tenant, project=project, person=person)
    context = {
        "project": project,
        "person": person,
        "assessment": found,
        "notes_html": markdown_render(found.notes if found else ""),
        "form": form,
        "plan": plan_of(tenant=tenant, membership=person, today=today),
    }
    status = 400 if form.errors else 200
    return render(request, "challenges/units/skill_training.html", context, status=status)
