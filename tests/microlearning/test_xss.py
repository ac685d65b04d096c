"""CHECKLIST X2: hostile text in every field an author writes renders harmlessly, on the
learner's pages (list, player, feedback, finish) and the author's (module, step form, preview)."""

import re

import pytest
from django.urls import reverse

from microlearning.models import Step
from microlearning.services import ChoiceData, StepData
from network_animation.models import Role

from ..harmless import dangers
from .factories import learn, make_module, steps_of, wrong_choices

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
]


def url(network, name: str, *args) -> str:
    return reverse(f"microlearning:{name}", args=[network.tenant.slug, *args])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_in_every_authored_field_is_harmless(network_a, payload):
    choices = [
        ChoiceData(text_fr=payload, is_correct=False, explanation_fr=payload),
        ChoiceData(text_fr=f"B {payload}", is_correct=True, explanation_fr=payload),
    ]
    steps = [
        StepData(kind=Step.Kind.TEXT, body_fr=payload),
        StepData(kind=Step.Kind.FLASHCARD, body_fr=payload, back_fr=payload),
        StepData(kind=Step.Kind.QUIZ, body_fr=payload, choices=choices),
        StepData(kind=Step.Kind.VIDEO, body_fr=payload, video_url="https://vimeo.com/76979871"),
    ]
    module = make_module(network_a, steps, title=payload, summary_fr=payload, tags=[payload])
    learn(network_a, module, upto=0)
    ids = [step.pk for step in steps_of(network_a, module)]
    learner = network_a.client(Role.POS_STAFF)
    author = network_a.client(Role.HEAD_OFFICE)
    pages = [learner.get(url(network_a, "list") + "?tab=running")]
    for step_id in ids:  # each step as it comes, then the quiz's feedback
        pages.append(learner.get(url(network_a, "module", module.pk)))
        chosen = wrong_choices(steps_of(network_a, module)[2]) if step_id == ids[2] else []
        passed = learner.post(url(network_a, "step_pass", module.pk, step_id), {"choice": chosen})
        pages.append(learner.get(passed["Location"]))
    pages.append(learner.get(url(network_a, "module", module.pk)))  # finished
    pages += [
        author.get(url(network_a, name, *args))
        for name, args in [
            ("manage", []),
            ("manage_module", [module.pk]),
            ("module_edit", [module.pk]),
            ("preview", [module.pk]),
            *[("step_edit", [module.pk, step_id]) for step_id in ids],
        ]
    ]
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        found = [d for d in dangers(html) if d != "<iframe>"]
        assert found == [], (page.request["PATH_INFO"], found)
        # The only frame is the video step's own embed, never one the author typed.
        frames = re.findall(r"<iframe[^>]*>", html)
        assert all('src="https://player.vimeo.com/video/76979871"' in f for f in frames), frames
