"""The one model of the catalogue: every field of every section declared once, as typed dataclasses.

A field's `spec(...)` is the only place that says what it holds. The JSON Schema (schema.py), the
scaffold of `make new`, CONTRIBUTING.md's field reference, `make fmt`'s key order and the API are
all derived from these classes. Values computed from the data (headline figure, latest figure per
metric, Django years, decade, labels) are properties here, computed once per entry; templates and
macros read them and compute nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

from . import vocabulary as V
from .spec import spec, specs

T_SUMMARY = (
    "Markdown, in your own words: two to five sentences on what the evidence shows and what it "
    "does not."
)
T_OPENED = "An http(s) URL that you actually opened."
RECENT_YEARS = 3  # a site is shown as on Django "today" only with a source this recent


def first_day(value: str) -> dt.date:
    """A "YYYY", "YYYY-MM" or "YYYY-MM-DD" date as the first day of its period."""
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def fractional_year(value: str) -> float:
    """A partial date as a year with the month as a fraction (2012-07 -> 2012.5), for charts."""
    day = first_day(value)
    return day.year + ((day.month - 1) / 12 if "-" in value else 0)


def qualifier_free(name: str) -> str:
    """'Densho Digital Repository (editing application)' -> 'Densho Digital Repository'."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()


@dataclass(frozen=True)
class Source:
    id: str = spec(
        "id",
        "Short id, unique within the entry; figures name it in `source`.",
        required=True,
        example="source-1",
    )
    title: str = spec(
        "text",
        "The source's title.",
        required=True,
        max_length=300,
        example="FILL IN: the page's title",
    )
    publisher: str = spec(
        "text",
        "Publisher or author.",
        required=True,
        max_length=300,
        example="FILL IN: who published it (or the author)",
    )
    author: str | None = spec("text", "Author, if not the publisher.", max_length=300, hidden=True)
    date: str | None = spec(
        "date",
        "Publication date.",
        example="FILL IN: publication date, YYYY-MM-DD (or YYYY-MM, YYYY)",
    )
    url: str = spec(
        "url", T_OPENED, required=True, example="FILL IN: https://... the address you opened"
    )
    copy_of: str | None = spec(
        "text",
        "Only when the URL is a copy (mirror, scrape, re-post, slide-sharing copy): the "
        "original's title and publisher. Figures from a copy are graded secondary at most.",
        max_length=300,
        hidden=True,
    )
    archive_url: str | None = spec(
        "url", "An archived copy (web.archive.org) that you saw.", hidden=True
    )
    kind: str | None = spec("word", "What kind of source it is.", words=V.SOURCE_KINDS, hidden=True)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


@dataclass(frozen=True)
class Figure:
    metric: str = spec(
        "word",
        "One metric of the shared vocabulary (the unit follows from it).",
        required=True,
        words={k: m.label for k, m in V.METRICS.items()},
        example="FILL IN: e.g. monthly_active_users",
    )
    value: float = spec(
        "number",
        "A plain number: 400 million is 400000000.",
        required=True,
        example="FILL IN: a plain number, 400 million is 400000000",
    )
    as_of: str = spec(
        "date",
        "When the figure was true (or the source's date).",
        required=True,
        example="FILL IN: when the number was true, YYYY-MM-DD (or YYYY-MM, YYYY)",
    )
    source: Source = spec(
        "id", "The id of one of this entry's sources.", required=True, example="source-1"
    )
    grade: str = spec(
        "word",
        "primary: the operator's own; secondary: a report of it; estimate: third-party guess.",
        required=True,
        words=V.GRADES,
        example="FILL IN: primary (the operator's own), secondary (a report of it) or estimate",
    )
    served_by: str | None = spec(
        "word",
        "What served the figure: django (the Django application itself), product (the whole "
        "product, Django among other services) or edge (mostly caches, CDNs or embedded widgets "
        "in front).",
        words=V.SERVED_BY,
        example="FILL IN: django, product or edge",
    )
    note: str | None = spec(
        "text",
        "What exactly was counted (period, scope, peak or average) and where in the source it "
        "appears (page, section, slide or minute).",
        max_length=500,
        example="FILL IN: what was counted, and where in the source",
    )

    @property
    def about(self) -> V.Metric:
        return V.METRICS[self.metric]

    @property
    def label(self) -> str:
        return self.about.label

    @property
    def unit(self) -> str:
        return self.about.unit

    @property
    def klass(self) -> str:
        return self.about.klass

    @property
    def year(self) -> str:
        return self.as_of[:4]

    @property
    def grade_label(self) -> str:
        return V.GRADES[self.grade]

    @property
    def served_label(self) -> str | None:
        return V.SERVED_BY[self.served_by] if self.served_by else None

    @property
    def class_label(self) -> str:
        return V.CLASSES[self.klass]


