"""`make new KIND=site SLUG=example`: insert a commented entry, to be filled in, at its sorted place.

Every value to fill starts with "FILL IN"; until it is replaced, `make check` names that field at
its line (and reports nothing else about it).

Usage: python -m ddscale.scaffold KIND SLUG [PATH]   (KIND: site, talk, case-study, myth)
"""

from __future__ import annotations

import datetime as dt
import re
import sys

from .catalogue import DEFAULT_PATH

PLACEHOLDER = "FILL IN"
SECTION_OF = {"site": "sites", "talk": "talks", "case-study": "case_studies", "myth": "myths"}

_SOURCE = """    sources:
      # Every source: one you opened yourself. Never guess a URL.
      - id: source-1                 # short, unique in this entry; figures cite it
        title: "FILL IN: the page's title"
        publisher: "FILL IN: who published it (or the author)"
        date: "FILL IN: publication date, YYYY-MM-DD (or YYYY-MM, YYYY)"
        url: "FILL IN: https://... the address you opened"
        # archive_url: https://web.archive.org/...   (if an archived copy exists)
"""
_FIGURE = """    figures:
      # One per number: metric from the list in CONTRIBUTING.md; the unit follows from it.
      - metric: "FILL IN: e.g. monthly_active_users"
        value: "FILL IN: a plain number, 400 million is 400000000"
        as_of: "FILL IN: when the number was true, YYYY-MM-DD (or YYYY-MM, YYYY)"
        source: source-1
        grade: "FILL IN: primary (the operator's own), secondary (a report of it) or estimate"
        # note: peak, average, what exactly was counted
"""
_TAIL = """    last_verified: "{today}"       # the day you checked the sources
    added: "{today}"
"""

TEMPLATES = {
    "site": """  - slug: {slug}
    name: "FILL IN: the site's name"
    url: "FILL IN: https://... the site's address"
    status: "FILL IN: active, defunct or moved-off-django"
    # status_year: 2019              # the year it closed or left Django (only where a source dates it)
    # moved_to: Go services          # what it moved to (moved-off-django only)
    scope: "FILL IN: whole-product, core-product, api, backend, internal-tool, one-app, cms or part"
    scope_note: "FILL IN: one sentence on exactly what runs Django"
    # django_adopted: 2010           # only if a source says so
    stack: []                        # components a source names: postgresql, redis, celery, ...
    tags: []                         # e.g. social, news, e-commerce
    summary: "FILL IN: two to five sentences in your own words: what the evidence shows and what it does not"
""" + _FIGURE + _SOURCE + _TAIL,
    "talk": """  - slug: {slug}
    title: "FILL IN: the talk's title"
    speakers: ["FILL IN: a speaker's name"]
    event: "FILL IN: e.g. DjangoCon US 2019"
    date: "FILL IN: YYYY-MM-DD (or YYYY-MM, YYYY)"
    sites: []                        # slugs of the sites it covers
    topics: []                       # caching, databases, sharding, async, ...
    links:
      - kind: video                  # video, slides, notes, page or transcript
        url: "FILL IN: https://... the address you opened"
    summary: "FILL IN: two to five sentences in your own words on what the talk covers"
""" + _TAIL,
    "case-study": """  - slug: {slug}
    title: "FILL IN: what was measured, e.g. Load test of one Django server"
    date: "FILL IN: when it was published, YYYY-MM-DD (or YYYY-MM, YYYY)"
    sites: []                        # slugs of the sites it concerns
    summary: "FILL IN: two to five sentences in your own words"
    setup:
      web_server: "FILL IN: e.g. nginx"    # also app_server, database, cache, hardware, other
    workload: "FILL IN: what load, how it was generated and measured"
""" + _FIGURE + """    lessons: []                      # short sentences
""" + _SOURCE + _TAIL,
    "myth": """  - slug: {slug}
    subject: "FILL IN: the site the claim is about"
    claim: "FILL IN: the claim as people repeat it, e.g. X is built with Django."
    verdict: "FILL IN: not-django, side-tool-only, unproven or partly-true"
    summary: "FILL IN: what it actually ran on, and the evidence, in your own words"
""" + _SOURCE + _TAIL,
}


def entry_text(kind: str, slug: str, today: dt.date) -> str:
    return TEMPLATES[kind].format(slug=slug, today=today.isoformat())


def insert(text: str, kind: str, slug: str, today: dt.date) -> str:
    """Insert the template into the catalogue text at its sorted place within its section."""
    section = SECTION_OF[kind]
    lines = text.splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if ln.rstrip() in (f"{section}:", f"{section}: []")), None)
    if start is None:
        return text.rstrip("\n") + f"\n{section}:\n" + entry_text(kind, slug, today)
    if lines[start].rstrip().endswith("[]"):
        lines[start] = f"{section}:\n"
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^[a-z_]+:", lines[i])), len(lines))
    at = end
    for i in range(start + 1, end):
        match = re.match(r"^  - slug: (\S+)", lines[i])
        if match and match.group(1) > slug:
            at = i
            break
    return "".join(lines[:at]) + entry_text(kind, slug, today) + "".join(lines[at:])


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2 or args[0] not in TEMPLATES or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args[1]):
        print("usage: make new KIND=site|talk|case-study|myth SLUG=lowercase-with-hyphens", file=sys.stderr)
        return 2
    kind, slug = args[0], args[1]
    path = args[2] if len(args) > 2 else DEFAULT_PATH
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    if re.search(rf"^\s+- slug: {re.escape(slug)}\s*$", text, re.M):
        print(f"{path}: the slug '{slug}' already exists: choose another", file=sys.stderr)
        return 1
    result = insert(text, kind, slug, dt.date.today())
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(result)
    line = result[: result.index(f"- slug: {slug}\n")].count("\n") + 1
    print(f"{path}:{line}: added {kind} '{slug}'; fill in every FILL IN value, then run make check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
