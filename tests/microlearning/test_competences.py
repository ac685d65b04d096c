"""The competence framework's authoring (head office): the scale, the tree (no loops), modules
linked to competences from the module form, certifications from their form; and hostile text
in every authored field rendering harmlessly (CHECKLIST X2)."""

import pytest
from django.urls import reverse

from microlearning.models import (
    AssessmentChoice,
    AssessmentQuestion,
    Certification,
    Competence,
    ModuleCompetence,
    ScaleLevel,
)
from microlearning.services import CertificationData, LevelData, certification_save, level_save
from network_animation.models import Role
from network_animation.tenancy import tenant_scope

from ..harmless import dangers
from .factories import (
    link,
    make_assessment,
    make_competence,
    make_module,
    make_scale,
    take,
)
from .test_xss import PAYLOADS

pytestmark = pytest.mark.django_db


def url(network, name: str, *args) -> str:
    return reverse(f"microlearning:{name}", args=[network.tenant.slug, *args])


def test_head_office_writes_the_scale_and_the_tree(network_a):
    client = network_a.client(Role.HEAD_OFFICE)
    client.post(url(network_a, "level_new"), {"name_fr": "Débutant", "min_score": 0})
    answer = client.post(
        url(network_a, "level_new"), {"name_en": "Confirmed", "min_score": 60, "proficient": "on"}
    )
    assert answer.status_code == 302
    twice = client.post(url(network_a, "level_new"), {"name_fr": "Encore", "min_score": 60})
    assert twice.status_code == 400  # two levels never share a threshold
    client.post(url(network_a, "competence_new"), {"name_fr": "Vente", "position": 0})
    with tenant_scope(network_a.tenant):
        vente = Competence.objects.get()
    client.post(
        url(network_a, "competence_new"),
        {"name_fr": "Découverte", "parent": vente.pk, "position": 0},
    )
    with tenant_scope(network_a.tenant):
        child = Competence.objects.get(name_fr="Découverte")
        assert child.parent_id == vente.pk
        assert list(ScaleLevel.objects.values_list("min_score", "proficient")) == [
            (0, False),
            (60, True),
        ]
    # Placing a competence under its own child is refused.
    loop = client.post(
        url(network_a, "competence_edit", vente.pk),
        {"name_fr": "Vente", "parent": child.pk, "position": 0},
    )
    assert loop.status_code == 400
    page = client.get(url(network_a, "framework")).content.decode()
    assert page.index("Vente") < page.index("Découverte")
    assert "competence--depth-1" in page


def test_another_tenants_competence_is_no_choice(network_a, network_b):
    foreign = make_competence(network_b, "Étrangère")
    client = network_a.client(Role.HEAD_OFFICE)
    answer = client.post(
        url(network_a, "competence_new"), {"name_fr": "X", "parent": foreign.pk, "position": 0}
    )
    assert answer.status_code == 400
    module = make_module(network_a)
    form = client.get(url(network_a, "module_edit", module.pk)).content.decode()
    assert "Étrangère" not in form


def test_the_module_form_links_competences(network_a):
    vente = make_competence(network_a, "Vente")
    module = make_module(network_a, title="Conclure")
    client = network_a.client(Role.HEAD_OFFICE)
    answer = client.post(
        url(network_a, "module_edit", module.pk),
        {
            "language": "fr",
            "title_fr": "Conclure",
            "pass_mark": 70,
            "competences": [vente.pk],
        },
    )
    assert answer.status_code == 302
    with tenant_scope(network_a.tenant):
        assert list(ModuleCompetence.objects.values_list("module_id", "competence_id")) == [
            (module.pk, vente.pk)
        ]


def test_head_office_defines_a_certification(network_a):
    levels = make_scale(network_a)
    vente = make_competence(network_a, "Vente")
    client = network_a.client(Role.HEAD_OFFICE)
    data = {
        "name_fr": "Vendeur confirmé",
        "role": Role.POS_STAFF,
        "validity_months": 24,
        "is_active": "on",
        "requirements-TOTAL_FORMS": 2,
        "requirements-INITIAL_FORMS": 0,
        "requirements-0-competence": vente.pk,
        "requirements-0-level": levels[1].pk,
        "requirements-1-competence": "",
        "requirements-1-level": "",
    }
    assert client.post(url(network_a, "certification_new"), data).status_code == 302
    with tenant_scope(network_a.tenant):
        certification = Certification.objects.get()
        assert [(r.competence_id, r.level_id) for r in certification.requirements.all()] == [
            (vente.pk, levels[1].pk)
        ]
    empty = {**data, "requirements-0-competence": ""}
    assert client.post(url(network_a, "certification_new"), empty).status_code == 400


