"""Writing modules: who may, the ten-minute limit, versions, and the authoring pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from microlearning import errors
from microlearning.models import Module, ModuleVersion, Progress, Step
from microlearning.services import (
    ModuleData,
    module_create,
    module_publish,
    module_update,
    step_delete,
    step_move,
    step_update,
)
from network_animation.models import AuditEvent, Role
from network_animation.tenancy import tenant_scope
from tests.factories import MembershipFactory, UserFactory

from .factories import learn, make_module, quiz, steps_of, text

pytestmark = pytest.mark.django_db


def url(network, name: str, *args) -> str:
    return reverse(f"microlearning:{name}", args=[network.tenant.slug, *args])


def test_publishing_over_ten_minutes_is_refused_saying_by_how_much(network_a):
    # 4 × 150 s + 200 s = 13 min 20 s: 3 min 20 s too long.
    steps = [text(seconds=150)] * 4 + [text(seconds=200)]
    module = make_module(network_a, steps, publish=False)
    with tenant_scope(network_a.tenant), pytest.raises(ValidationError) as refused:
        module_publish(
            tenant=network_a.tenant, actor=network_a.members[Role.HEAD_OFFICE], module=module
        )
    assert "3 min 20 s" in " ".join(refused.value.messages).replace("\xa0", " ")
    with tenant_scope(network_a.tenant):
        assert Module.objects.get().status == Module.Status.DRAFT


def test_the_publish_button_says_by_how_much_and_ten_minutes_exactly_passes(network_a):
    module = make_module(network_a, [text(seconds=300), text(seconds=320)], publish=False)
    client = network_a.client(Role.HEAD_OFFICE)
    answer = client.post(url(network_a, "publish", module.pk), follow=True)
    assert "20 s" in answer.content.decode().replace("\xa0", " ")  # French typography
    with tenant_scope(network_a.tenant):
        step = Step.objects.get(position=1)
    client.post(
        url(network_a, "step_edit", module.pk, step.pk),
        {"body_fr": "Plus court", "estimated_seconds": 300},
    )
    client.post(url(network_a, "publish", module.pk))
    with tenant_scope(network_a.tenant):
        module.refresh_from_db()
        assert module.status == Module.Status.PUBLISHED
        assert module.published.total_seconds == 600
        event = AuditEvent.objects.get(action="learning_module_published")
    assert event.target == f"module:{module.pk}"
    assert event.after["version"] == 1


def test_a_new_version_does_not_disturb_people_in_progress(network_a):
    module = make_module(network_a, [text("Un"), text("Deux"), text("Trois")])
    first = steps_of(network_a, module)
    midway = learn(network_a, module, upto=2)
    head_office = network_a.members[Role.HEAD_OFFICE]
    with tenant_scope(network_a.tenant):
        step_update(
            tenant=network_a.tenant,
            actor=head_office,
            step=Step.objects.get(pk=first[0].pk),
            data=text("Un, réécrit"),
        )
        module_publish(tenant=network_a.tenant, actor=head_office, module=module)
        module.refresh_from_db()
        versions = list(ModuleVersion.objects.order_by("number").values_list("number", flat=True))
        first[0].refresh_from_db()
    assert versions == [1, 2]
    assert first[0].body_fr == "Un"  # the published version stayed as it was
    assert steps_of(network_a, module)[0].body_fr == "Un, réécrit"
    # The dealer finishes the version they started, at the step they were at.
    client = network_a.client(Role.POS_STAFF)
    page = client.get(url(network_a, "module", module.pk)).content.decode()
    assert "Trois" in page
    client.post(url(network_a, "step_pass", module.pk, first[2].pk))
    with tenant_scope(network_a.tenant):
        progress = Progress.objects.get(pk=midway.pk)
    assert progress.version_id == first[2].version_id
    assert progress.completed_at is not None
    # A newcomer starts the new version.
    newcomer = learn(network_a, module, role=Role.POS_MANAGER, upto=0)
    assert newcomer.version_id == module.published_id != progress.version_id


def test_steps_move_and_removal_closes_the_gap(network_a):
    make_module(network_a, [text("A"), text("B"), text("C")], publish=False)
    head_office = network_a.members[Role.HEAD_OFFICE]
    with tenant_scope(network_a.tenant):
        a, b, c = Step.objects.order_by("position")
        step_move(tenant=network_a.tenant, actor=head_office, step=c, offset=-1)
        step_move(tenant=network_a.tenant, actor=head_office, step=a, offset=-1)  # at the top
        step_delete(tenant=network_a.tenant, actor=head_office, step=a)
        order = list(Step.objects.order_by("position").values_list("body_fr", "position"))
    assert order == [("C", 0), ("B", 1)]


def test_a_dealer_cannot_author(network_a):
    module = make_module(network_a)
    client = network_a.client(Role.POS_STAFF)
    assert client.get(url(network_a, "manage")).status_code == 403
    assert client.get(url(network_a, "module_new")).status_code == 403
    assert client.post(url(network_a, "publish", module.pk)).status_code == 403
    with tenant_scope(network_a.tenant), pytest.raises(PermissionDenied):
        module_create(
            tenant=network_a.tenant,
            actor=network_a.members[Role.POS_STAFF],
            data=ModuleData(title_fr="Non"),
        )


def test_an_animator_authors_only_for_their_zones(network_a):
    animator = network_a.members[Role.ANIMATOR]
    client = network_a.client(Role.ANIMATOR)
    answer = client.post(
        url(network_a, "module_new"),
        {"language": "fr", "title_fr": "Chez moi", "pass_mark": 70, "zone": network_a.zone.pk},
    )
    assert answer.status_code == 302
    refused = client.post(
        url(network_a, "module_new"),
        {
            "language": "fr",
            "title_fr": "Ailleurs",
            "pass_mark": 70,
            "zone": network_a.other_zone.pk,
        },
    )
    assert refused.status_code == 400
    whole = client.post(
        url(network_a, "module_new"), {"language": "fr", "title_fr": "Tous", "pass_mark": 70}
    )
    assert whole.status_code == 400
    with tenant_scope(network_a.tenant):
        assert list(Module.objects.values_list("title_fr", flat=True)) == ["Chez moi"]
        with pytest.raises(ValidationError):
            module_create(
                tenant=network_a.tenant,
                actor=animator,
                data=ModuleData(title_fr="Ailleurs", zone=network_a.other_zone),
            )
    head_office_module = make_module(network_a, title="Du siège")
    assert client.get(url(network_a, "manage_module", head_office_module.pk)).status_code == 403


def test_another_zones_animator_cannot_edit(network_a):
    module = make_module(network_a, role=Role.ANIMATOR, zone=network_a.zone)
    neighbour = MembershipFactory(
        tenant=network_a.tenant,
        role=Role.ANIMATOR,
        user=UserFactory(),
        zones=[network_a.other_zone],
    )
    from django.test import Client

    client = Client()
    client.force_login(neighbour.user)
    step = steps_of(network_a, module)[0]
    assert client.get(url(network_a, "manage_module", module.pk)).status_code == 403
    assert client.get(url(network_a, "step_edit", module.pk, step.pk)).status_code == 403
    assert client.post(url(network_a, "step_delete", module.pk, step.pk)).status_code == 403
    assert client.post(url(network_a, "publish", module.pk)).status_code == 403
    with tenant_scope(network_a.tenant), pytest.raises(PermissionDenied):
        module_update(
            tenant=network_a.tenant,
            actor=neighbour,
            module=module,
            data=ModuleData(title_fr="Pris", zone=network_a.other_zone),
        )
    # Its own zone's animator can.
    own = network_a.client(Role.ANIMATOR)
    assert own.get(url(network_a, "manage_module", module.pk)).status_code == 200


def test_a_quiz_step_is_written_through_its_form(network_a):
    module = make_module(network_a, [text()], publish=False)
    client = network_a.client(Role.HEAD_OFFICE)
    form = {
        "body_fr": "Quel âge ?",
        "estimated_seconds": 40,
        "choices-TOTAL_FORMS": 3,
        "choices-INITIAL_FORMS": 3,
        "choices-0-text_fr": "Trois ans",
        "choices-0-is_correct": "on",
        "choices-0-explanation_fr": "La garantie dure trois ans.",
        "choices-1-text_fr": "Un an",
        "choices-2-text_fr": "",
    }
    answer = client.post(url(network_a, "step_new", module.pk) + "?kind=quiz", form)
    assert answer.status_code == 302, answer.content.decode()[-2000:]
    with tenant_scope(network_a.tenant):
        step = Step.objects.get(kind=Step.Kind.QUIZ)
        choices = list(step.choices.values_list("text_fr", "is_correct"))
    assert choices == [("Trois ans", True), ("Un an", False)]
    no_right = {**form, "choices-0-is_correct": ""}
    refused = client.post(url(network_a, "step_new", module.pk) + "?kind=quiz", no_right)
    assert refused.status_code == 400


@pytest.mark.parametrize(
    ("link", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://evil.example/watch?v=dQw4w9WgXcQ", None),
        ("javascript:alert(1)", None),
        ("https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ", None),
    ],
)
def test_video_links_only_from_allowed_hosts_become_embeds(network_a, link, embed):
    module = make_module(network_a, [text()], publish=False)
    client = network_a.client(Role.HEAD_OFFICE)
    answer = client.post(
        url(network_a, "step_new", module.pk) + "?kind=video",
        {"video_url": link, "estimated_seconds": 90},
    )
    with tenant_scope(network_a.tenant):
        stored = list(Step.objects.filter(kind=Step.Kind.VIDEO).values_list("video_url", flat=True))
    assert stored == ([embed] if embed else [])
    assert answer.status_code == (302 if embed else 400)


def test_the_pages_allow_only_the_video_hosts_frames(network_a):
    answer = network_a.client(Role.POS_STAFF).get(url(network_a, "list"))
    policy = answer["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com https://player.vimeo.com" in policy


def test_a_module_turned_bilingual_needs_both_texts_to_publish(network_a):
    module = make_module(network_a, [text("Seulement en français")], publish=False)
    head_office = network_a.members[Role.HEAD_OFFICE]
    with tenant_scope(network_a.tenant):
        module_update(
            tenant=network_a.tenant,
            actor=head_office,
            module=module,
            data=ModuleData(title_fr="Titre", title_en="Title", language="both"),
        )
        with pytest.raises(ValidationError) as refused:
            module_publish(tenant=network_a.tenant, actor=head_office, module=module)
        with pytest.raises(ValidationError):  # a new step needs both too
            step_update(
                tenant=network_a.tenant,
                actor=head_office,
                step=Step.objects.get(),
                data=text("Toujours en français"),
            )
    assert refused.value.messages == [str(errors.STEP_WITHOUT["en"] % {"number": 1})]


def test_the_authoring_pages_answer(network_a):
    module = make_module(network_a, [text(), quiz()])
    step = steps_of(network_a, module)[1]
    client = network_a.client(Role.HEAD_OFFICE)
    for name, args in [
        ("manage", []),
        ("module_new", []),
        ("manage_module", [module.pk]),
        ("module_edit", [module.pk]),
        ("preview", [module.pk]),
        ("step_edit", [module.pk, step.pk]),
    ]:
        assert client.get(url(network_a, name, *args)).status_code == 200, name
    preview = client.get(url(network_a, "preview", module.pk)).content.decode()
    assert "answer--right" in preview  # authors see the right answer
