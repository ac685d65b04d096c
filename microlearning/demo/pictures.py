"""The demo's image steps: drawn with Pillow when the demo is seeded (never at import), small and
the same every time, then re-encoded by the platform's helper like any upload."""

import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from network_animation.uploads_media import image_reencode

from ..models import Step
from ..services import StepData

Text = tuple[str, str]
WIDTH, HEIGHT = 480, 270
BACKGROUND = "#f4f1ec"


@dataclass(frozen=True)
class DemoPicture:
    """An image step: a row of coloured shapes (cars on a showroom floor, products on a shelf,
    shades on a chart), its description and its caption in French and English."""

    colours: tuple[str, ...]
    alt: Text
    caption: Text
    round_shapes: bool = False  # bottles and jars rather than cars and boxes
    seconds: int = 30

    def png(self) -> bytes:
        image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, HEIGHT - 40, WIDTH, HEIGHT), fill="#d9d3c7")  # the floor or shelf
        slot = WIDTH // len(self.colours)
        for index, colour in enumerate(self.colours):
            left, right = index * slot + 14, (index + 1) * slot - 14
            if self.round_shapes:
                draw.rounded_rectangle((left, 70, right, HEIGHT - 40), radius=28, fill=colour)
                draw.rectangle((left + 18, 48, right - 18, 72), fill="#3d3d3d")  # the cap
            else:
                draw.rounded_rectangle((left, 140, right, HEIGHT - 60), radius=16, fill=colour)
                draw.rounded_rectangle((left + 14, 110, right - 14, 150), radius=12, fill=colour)
                for wheel in (left + 14, right - 40):
                    draw.ellipse((wheel, HEIGHT - 78, wheel + 26, HEIGHT - 52), fill="#222222")
        out = io.BytesIO()
        image.save(out, "PNG")
        return out.getvalue()

    def step(self) -> StepData:
        upload = SimpleUploadedFile("demo.png", self.png(), content_type="image/png")
        return StepData(
            kind=Step.Kind.IMAGE,
            body_fr=self.caption[0],
            body_en=self.caption[1],
            image=image_reencode(upload),
            image_alt_fr=self.alt[0],
            image_alt_en=self.alt[1],
            estimated_seconds=self.seconds,
        )


def picture(
    colours: tuple[str, ...],
    alt: Text,
    caption: Text,
    *,
    round_shapes: bool = False,
    seconds: int = 30,
) -> DemoPicture:
    return DemoPicture(colours, alt, caption, round_shapes=round_shapes, seconds=seconds)