@dataclass(frozen=True)
class Link:
    kind: str = spec(
        "word",
        "video, slides, notes, page or transcript.",
        required=True,
        words=V.LINK_KINDS,
        example="video",
    )
    url: str = spec(
        "url", T_OPENED, required=True, example="FILL IN: https://... the address you opened"
    )
    archive_url: str | None = spec(
        "url", "An archived copy (web.archive.org) that you saw.", hidden=True
    )
    title: str | None = spec("text", "Link title.", max_length=300, hidden=True)


@dataclass(frozen=True)
class Setup:
    web_server: str | None = spec(
        "text", "Web server.", max_length=300, example="FILL IN: e.g. nginx"
    )
    app_server: str | None = spec("text", "App server.", max_length=300, hidden=True)
    database: str | None = spec("text", "Database.", max_length=300, hidden=True)
    cache: str | None = spec("text", "Cache.", max_length=300, hidden=True)
    hardware: str | None = spec("text", "Hardware.", max_length=300, hidden=True)
    other: str | None = spec("text", "Other.", max_length=300, hidden=True)

    def items(self) -> list[tuple[str, str]]:
        """The parts given, in declaration order."""
        return [(name, getattr(self, name)) for name, _ in specs(Setup) if getattr(self, name)]


def significant(value: float, digits: int = 2) -> float:
    """A derived number rounded to what its inputs support: 566.67 -> 570."""
    if value == 0:
        return 0
    return float(f"{value:.{digits}g}")


@dataclass(frozen=True)
class PerServer:
    """A per-server rate derived from a whole-fleet rate and the fleet's size at the same date."""

    rate: Figure
    servers: Figure

    @property
    def value(self) -> float:
        return significant(self.rate.value / self.servers.value)


RECORDS: dict[str, type] = {"source": Source, "figure": Figure, "link": Link, "setup": Setup}


def _slug(
    help: str = "Lowercase letters, digits and hyphens. It is the page's URL: never change it "
    "(list the old one in former_slugs).",
) -> Any:
    return spec("slug", help, required=True, max_length=80)


def _last_verified() -> Any:
    return spec(
        "date",
        "The date someone last checked this entry against its sources.",
        required=True,
        example="{today}",
    )


def _added() -> Any:
    return spec("date", "The date the entry was added to the catalogue.", example="{today}")


def _former_slugs() -> Any:
    return spec(
        "slugs",
        "Slugs this entry had before: the build writes redirects from them.",
        flow=True,
        hidden=True,
    )


def _summary(example: str) -> Any:
    return spec("text", T_SUMMARY, required=True, min_length=20, max_length=2000, example=example)


def _sources(
    required: bool = False,
    min_items: int | None = None,
    help: str = "Every source: one you opened yourself. Never guess a URL.",
) -> Any:
    return spec("records", help, record="source", required=required, min_items=min_items)


def _figures(required: bool = False, min_items: int | None = None) -> Any:
    return spec(
        "records",
        "One per number: metric from the list in CONTRIBUTING.md; the unit follows from it.",
        record="figure",
        required=required,
        min_items=min_items,
    )


def _site_name() -> Any:
    return spec(
        "text",
        "The site's name.",
        required=True,
        max_length=300,
        example="FILL IN: the site's name",
    )


def _site_url() -> Any:
    return spec("url", "The site's address.", example="FILL IN: https://... the site's address")


def _tags() -> Any:
    return spec("tokens", "Lowercase words, e.g. social, news, e-commerce.", flow=True, example=[])