def test_a_certification_names_no_other_tenants_competence_or_level(network_a, network_b):
    make_scale(network_a)
    foreign_levels = make_scale(network_b)
    foreign = make_competence(network_b, "Étrangère")
    data = {
        "name_fr": "X",
        "validity_months": 24,
        "requirements-TOTAL_FORMS": 1,
        "requirements-INITIAL_FORMS": 0,
        "requirements-0-competence": foreign.pk,
        "requirements-0-level": foreign_levels[1].pk,
    }
    answer = network_a.client().post(url(network_a, "certification_new"), data)
    assert answer.status_code == 400
    with tenant_scope(network_a.tenant):
        assert not Certification.objects.filter(tenant=network_a.tenant).exists()


def test_the_authoring_pages_are_head_offices(network_a):
    for role in (Role.ANIMATOR, Role.REGIONAL_DIRECTOR, Role.POS_MANAGER, Role.POS_STAFF):
        client = network_a.client(role)
        for name in ("framework", "competence_new", "level_new", "certification_new"):
            assert client.get(url(network_a, name)).status_code == 403, (role, name)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_in_every_authored_field_is_harmless(network_a, payload):
    levels = make_scale(network_a)
    with tenant_scope(network_a.tenant):
        level_save(
            tenant=network_a.tenant,
            actor=network_a.members[Role.HEAD_OFFICE],
            data=LevelData(name_fr=payload, name_en=payload, min_score=50),
        )
    competence = make_competence(
        network_a, payload, name_en=payload, description_fr=payload, description_en=payload
    )
    module = make_module(network_a, title=payload)
    link(network_a, module, competence)
    assessment = make_assessment(network_a, [competence], title_fr=payload, summary_fr=payload)
    with tenant_scope(network_a.tenant):
        AssessmentQuestion.objects.update(body_fr=payload)
        AssessmentChoice.objects.update(text_fr=payload)
        certification = certification_save(
            tenant=network_a.tenant,
            actor=network_a.members[Role.HEAD_OFFICE],
            data=CertificationData(
                name_fr=payload, description_fr=payload, requirements=[(competence, levels[0])]
            ),
        ).certification
    dealer = network_a.client(Role.POS_STAFF)
    dealer.post(url(network_a, "assessment_start", assessment.pk))
    pages = [
        dealer.get(url(network_a, "assessments")),
        dealer.get(url(network_a, "assessment", assessment.pk)),
    ]
    take(network_a, assessment, right=lambda q: False)
    pages += [
        dealer.get(url(network_a, "assessment", assessment.pk)),
        dealer.get(url(network_a, "assessments")),
        dealer.get(url(network_a, "my_plan")),
        dealer.get(
            reverse("point_of_sale", args=[network_a.tenant.slug, network_a.point_of_sale.pk])
        ),
        dealer.get(reverse("profile")),  # their certifications, on their account page
    ]
    staff = network_a.members[Role.POS_STAFF]
    manager = network_a.client(Role.POS_MANAGER)
    pages += [
        manager.get(url(network_a, "person_plan", staff.pk)),
        manager.get(url(network_a, "plans")),
    ]
    office = network_a.client(Role.HEAD_OFFICE)
    with tenant_scope(network_a.tenant):
        question = AssessmentQuestion.objects.first()
    pages += [
        office.get(url(network_a, "framework")),
        office.get(url(network_a, "competence_edit", competence.pk)),
        office.get(url(network_a, "assessment_manage", assessment.pk)),
        office.get(url(network_a, "question_edit", assessment.pk, question.pk)),
        office.get(url(network_a, "certification_edit", certification.pk)),
        office.get(url(network_a, "level_edit", levels[0].pk)),
        network_a.client(Role.ANIMATOR).get(
            reverse("zone", args=[network_a.tenant.slug, network_a.zone.pk])
        ),
    ]
    for page in pages:
        assert page.status_code == 200, page.request["PATH_INFO"]
        assert dangers(page.content.decode()) == [], page.request["PATH_INFO"]
