"""What a step needs before it is saved, by kind and by the module's language. Pure: the forms
show these errors by field, the services refuse with them."""

from typing import TYPE_CHECKING

from .. import errors
from ..models.modules import Language, Step
from ..video import video_embed_url

if TYPE_CHECKING:
    from .authoring import ChoiceData, StepData


def required_languages(language: str) -> list[str]:
    if language == Language.BOTH:
        return ["fr", "en"]
    return ["en"] if language == Language.ENGLISH else ["fr"]


CAPTIONED = (Step.Kind.VIDEO, Step.Kind.IMAGE)  # their text is an optional caption


def step_data_errors(
    data: "StepData", language: str, has_image: bool = False
) -> dict[str, list[str]]:
    """Each field's problems; empty when the step can be saved (`has_image`: the step being
    changed has its image already, kept unless another is sent)."""
    problems: dict[str, list[str]] = {}
    for code in required_languages(language):
        if data.kind not in CAPTIONED and not getattr(data, f"body_{code}").strip():
            problems[f"body_{code}"] = [str(errors.NEEDS_TEXT)]
        if data.kind == Step.Kind.FLASHCARD and not getattr(data, f"back_{code}").strip():
            problems[f"back_{code}"] = [str(errors.NEEDS_BACK)]
        if data.kind == Step.Kind.IMAGE and not getattr(data, f"image_alt_{code}").strip():
            problems[f"image_alt_{code}"] = [str(errors.NEEDS_ALT)]
    if data.kind == Step.Kind.IMAGE and data.image is None and not has_image:
        problems["image"] = [str(errors.NEEDS_IMAGE)]
    if data.kind == Step.Kind.VIDEO:
        if not data.video_url.strip():
            problems["video_url"] = [str(errors.NEEDS_VIDEO)]
        elif video_embed_url(data.video_url) is None:
            problems["video_url"] = [str(errors.VIDEO_HOST)]
    if data.kind == Step.Kind.QUIZ:
        problems.update(_choice_errors(data, language))
    return problems


def written_choices(data: "StepData") -> list["ChoiceData"]:
    """The answers with some text (the form's blank rows left out)."""
    return [c for c in data.choices if (c.text_fr + c.text_en).strip()]


def _choice_errors(data: "StepData", language: str) -> dict[str, list[str]]:
    codes = required_languages(language)
    written = written_choices(data)
    if len(written) < 2:
        return {"__all__": [str(errors.NEEDS_CHOICES)]}
    for choice in written:
        for code in codes:
            if not getattr(choice, f"text_{code}").strip():
                message = errors.ANSWER_WITHOUT[code] % {"number": written.index(choice) + 1}
                return {"__all__": [str(message)]}
    if not any(c.is_correct for c in written):
        return {"__all__": [str(errors.NEEDS_CORRECT)]}
    return {}