def _site_refs(help: str) -> Any:
    return spec("slugs", help, flow=True, example=[])


@dataclass(frozen=True)
class Entry:
    """What every entry has: where it was read, and the values computed from its fields."""

    key: ClassVar[str]  # the section's key in the file
    slug: str = _slug()
    former_slugs: list[str] = _former_slugs()
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    index: int = field(default=0, repr=False, compare=False)
    line: int = field(default=1, repr=False, compare=False)  # its first line in the file

    @property
    def section(self) -> Section:
        return SECTION[self.key]

    @property
    def title(self) -> str:
        return str(getattr(self, self.section.title_field))

    @property
    def folder(self) -> str:
        return self.section.folder

    @property
    def page(self) -> str:
        """Where it is shown, below the site root: sites/instagram/, or also-on-django/#slug."""
        if self.section.has_pages:
            return f"{self.folder}/{self.slug}/"
        return f"{self.folder}/#{self.slug}"

    @property
    def page_source(self) -> str:
        """The same place as a docs path, for links and redirects between pages."""
        if self.section.has_pages:
            return f"{self.folder}/{self.slug}.md"
        return f"{self.folder}.md#{self.slug}"

    @property
    def all_figures(self) -> list[Figure]:
        return list(getattr(self, "figures", []))

    @property
    def all_sources(self) -> list[Source]:
        return list(getattr(self, "sources", []))

    @property
    def verified_on(self) -> dt.date:
        """The last_verified date (a year or month counts as its first day)."""
        return first_day(str(self.raw["last_verified"]))

    @cached_property
    def latest(self) -> dict[str, Figure]:
        """The most recent figure of each metric the entry has."""
        out: dict[str, Figure] = {}
        for f in self.all_figures:
            if f.metric not in out or f.as_of > out[f.metric].as_of:
                out[f.metric] = f
        return out

    @cached_property
    def headline(self) -> Figure | None:
        """The figure that says most about size: its newest audience or traffic figure, else its
        newest data or capacity figure; never an organisation or efficiency figure."""
        for classes in V.HEADLINE_CLASSES:
            found = [f for f in self.all_figures if f.klass in classes]
            if found:
                return max(found, key=lambda f: (f.as_of, f.value))
        return None

    @cached_property
    def people(self) -> list[Figure]:
        """Figures that count people (not ranks) served by Django or by the whole product."""
        return [
            f
            for f in self.all_figures
            if f.klass == "audience"
            and f.metric != "traffic_rank"
            and f.served_by in ("django", "product")
        ]

    @cached_property
    def per_server(self) -> list[PerServer]:
        """Requests per second per server, where a source gives a rate and the servers that
        served it at the same date (application servers preferred to all servers)."""
        out = []
        for rate in self.all_figures:
            if rate.metric != "requests_per_second":
                continue
            for metric in ("app_servers", "servers"):
                fleet = [
                    f for f in self.all_figures if f.metric == metric and f.as_of == rate.as_of
                ]
                if fleet:
                    out.append(PerServer(rate, fleet[0]))
                    break
        return out

    @cached_property
    def decade(self) -> str | None:
        """When it adopted Django, else its date, else its headline's: as "2010s"."""
        year = getattr(self, "django_adopted", None) or str(getattr(self, "date", None) or "")[:4]
        if not year and self.headline:
            year = self.headline.year
        return f"{str(year)[:3]}0s" if year else None

    @cached_property
    def known_as(self) -> list[list[str]]:
        """The names a reader may type to find it, in three ranks, best first: [its name as its
        page's heading shows it (a myth's: "subject: claim"), its slug], [that name without a
        parenthesised qualifier, each speaker], [a myth's subject, and without its qualifier].
        Each name once; trailing empty ranks left out. The search's names table (api.names) and
        its benchmark use it."""
        claim = getattr(self, "claim", None)
        name = f"{self.title}: {claim}" if claim else self.title
        ranks = [
            [name, self.slug],
            [qualifier_free(name), *getattr(self, "speakers", [])],
            [self.title, qualifier_free(self.title)],
        ]
        seen: set[str] = set()
        out = []
        for rank in ranks:
            out.append([n for n in dict.fromkeys(rank) if n and n not in seen])
            seen.update(rank)
        while out and not out[-1]:
            out.pop()
        return out

    @property
    def kind_label(self) -> str:
        return self.section.singular

    @property
    def dated(self) -> str | None:
        """Its own date, for sections that have one."""
        return getattr(self, "date", None)


