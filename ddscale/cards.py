"""Link-preview images (Open Graph / Twitter cards): one small PNG per entry, drawn with Pillow at build time.

No network: the font is the DejaVu Sans that matplotlib ships. A palette image keeps each card near
2 KB and about 2 ms to draw; cards are cached by content in .cache/cards so rebuilds redraw only
what changed.
"""

from __future__ import annotations

import hashlib
import io
import os
import textwrap
from functools import lru_cache

import matplotlib
from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
PALETTE = [0, 105, 92, 255, 255, 255, 178, 223, 219]  # teal background, white, light teal
CACHE = ".cache/cards"


@lru_cache(maxsize=4)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(os.path.join(matplotlib.get_data_path(), "fonts", "ttf", name), size)


def draw(title: str, line: str, kicker: str) -> bytes:
    """A card: kicker (section), the title (wrapped), one line (the headline figure)."""
    image = Image.new("P", SIZE, 0)
    image.putpalette(PALETTE)
    pen = ImageDraw.Draw(image)
    pen.text((70, 60), kicker.upper(), font=_font(True, 30), fill=2)
    y = 130
    for row in textwrap.wrap(title, width=30)[:3]:
        pen.text((70, y), row, font=_font(True, 68), fill=1)
        y += 84
    for row in textwrap.wrap(line, width=48)[:2]:
        pen.text((70, y + 30), row, font=_font(False, 40), fill=1)
        y += 52
    pen.text((70, 540), "Does Django scale?  ·  dated, sourced evidence", font=_font(False, 30), fill=2)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def card(title: str, line: str, kicker: str, cache: str = CACHE) -> bytes:
    """draw(), reused from the cache when the same text was drawn before."""
    key = hashlib.sha256("\x00".join((title, line, kicker)).encode()).hexdigest()[:32]
    path = os.path.join(cache, key + ".png")
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        pass
    data = draw(title, line, kicker)
    try:
        os.makedirs(cache, exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError:
        pass
    return data
