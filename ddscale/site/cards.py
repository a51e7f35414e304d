"""Link-preview images (Open Graph / Twitter cards): one small PNG per entry, drawn with Pillow at
build time.

No network: the font is the DejaVu Sans that matplotlib ships. A 2-bit palette image keeps each
card near 3 KB and a few ms to draw; the build caches them by content, so rebuilds redraw only what
changed, and draws the rest in a second process (this module run as a script) while it builds the
pages.
"""

from __future__ import annotations

import importlib.util
import io
import os
import textwrap
from functools import lru_cache
from typing import Any

SIZE = (600, 315)  # the large-card size platforms accept; a quarter of the pixels of 1200 x 630
PALETTE = [0, 105, 92, 255, 255, 255, 178, 223, 219]  # teal background, white, light teal


def _fonts_folder() -> str:
    """matplotlib's bundled fonts, found without importing matplotlib (seconds, and memory)."""
    spec = importlib.util.find_spec("matplotlib")
    assert spec is not None and spec.submodule_search_locations
    return os.path.join(list(spec.submodule_search_locations)[0], "mpl-data", "fonts", "ttf")


@lru_cache(maxsize=4)
def _font(bold: bool, size: int) -> Any:
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(os.path.join(_fonts_folder(), name), size)


@lru_cache(maxsize=16)
def _base(kicker: str) -> Any:
    """What every card of a section shares (background, kicker, footer): drawn once."""
    from PIL import Image, ImageDraw  # imported where cards are drawn, not by every build

    image = Image.new("P", SIZE, 0)
    image.putpalette(PALETTE)
    pen = ImageDraw.Draw(image)
    pen.text((35, 30), kicker.upper(), font=_font(True, 15), fill=2)
    pen.text(
        (35, 270), "Does Django scale?  ·  dated, sourced evidence", font=_font(False, 15), fill=2
    )
    return image


def draw(title: str, line: str, kicker: str) -> bytes:
    """A card: kicker (section), the title (wrapped), one line (the headline figure)."""
    from PIL import ImageDraw

    image = _base(kicker).copy()
    pen = ImageDraw.Draw(image)
    y = 65
    for row in textwrap.wrap(title, width=30)[:3]:
        pen.text((35, y), row, font=_font(True, 34), fill=1)
        y += 42
    for row in textwrap.wrap(line, width=48)[:2]:
        pen.text((35, y + 15), row, font=_font(False, 20), fill=1)
        y += 26
    out = io.BytesIO()
    image.save(out, "PNG", bits=2, compress_level=1)  # 3 colours: 2 bits a pixel; fast zlib
    return out.getvalue()


def draw_into(folder: str, jobs: list[tuple[str, tuple[str, str, str]]]) -> list[bytes]:
    """draw() each (path, (title, line, kicker)) and write it to folder/path, in this process
    (the build's drawing process); return the cards drawn."""
    cards, made = [], set()
    for path, request in jobs:
        card = draw(*request)
        target = os.path.join(folder, path)
        if os.path.dirname(target) not in made:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            made.add(os.path.dirname(target))
        with open(target, "wb") as fh:
            fh.write(card)
        cards.append(card)
    return cards


if __name__ == "__main__":  # the build's drawing process: (folder, jobs) in, the cards out
    import pickle
    import sys

    folder, jobs = pickle.load(sys.stdin.buffer)
    sys.stdout.buffer.write(pickle.dumps(draw_into(folder, jobs)))