@dataclass(frozen=True)
class Site(Entry):
    key: ClassVar[str] = "sites"
    name: str = _site_name()
    url: str | None = _site_url()
    status: str = spec(
        "word",
        "Whether it still runs Django.",
        required=True,
        words=V.STATUSES,
        example="FILL IN: active, defunct or moved-off-django",
    )
    status_year: int | None = spec(
        "year", "Year it closed or left Django (only where a source dates it).", hidden=True
    )
    moved_to: str | None = spec(
        "text", "What it moved to (moved-off-django only).", max_length=300, hidden=True
    )
    scope: str = spec(
        "word",
        "What part runs (or ran) on Django.",
        required=True,
        words=V.SCOPES,
        example="FILL IN: whole-product, core-product, api, backend, internal-tool, one-app, cms "
        "or part",
    )
    scope_note: str | None = spec(
        "text",
        "One sentence: exactly what runs Django.",
        max_length=400,
        example="FILL IN: one sentence on exactly what runs Django",
    )
    django_adopted: int | None = spec(
        "year", "The year it adopted Django (only if a source says so).", hidden=True
    )
    django_left: int | None = spec(
        "year", "The year it left Django (only if a source says so).", hidden=True
    )
    django_evidence: str | None = spec(
        "id",
        "The id of this entry's newest dated source that shows the site running Django: its year "
        "is the last evidence of Django shown to readers.",
        example="source-1",
    )
    stack: list[str] = spec(
        "tokens", "Components a source names: postgresql, redis, celery, ...", flow=True, example=[]
    )
    tags: list[str] = _tags()
    verification: str | None = spec(
        "word",
        "How well the sources establish that the site ran Django: confirmed, or partly-confirmed "
        "(say what is missing in verification_note). make check refuses unconfirmed for a site: "
        "such a claim belongs in myths with verdict unproven.",
        words=V.VERIFICATIONS,
        hidden=True,
    )
    verification_note: str | None = spec(
        "text", "What could not be confirmed.", max_length=600, hidden=True
    )
    summary: str = _summary(
        "FILL IN: two to five sentences in your own words: what the evidence shows and what it "
        "does not"
    )
    figures: list[Figure] = _figures(required=True, min_items=1)
    sources: list[Source] = _sources(required=True)
    last_verified: str = _last_verified()
    added: str | None = _added()

    @property
    def status_label(self) -> str:
        return V.STATUSES[self.status]

    @property
    def scope_label(self) -> str:
        return V.SCOPES[self.scope]

    @property
    def verification_label(self) -> str | None:
        return V.VERIFICATIONS[self.verification] if self.verification else None

    @property
    def still_on_django(self) -> bool:
        """Active, and a source from the last RECENT_YEARS years shows Django in use."""
        recent = dt.date.today().year - RECENT_YEARS
        return self.status == "active" and (self.last_evidence or 0) >= recent

    @property
    def django_years(self) -> str | None:
        """ "2008 – 2019", "2010 – today", "2010 – last evidence 2014": the end is "today" only
        when a recent source shows Django in use."""
        if not (self.django_adopted or self.django_left or self.last_evidence):
            return None
        if self.django_end:
            end = str(self.django_end)
        elif self.still_on_django:
            end = "today"
        elif self.last_evidence:
            end = f"last evidence {self.last_evidence}"
        else:
            end = "?"
        return f"{self.django_adopted or '?'} – {end}"

    @property
    def status_note(self) -> str:
        """The status as the tables show it: "Active on Django (last evidence 2014)"."""
        if self.status != "active":
            return self.status_label + (f" ({self.status_year})" if self.status_year else "")
        if self.still_on_django or not self.last_evidence:
            return self.status_label
        return f"{self.status_label} (last evidence {self.last_evidence})"

    @cached_property
    def django_end(self) -> int | None:
        """The year it left Django or closed, where known."""
        return self.django_left or (self.status_year if self.status != "active" else None)

    @cached_property
    def evidence(self) -> Source | None:
        """The newest dated source that shows the site running Django."""
        return {s.id: s for s in self.sources}.get(self.django_evidence or "")

    @property
    def last_evidence(self) -> int | None:
        return self.evidence.year if self.evidence else None


