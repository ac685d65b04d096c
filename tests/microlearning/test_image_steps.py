"""Image steps: uploaded through the step form, re-encoded by the platform's helper
(network_animation/uploads_media.py), described in each language, copied into a new version,
shown to those who may see the step and to nobody else. CHECKLIST U1 to U6 for this upload, T9
for its file, X2 for its description and caption."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import MULTIPART_CONTENT
from django.urls import reverse
from PIL import Image

from microlearning.models import Module, Step
from microlearning.models.modules import Language
from microlearning.services import StepData, module_publish, step_add, step_update
from network_animation.models import Role
from network_animation.tenancy import tenant_scope
from network_animation.uploads_media import image_reencode

from ..communities.test_attachments import (
    SVG,
    RawUpload,
    jpeg,
    minimal_pdf,
    photo_with_gps,
    png_declaring,
)
from ..harmless import dangers
from ..network_animation.test_uploads import UnreadableBody, post_body
from .factories import learn, make_module, steps_of, text
from .test_xss import PAYLOADS

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
STORED_NAME = re.compile(r"learning/(\d+)/[0-9a-f]{32}\.(jpg|png)")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def stored_files(settings) -> list:
    return [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]


def new_step_url(network, module: Module) -> str:
    page = reverse("microlearning:step_new", args=[network.tenant.slug, module.pk])
    return f"{page}?kind=image"


def image_url(network, module: Module, step: Step) -> str:
    return reverse("microlearning:step_image", args=[network.tenant.slug, module.pk, step.pk])


def add_image_step(network, module: Module, name: str, content: bytes, **fields):
    form = {
        "body_fr": "La **vitrine** du jour.",
        "image_alt_fr": "Une vitrine de trois voitures",
        "estimated_seconds": 30,
        "image": SimpleUploadedFile(name, content, content_type="image/jpeg"),
        **fields,
    }
    return network.client().post(new_step_url(network, module), form)


def image_steps(network) -> list[Step]:
    with tenant_scope(network.tenant):
        return list(Step.objects.filter(kind=Step.Kind.IMAGE).order_by("pk"))


@pytest.fixture
def draft(network_a) -> Module:
    return make_module(network_a, [text()], title="La vitrine", publish=False)


def published_with_image(network, name="vitrine.jpg", content=None) -> tuple[Module, Step]:
    """A published module whose second step is an image."""
    module = make_module(network, [text()], title="La vitrine", publish=False)
    answer = add_image_step(network, module, name, content or jpeg())
    assert answer.status_code == 302
    with tenant_scope(network.tenant):
        module_publish(
            tenant=network.tenant, actor=network.members[Role.HEAD_OFFICE], module=module
        )
        module.refresh_from_db()
        return module, Step.objects.get(version=module.published, kind=Step.Kind.IMAGE)


def test_an_image_step_is_stored_re_encoded_upright_small_and_without_metadata(
    network_a, draft, settings
):
    answer = add_image_step(network_a, draft, "IMG_2041.JPG", photo_with_gps())
    assert answer.status_code == 302
    [step] = image_steps(network_a)
    assert STORED_NAME.fullmatch(step.image.name).group(1) == str(network_a.tenant.pk)
    assert (step.image_type, step.image_width, step.image_height) == ("image/jpeg", 1500, 2000)
    assert step.image_alt_fr == "Une vitrine de trois voitures"
    stored = Image.open(io.BytesIO(step.image.read()))
    assert (stored.format, stored.size) == ("JPEG", (1500, 2000))  # turned upright, shrunk
    assert dict(stored.getexif()) == {}  # no GPS position, no phone
    assert "comment" not in stored.info
    assert len(stored_files(settings)) == 1


def test_the_description_is_required_in_each_language_of_the_module(network_a, settings):
    both = make_module(
        network_a,
        [StepData(kind="text", body_fr="Bonjour", body_en="Hello")],
        title="Les deux",
        title_en="Both",
        language=Language.BOTH,
        publish=False,
    )
    both_answer = add_image_step(network_a, both, "v.jpg", jpeg(), body_en="", image_alt_en="")
    assert both_answer.status_code == 400
    assert "image_alt_en" in both_answer.context["form"].errors
    answer = add_image_step(network_a, both, "v.jpg", jpeg(), image_alt_fr="  ")
    assert answer.status_code == 400
    assert image_steps(network_a) == []
    assert stored_files(settings) == []


def test_the_image_is_required_when_adding_and_kept_when_changing(network_a, draft):
    missing = network_a.client().post(
        new_step_url(network_a, draft),
        {"image_alt_fr": "Une vitrine", "estimated_seconds": 30},
    )
    assert missing.status_code == 400
    assert missing.context["form"].errors["image"] == ["Choose the image to show."]
    add_image_step(network_a, draft, "v.jpg", jpeg())
    [step] = image_steps(network_a)
    edit = reverse("microlearning:step_edit", args=[network_a.tenant.slug, draft.pk, step.pk])
    changed = network_a.client().post(
        edit, {"image_alt_fr": "Deux voitures", "body_fr": "", "estimated_seconds": 40}
    )
    assert changed.status_code == 302
    [kept] = image_steps(network_a)
    assert (kept.image.name, kept.image_alt_fr, kept.body_fr) == (
        step.image.name,
        "Deux voitures",
        "",
    )


def test_a_new_version_copies_the_image_and_people_in_progress_keep_theirs(network_a):
    module, published = published_with_image(network_a)
    learn(network_a, module, upto=1)  # the dealer is in the middle of version 1
    with tenant_scope(network_a.tenant):
        changed = step_update(
            tenant=network_a.tenant,
            actor=network_a.members[Role.HEAD_OFFICE],
            step=published,
            data=StepData(
                kind=Step.Kind.IMAGE,
                image=image_reencode(SimpleUploadedFile("new.jpg", jpeg((300, 200)))),
                image_alt_fr="La nouvelle vitrine",
                estimated_seconds=30,
            ),
        )
        published.refresh_from_db()
    assert changed.version_id != published.version_id
    assert changed.image.name != published.image.name
    assert (published.image_alt_fr, published.image_width) == ("Une vitrine de trois voitures", 800)
    dealer = network_a.client(Role.POS_STAFF)
    assert dealer.get(image_url(network_a, module, published)).status_code == 200
    # The draft's image is the author's until published.
    assert dealer.get(image_url(network_a, module, changed)).status_code == 404
    assert network_a.client().get(image_url(network_a, module, changed)).status_code == 200


def test_the_player_shows_the_image_with_its_description(network_a):
    module, step = published_with_image(network_a)
    learn(network_a, module, upto=1)
    page = network_a.client(Role.POS_STAFF).get(
        reverse("microlearning:module", args=[network_a.tenant.slug, module.pk])
    )
    html = page.content.decode()
    src = image_url(network_a, module, step)
    assert f'<img src="{src}" width="800" height="600" alt="Une vitrine de trois voitures">' in html
    assert "<strong>vitrine</strong>" in html  # the caption's Markdown


def test_the_image_is_served_in_place_never_sniffed_nor_run(network_a):
    module, step = published_with_image(network_a)
    answer = network_a.client(Role.POS_STAFF).get(image_url(network_a, module, step))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "image/jpeg"
    assert answer["Content-Disposition"].startswith("inline")
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in answer["Content-Security-Policy"]
    content = b"".join(answer.streaming_content)
    assert Image.open(io.BytesIO(content)).size == (800, 600)


def test_another_tenant_or_a_module_the_person_may_not_learn_answers_404(network_a, network_b):
    """CHECKLIST T9."""
    module, step = published_with_image(network_a)
    foreign = network_b.client(Role.POS_STAFF)
    path = reverse("microlearning:step_image", args=[network_b.tenant.slug, module.pk, step.pk])
    assert foreign.get(path).status_code == 404
    with tenant_scope(network_a.tenant):
        Module.objects.filter(pk=module.pk).update(zone=network_a.other_zone)
    dealer = network_a.client(Role.POS_STAFF)  # the other zone's module is not theirs
    assert dealer.get(image_url(network_a, module, step)).status_code == 404
    text_step = steps_of(network_a, module)[0]
    assert network_a.client().get(image_url(network_a, module, text_step)).status_code == 404


def test_a_file_over_the_size_limit_is_refused_before_it_is_decoded(network_a, draft, settings):
    """CHECKLIST U1."""
    too_large = b"\xff\xd8\xff" + bytes(10 * MB)
    answer = add_image_step(network_a, draft, "huge.jpg", too_large)
    assert answer.status_code == 400
    assert answer.context["form"].errors["image"][0].startswith("The file is larger than")
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", b"MZ" + bytes(200), "The image cannot be read"),  # U2: an executable
        ("photo.jpg", minimal_pdf(), "The image cannot be read"),  # U2: a PDF named .jpg
        ("bomb.png", png_declaring(100_000, 100_000), "The image has too many pixels"),  # U3, U4
        ("logo.svg", SVG, "SVG images are not accepted"),  # U4
    ],
)
def test_what_is_not_a_readable_image_is_refused(
    network_a, draft, settings, name, content, message
):
    answer = add_image_step(network_a, draft, name, content)
    assert answer.status_code == 400
    assert answer.context["form"].errors["image"][0].startswith(message)
    assert image_steps(network_a) == []
    assert stored_files(settings) == []


def test_the_name_given_never_reaches_a_path(network_a, draft):
    """CHECKLIST U5: a hand-made request's name, path and all."""
    image = image_reencode(RawUpload("../../../etc/passwd.jpg", jpeg()))
    with tenant_scope(network_a.tenant):
        step = step_add(
            tenant=network_a.tenant,
            actor=network_a.members[Role.HEAD_OFFICE],
            module=draft,
            data=StepData(kind=Step.Kind.IMAGE, image=image, image_alt_fr="Une vitrine"),
        )
    assert STORED_NAME.fullmatch(step.image.name)
    assert ".." not in step.image.name


