"""Rules the JSON Schema cannot say, each a small function that yields located problems.

Read them as the spec: slugs are unique and sorted; references resolve; dates are real and not in
the future; every figure cites a source of its own entry; a move off Django says to what (and when,
where a source dates it);
a site is published only when some source confirms it ran Django.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

from .model import first_day
from .policy import Policy
from .problems import Problem
from .vocabulary import HEADLINE_CLASSES, METRICS, PLACEHOLDER
from .yamlsource import Document, Path, describe

_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")

SCALE_CLASSES = {c for classes in HEADLINE_CLASSES for c in classes}
Rule = Callable[[Document, dt.date, Policy], Iterator[Problem]]


def _at(doc: Document, at: Path, message: str) -> Problem:
    line, col = doc.where(at)
    return Problem(doc.path, line, col, *describe(doc.data, at), message)


def _list(entry: dict[str, Any], key: str) -> list[Any]:
    """A list field, or nothing when it is missing or of the wrong type (the schema reports
    that)."""
    value = entry.get(key)
    return value if isinstance(value, list) else []


def _entries(doc: Document) -> Iterator[tuple[str, int, dict[str, Any]]]:
    data = doc.data if isinstance(doc.data, dict) else {}
    for section, items in data.items():
        if isinstance(items, list):
            for i, entry in enumerate(items):
                if isinstance(entry, dict):
                    yield section, i, entry


def unique_slugs(doc: Document, today: dt.date, policy: Policy) -> Iterator[Problem]:
    seen: dict[str, Path] = {}
    for section, i, entry in _entries(doc):
        names = [("slug", entry.get("slug"))] + [
            (("former_slugs", j), s) for j, s in enumerate(_list(entry, "former_slugs"))
        ]
        for key, slug in names:
            if not isinstance(slug, str):
                continue
            at = (section, i) + (key if isinstance(key, tuple) else (key,))
            if slug in seen:
                first = doc.where(seen[slug])[0]
                yield _at(
                    doc,
                    at,
                    f"the slug '{slug}' is already used at line {first}: slugs are unique across "
                    f"the whole catalogue; choose another",
                )
            else:
                seen[slug] = at


def sorted_by_slug(doc: Document, today: dt.date, policy: Policy) -> Iterator[Problem]:
    previous: dict[str, str] = {}
    for section, i, entry in _entries(doc):
        slug = entry.get("slug")
        if not isinstance(slug, str):
            continue
        before = previous.get(section)
        if before is not None and slug < before:
            yield _at(
                doc,
                (section, i, "slug"),
                f"'{slug}' comes after '{before}': entries are sorted by slug within {section}; "
                f"move it up (or run make fmt)",
            )
        previous[section] = slug if before is None or slug > before else before


def references_resolve(doc: Document, today: dt.date, policy: Policy) -> Iterator[Problem]:
    sites = {
        e.get("slug")
        for s, _, e in _entries(doc)
        if s in ("sites", "also_on_django") and isinstance(e.get("slug"), str)
    }
    for section, i, entry in _entries(doc):
        refs = entry.get("sites") if section != "sites" else None
        for j, ref in enumerate(refs if isinstance(refs, list) else []):
            if isinstance(ref, str) and ref not in sites:
                yield _at(
                    doc,
                    (section, i, "sites", j),
                    f"no site has the slug '{ref}': add the site first or fix the slug",
                )


def _date_fields(entry: dict[str, Any]) -> Iterator[tuple[Path, Any]]:
    for key in ("date", "last_verified", "added"):
        if key in entry:
            yield (key,), entry[key]
    for listname, key in (("figures", "as_of"), ("sources", "date")):
        for j, item in enumerate(_list(entry, listname)):
            if isinstance(item, dict) and key in item:
                yield (listname, j, key), item[key]


def dates_are_real(doc: Document, today: dt.date, policy: Policy) -> Iterator[Problem]:
    for section, i, entry in _entries(doc):
        for sub, value in _date_fields(entry):
            if not isinstance(value, str) or not _DATE.match(value):
                continue  # the schema reports the shape
            try:
                first = first_day(value)
            except ValueError:
                yield _at(
                    doc,
                    (section, i) + sub,
                    f"'{value}' is not a day of the calendar: check the month and day",
                )
                continue
            if first > today:
                yield _at(
                    doc,
                    (section, i) + sub,
                    f"'{value}' is in the future (today is {today.isoformat()}): a figure or "
                    f"check cannot be dated ahead",
                )
        for key in ("status_year", "django_adopted", "django_left"):
            year = entry.get(key)
            if isinstance(year, int) and year > today.year:
                yield _at(
                    doc, (section, i, key), f"{year} is in the future: use the year it happened"
                )


def figures_cite_sources(doc: Document, today: dt.date, policy: Policy) -> Iterator[Problem]:
    for section, i, entry in _entries(doc):
        ids: dict[str, int] = {}
        for j, source in enumerate(_list(entry, "sources")):
            sid = source.get("id") if isinstance(source, dict) else None
            if isinstance(sid, str):
                if sid in ids:
                    yield _at(
                        doc,
                        (section, i, "sources", j, "id"),
                        f"the source id '{sid}' is used twice in this entry: rename one",
                    )
                ids[sid] = j
        for j, figure in enumerate(_list(entry, "figures")):
            ref = figure.get("source") if isinstance(figure, dict) else None
            if isinstance(ref, str) and ref not in ids:
                known = ", ".join(ids) or "none yet"
                yield _at(
                    doc,
                    (section, i, "figures", j, "source"),
                    f"no source with id '{ref}' in this entry (its sources: {known}): add it "
                    f"under sources or fix the id",
                )


def status_is_complete(doc: Document, today: dt.date, policy: Policy) -> Iterator[Problem]:
    for section, i, entry in _entries(doc):
        if section != "sites":
            continue
        status = entry.get("status")
        if status == "moved-off-django" and "moved_to" not in entry:
            yield _at(
                doc,
                (section, i, "status"),
                "a site that moved off Django needs moved_to: what it moved to",
            )
        if status != "moved-off-django" and "moved_to" in entry:
            yield _at(
                doc,
                (section, i, "moved_to"),
                "moved_to is only for status moved-off-django: remove it or change the status",
            )
        start, end = entry.get("django_adopted"), entry.get("django_left")
        if isinstance(start, int) and isinstance(end, int) and end < start:
            yield _at(
                doc,
                (section, i, "django_left"),
                f"left Django in {end}, before adopting it in {start}: check both years",
            )


def django_evidence_is_dated(doc: Document, today: dt.date, policy: Policy) -> Iterator[Problem]:
    """`django_evidence` names a source of the entry; on a site it must be dated (its year ends the
    site's Django years). An also-on-Django entry may cite an undated operator's page: shown
    as undated."""
    for section, i, entry in _entries(doc):
        ref = entry.get("django_evidence")
        if not isinstance(ref, str):
            continue
        dates = {s.get("id"): s.get("date") for s in _list(entry, "sources") if isinstance(s, dict)}
        if ref not in dates:
            yield _at(
                doc,
                (section, i, "django_evidence"),
                f"no source with id '{ref}' in this entry: name one of its sources",
            )
        elif not dates[ref] and section != "also_on_django":
            yield _at(
                doc,
                (section, i, "django_evidence"),
                f"the source '{ref}' has no date: give it one, its year is shown as the last "
                f"evidence of Django",
            )


def site_figures_are_evidence(doc: Document, today: dt.date, policy: Policy) -> Iterator[Problem]:
    """A site's page rests on figures that say what served them and what exactly was counted, and
    at least one of them measures its audience, traffic, data or capacity."""
    for section, i, entry in _entries(doc):
        if section != "sites":
            continue
        figures = [f for f in _list(entry, "figures") if isinstance(f, dict)]
        for j, figure in enumerate(figures):
            for key, why in (
                ("served_by", "what served it: django, product or edge"),
                ("note", "what exactly was counted, and where in the source"),
            ):
                if key not in figure:
                    yield _at(doc, (section, i, "figures", j), f"add {key}: {why}")
        for j, figure in enumerate(figures):
            about = METRICS.get(figure.get("metric", ""))
            if about and about.klass not in SCALE_CLASSES:
                yield _at(
                    doc,
                    (section, i, "figures", j, "metric"),
                    f"a site's figures measure its scale; an {about.klass} figure "
                    f"({figure['metric']}) does not: keep the fact in the summary instead",
                )
        classes = {METRICS[f["metric"]].klass for f in figures if f.get("metric") in METRICS}
        known = all(f.get("metric") in METRICS for f in figures)  # else the schema reports it
        if figures and known and not classes & SCALE_CLASSES:
            yield _at(
                doc,
                (section, i, "figures"),
                "no figure measures this site's audience, traffic, data or capacity: find one, "
                "or move the entry to also_on_django (same slug) with its dated Django source",
            )


def sites_ran_django(doc: Document, today: dt.date, policy: Policy) -> Iterator[Problem]:
    """A site no source ties to Django is a claim, not a site: it belongs in myths as 'unproven'."""
    for section, i, entry in _entries(doc):
        if section == "sites" and entry.get("verification") == "unconfirmed":
            yield _at(
                doc,
                (section, i, "verification"),
                "no source confirms this site ran Django, so it cannot be listed as a Django "
                "site: cite one "
                "that does, or move the entry to myths with verdict unproven (keep its slug in "
                "former_slugs)",
            )


def _texts(value: Any, at: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(value, str):
        yield at, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, at + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, at + (i,))


def sources_from_publishers(doc: Document, today: dt.date, policy: Policy) -> Iterator[Problem]:
    """Refused sources (redirectors, search pages, API endpoints, content farms); copies say so."""
    for section, i, entry in _entries(doc):
        for j, source in enumerate(_list(entry, "sources")):
            url = source.get("url") if isinstance(source, dict) else None
            if not isinstance(url, str):
                continue
            for rule in policy.refused_sources:
                if rule.match in url:
                    yield _at(
                        doc,
                        (section, i, "sources", j, "url"),
                        f"refused source ({rule.match}): {rule.reason}",
                    )
            for rule in policy.copy_hosts:
                if rule.match in url and "copy_of" not in source:
                    yield _at(
                        doc,
                        (section, i, "sources", j, "url"),
                        f"this host holds copies ({rule.reason}): add copy_of with the original's "
                        f"title and publisher",
                    )
        copies = {
            s.get("id") for s in _list(entry, "sources") if isinstance(s, dict) and "copy_of" in s
        }
        for j, figure in enumerate(_list(entry, "figures")):
            ref = figure.get("source") if isinstance(figure, dict) else None
            if isinstance(ref, str) and ref in copies and figure.get("grade") == "primary":
                yield _at(
                    doc,
                    (section, i, "figures", j, "grade"),
                    "this figure cites a copy (its source has copy_of): grade it secondary at "
                    "most, or cite the original",
                )


def readers_words(doc: Document, today: dt.date, policy: Policy) -> Iterator[Problem]:
    """Catalogue text speaks of the sources, never of how the research was done."""
    for section, i, entry in _entries(doc):
        for at, value in _texts(entry, (section, i)):
            low = value.lower()
            for phrase in policy.research_phrases:
                if phrase in low:
                    yield _at(
                        doc,
                        at,
                        f"'{phrase}' tells how the research was done: say what the sources show "
                        f"instead",
                    )
                    break


def placeholders(doc: Document) -> Iterator[Problem]:
    """Values left as "FILL IN: ..." by `make new`: name each one with its hint."""
    for section, i, entry in _entries(doc):
        for at, value in _texts(entry, (section, i)):
            if value.startswith(PLACEHOLDER):
                hint = value[len(PLACEHOLDER) :].lstrip(": ").strip()
                yield _at(doc, at, f"still to fill in: {hint}")


RULES: tuple[Rule, ...] = (
    unique_slugs,
    sorted_by_slug,
    references_resolve,
    dates_are_real,
    figures_cite_sources,
    status_is_complete,
    sites_ran_django,
    site_figures_are_evidence,
    django_evidence_is_dated,
    sources_from_publishers,
    readers_words,
)


def problems(doc: Document, today: dt.date, policy: Policy) -> Iterator[Problem]:
    for rule in RULES:
        yield from rule(doc, today, policy)