@dataclass(frozen=True)
class Talk(Entry):
    key: ClassVar[str] = "talks"
    title: str = spec(
        "text",
        "The talk's title.",
        required=True,
        max_length=300,
        example="FILL IN: the talk's title",
    )
    speakers: list[str] = spec(
        "texts",
        "A speaker's name.",
        required=True,
        min_items=1,
        max_length=120,
        flow=True,
        example=["FILL IN: a speaker's name"],
    )
    event: str = spec(
        "text",
        "The event, e.g. DjangoCon US 2019.",
        required=True,
        max_length=300,
        example="FILL IN: e.g. DjangoCon US 2019",
    )
    date: str = spec(
        "date",
        'A date: "YYYY-MM-DD", "YYYY-MM" or "YYYY" (quoted).',
        required=True,
        example="FILL IN: YYYY-MM-DD (or YYYY-MM, YYYY)",
    )
    sites: list[str] = spec(
        "slugs", "Slugs of the sites it covers.", required=True, flow=True, example=[]
    )
    topics: list[str] = spec(
        "words", "Caching, databases, sharding, async, ...", words=V.TOPICS, flow=True, example=[]
    )
    tags: list[str] = _tags()
    links: list[Link] = spec("records", "Where to watch or read it.", record="link")
    summary: str = _summary(
        "FILL IN: two to five sentences in your own words on what the talk covers"
    )
    figures: list[Figure] = _figures()
    sources: list[Source] = _sources()
    last_verified: str = _last_verified()
    added: str | None = _added()


@dataclass(frozen=True)
class CaseStudy(Entry):
    key: ClassVar[str] = "case_studies"
    title: str = spec(
        "text",
        "The case study's title.",
        required=True,
        max_length=300,
        example="FILL IN: what was measured, e.g. Load test of one Django server",
    )
    date: str | None = spec(
        "date",
        'A date: "YYYY-MM-DD", "YYYY-MM" or "YYYY" (quoted).',
        example="FILL IN: when it was published, YYYY-MM-DD (or YYYY-MM, YYYY)",
    )
    sites: list[str] = _site_refs("Slugs of the sites it concerns.")
    tags: list[str] = _tags()
    verification: str | None = spec(
        "word",
        "How well the sources establish what it reports.",
        words=V.VERIFICATIONS,
        hidden=True,
    )
    verification_note: str | None = spec(
        "text", "What could not be confirmed.", max_length=600, hidden=True
    )
    summary: str = _summary("FILL IN: two to five sentences in your own words")
    setup: Setup | None = spec("record", "The servers and software measured.", record="setup")
    workload: str | None = spec(
        "text",
        "What was measured, and how.",
        max_length=1000,
        example="FILL IN: what load, how it was generated and measured",
    )
    figures: list[Figure] = _figures(required=True, min_items=1)
    changes: str | None = spec("text", "What changed.", max_length=1000, hidden=True)
    lessons: list[str] = spec("texts", "A lesson.", max_length=400, example=[])
    sources: list[Source] = _sources(required=True)
    last_verified: str = _last_verified()
    added: str | None = _added()


@dataclass(frozen=True)
class Myth(Entry):
    key: ClassVar[str] = "myths"
    subject: str = spec(
        "text",
        "The site the claim is about.",
        required=True,
        max_length=300,
        example="FILL IN: the site the claim is about",
    )
    claim: str = spec(
        "text",
        "The claim, as people repeat it.",
        required=True,
        max_length=300,
        example="FILL IN: the claim as people repeat it, e.g. X is built with Django.",
    )
    verdict: str = spec(
        "word",
        "What the evidence shows.",
        required=True,
        words=V.VERDICTS,
        example="FILL IN: not-django, side-tool-only, unproven or partly-true",
    )
    sites: list[str] = _site_refs("Slugs of the sites it concerns.")
    tags: list[str] = _tags()
    summary: str = _summary("FILL IN: what it actually ran on, and the evidence, in your own words")
    figures: list[Figure] = _figures()
    sources: list[Source] = _sources(required=True, min_items=1)
    last_verified: str = _last_verified()
    added: str | None = _added()

    @property
    def verdict_label(self) -> str:
        return V.VERDICTS[self.verdict]


