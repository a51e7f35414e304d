"""Take screenshots of built pages, light and dark, desktop and phone: python scripts/screenshots.py
PAGE...

Writes PNGs to screenshots/ (not committed). PAGE is a path below site/, e.g. sites/instagram/.
"""

from __future__ import annotations

import os
import sys

from playwright.sync_api import sync_playwright

sys.path.insert(0, os.path.dirname(__file__))
from browser import launch_args  # noqa: E402
from serve_static import serve  # noqa: E402

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def main(pages: list[str]) -> None:
    os.makedirs("screenshots", exist_ok=True)
    with serve("site") as base, sync_playwright() as p:
        browser = p.chromium.launch(**launch_args())
        for scheme in ("light", "dark"):
            for size_name, size in SIZES.items():
                ctx = browser.new_context(viewport=size, color_scheme=scheme, device_scale_factor=1)
                page = ctx.new_page()
                for path in pages:
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    name = (
                        path.strip("/").replace("/", "_") or "home"
                    ) + f"-{scheme}-{size_name}.png"
                    page.screenshot(
                        path=os.path.join("screenshots", name),
                        full_page="--full" in os.environ.get("SHOTS", ""),
                    )
                    print("screenshots/" + name)
                ctx.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:] or ["", "sites/", "faq/"])