def test_a_60_mb_body_is_refused_before_it_is_read(network_a, draft, settings):
    """CHECKLIST U6."""
    answer = post_body(
        network_a.client(),
        new_step_url(network_a, draft),
        UnreadableBody(),
        60 * MB,
        MULTIPART_CONTENT,
    )
    assert answer.status_code == 413
    assert stored_files(settings) == []


def test_the_service_refuses_an_image_step_without_image_or_description(network_a, draft):
    with tenant_scope(network_a.tenant), pytest.raises(ValidationError) as refused:
        step_add(
            tenant=network_a.tenant,
            actor=network_a.members[Role.HEAD_OFFICE],
            module=draft,
            data=StepData(kind=Step.Kind.IMAGE),
        )
    assert set(refused.value.message_dict) == {"image", "image_alt_fr"}


def test_publishing_needs_the_description_in_each_language(network_a, draft):
    add_image_step(network_a, draft, "v.jpg", jpeg())
    with tenant_scope(network_a.tenant):
        Module.objects.filter(pk=draft.pk).update(language=Language.BOTH, title_en="Window")
        Step.objects.filter(version__module=draft).update(body_en="In English")
        draft.refresh_from_db()
        with pytest.raises(ValidationError) as refused:
            module_publish(
                tenant=network_a.tenant, actor=network_a.members[Role.HEAD_OFFICE], module=draft
            )
    assert refused.value.messages == ["Step 2 has no English description of its image."]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_descriptions_and_captions_are_harmless(network_a, payload):
    """CHECKLIST X2."""
    module = make_module(network_a, [text()], title="La vitrine", publish=False)
    add_image_step(network_a, module, "v.jpg", jpeg(), image_alt_fr=payload, body_fr=payload)
    with tenant_scope(network_a.tenant):
        module_publish(
            tenant=network_a.tenant, actor=network_a.members[Role.HEAD_OFFICE], module=module
        )
    learn(network_a, module, upto=1)
    pages = [
        network_a.client(Role.POS_STAFF).get(
            reverse("microlearning:module", args=[network_a.tenant.slug, module.pk])
        ),
        network_a.client().get(
            reverse("microlearning:preview", args=[network_a.tenant.slug, module.pk])
        ),
    ]
    for page in pages:
        assert page.status_code == 200
        assert dangers(page.content.decode()) == []
