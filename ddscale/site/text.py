"""Turn catalogue text into safe output: Markdown without raw HTML or unsafe links, numbers for
people.

Catalogue fields are data. Summaries are Markdown, but raw HTML in them is shown as text, links and
images may only point to http(s) or local anchors, and nothing is ever handed to Jinja as source.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

SAFE_SCHEMES = ("http://", "https://", "#", "mailto:")


class _SafeLinks(Treeprocessor):
    """Drop href/src values that are not http(s), mailto or anchors; images become their alt
    text."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "img":
                    index = list(parent).index(child)
                    parent.remove(child)
                    span = etree.Element("span")
                    span.text = child.get("alt", "")
                    span.tail = child.tail
                    parent.insert(index, span)
                elif child.tag == "a":
                    href = (child.get("href") or "").strip()
                    if not href.lower().startswith(SAFE_SCHEMES):
                        child.attrib.pop("href", None)
                    else:
                        child.set("rel", "nofollow noopener")


class _SafeMarkdown(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "safe_links", 0)


_md = markdown.Markdown(extensions=[_SafeMarkdown()], output_format="html")


def markdown_html(source: str) -> Markup:
    """Render catalogue Markdown to HTML that cannot carry markup or scripts of its own."""
    _md.reset()
    return Markup(_md.convert(source))


def plain(source: str) -> str:
    """Markdown to one line of plain text (for descriptions, feeds and JSON summaries)."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", source)
    text = re.sub(r"(\*\*|\*|`)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\1(?!\w)", r"\2", text)
    return " ".join(text.split())


def attribute(text: str) -> str:
    """Plain text made safe for an HTML attribute written raw by a theme template."""
    return html.escape(text, quote=True)


_UNITS = ((1_000_000_000_000, "trillion"), (1_000_000_000, "billion"), (1_000_000, "million"))


def number(value: float) -> str:
    """1200000000 -> '1.2 billion'; 43000 -> '43,000'; 0.5 -> '0.5'."""
    for size, word in _UNITS:
        if abs(value) >= size:
            scaled = value / size
            return f"{scaled:.1f}".rstrip("0").rstrip(".") + f" {word}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def short_number(value: float) -> str:
    """1200000000 -> '1.2B', for badges and chart labels."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.1f}".rstrip("0").rstrip(".") + suffix
    return number(value)