@dataclass(frozen=True)
class AlsoOnDjango(Entry):
    key: ClassVar[str] = "also_on_django"
    name: str = _site_name()
    url: str | None = _site_url()
    runs_django: str = spec(
        "text",
        "One sentence: what runs Django, as its source says.",
        required=True,
        max_length=400,
        example="FILL IN: one sentence on what runs Django",
    )
    django_evidence: str = spec(
        "id",
        "The id of the dated source that ties the site to Django: its year is shown as the last "
        "evidence of Django.",
        required=True,
        example="source-1",
    )
    tags: list[str] = _tags()
    sources: list[Source] = _sources(required=True, min_items=1)
    last_verified: str = _last_verified()
    added: str | None = _added()

    @cached_property
    def evidence(self) -> Source | None:
        """The dated source that ties the site to Django."""
        return {s.id: s for s in self.sources}.get(self.django_evidence)

    @property
    def last_evidence(self) -> int | None:
        return self.evidence.year if self.evidence else None


@dataclass(frozen=True)
class Section:
    """One section of the catalogue, declared once: every module iterates SECTIONS."""

    key: str  # in the file: sites
    folder: str  # in URLs: sites
    singular: str  # Site
    plural: str  # Sites
    model: type[Entry]
    title_field: str  # the field that names an entry
    template: str | None  # its page template; None: listed on one page, no page of its own
    kind: str  # what `make new KIND=...` calls it
    record: str  # its name in the JSON Schema's $defs

    @property
    def has_pages(self) -> bool:
        return self.template is not None


SECTIONS: tuple[Section, ...] = (
    Section("sites", "sites", "Site", "Sites", Site, "name", "site.md", "site", "site"),
    Section("talks", "talks", "Talk", "Talks", Talk, "title", "talk.md", "talk", "talk"),
    Section(
        "case_studies",
        "case-studies",
        "Case study",
        "Case studies",
        CaseStudy,
        "title",
        "case_study.md",
        "case-study",
        "case_study",
    ),
    Section("myths", "myths", "Myth", "Myths", Myth, "subject", "myth.md", "myth", "myth"),
    Section(
        "also_on_django",
        "also-on-django",
        "Also on Django",
        "Also on Django",
        AlsoOnDjango,
        "name",
        None,
        "also",
        "also",
    ),
)
SECTION: dict[str, Section] = {s.key: s for s in SECTIONS}
REQUIRED_SECTIONS = ("sites", "talks", "case_studies")


def _convert(value: Any, kind: str, record: str | None, by_id: dict[str, Source]) -> Any:
    if kind == "records" and record == "figure":
        return [_record(Figure, v, by_id) for v in value]
    if kind == "records":
        return [_record(RECORDS[record or ""], v, by_id) for v in value]
    if kind == "record":
        return _record(RECORDS[record or ""], value, by_id)
    return value


def _record(cls: type, raw: dict[str, Any], by_id: dict[str, Source]) -> Any:
    values = {}
    for name, s in specs(cls):
        if name in raw:
            values[name] = (
                by_id[raw[name]]
                if cls is Figure and name == "source"
                else _convert(raw[name], s.kind, s.record, by_id)
            )
    return cls(**values)


def build(section: Section, raw: dict[str, Any], index: int, line: int) -> Entry:
    """A typed entry from its validated fields as written."""
    sources = [_record(Source, s, {}) for s in raw.get("sources", [])]
    by_id = {s.id: s for s in sources}
    values: dict[str, Any] = {}
    for name, s in specs(section.model):
        if name in raw:
            values[name] = (
                sources if name == "sources" else _convert(raw[name], s.kind, s.record, by_id)
            )
    return section.model(raw=raw, index=index, line=line, **values)
