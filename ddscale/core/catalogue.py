"""Read, validate and model a catalogue file: the one loader of the build, the check, the API, the
tools and the tests. It knows nothing of MkDocs or of the site.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import model, policy, rules, schema, yamlsource
from .model import SECTION, SECTIONS, Entry
from .problems import CatalogueError

DEFAULT_PATH = "data/sites.yaml"


@dataclass
class Catalogue:
    path: str
    sections: dict[str, list[Entry]]
    by_slug: dict[str, Entry] = field(default_factory=dict)
    # site slug -> talks, case studies and myths that name it
    covering: dict[str, list[Entry]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entries in self.sections.values():
            for entry in entries:
                self.by_slug[entry.slug] = entry
                for ref in getattr(entry, "sites", []):
                    self.covering.setdefault(ref, []).append(entry)

    @property
    def entries(self) -> list[Entry]:
        return [e for entries in self.sections.values() for e in entries]

    @property
    def paged(self) -> list[Entry]:
        """Entries with a page of their own."""
        return [e for e in self.entries if e.section.has_pages]

    def former_slugs(self) -> dict[str, Entry]:
        return {old: e for e in self.entries for old in e.former_slugs}

    def redirects(self) -> dict[str, str]:
        """Old page -> current page, as docs paths. A former slug redirects from every section's
        folder, so an entry that moved section keeps its links; slugs are unique across sections.
        An entry without a page of its own (also on Django) is reached at its section page from
        the one folder it could have had a page in: sites, where such entries were listed
        before they had a section of their own."""
        folders = [s.folder for s in SECTIONS if s.has_pages]
        found = {
            f"{folder}/{old}.md": e.page_source
            for old, e in self.former_slugs().items()
            for folder in folders
        }
        sites = SECTION["sites"].folder
        found.update(
            {f"{sites}/{e.slug}.md": e.page_source for e in self.entries if not e.section.has_pages}
        )
        return found


def slug_lines(text: str) -> dict[str, int]:
    """Line of each "- slug: x" in the file: a text scan, cheaper than locating every value."""
    found: dict[str, int] = {}
    line, pos = 1, 0
    for m in re.finditer(r"^[ \t]*- slug: ([a-z0-9-]+)[ \t]*$", text, re.M):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        found.setdefault(m.group(1), line)
    return found


def validate(doc: yamlsource.Document, today: dt.date, rules_policy: policy.Policy) -> None:
    """Raise CatalogueError with every schema and rule problem of a read document."""
    todo = list(rules.placeholders(doc))
    found = list(schema.problems(doc)) + list(rules.problems(doc, today, rules_policy))
    # A field still to fill in gets that one message, not the faults of its placeholder text.
    unfilled = {(p.entry, p.field) for p in todo}
    found = todo + [p for p in found if (p.entry, p.field) not in unfilled]
    if found:
        raise CatalogueError(found)


def load(
    path: str = DEFAULT_PATH,
    today: dt.date | None = None,
    raw: bytes | None = None,
    policy_path: str | None = None,
    doc: yamlsource.Document | None = None,
) -> Catalogue:
    """Read, validate and model a catalogue file; raise CatalogueError listing every problem.

    The source policy is read from `policy_path`, else from policy.yaml beside the catalogue; a
    caller that already read the file passes its `doc`."""
    doc = doc or yamlsource.read(path, raw)
    validate(doc, today or dt.date.today(), policy.read(policy_path or policy.beside(path)))
    lines = slug_lines(doc.text)
    sections = {}
    for section in SECTIONS:
        items = doc.data.get(section.key, []) or []
        sections[section.key] = [
            model.build(section, e, i, lines.get(e["slug"]) or doc.where((section.key, i))[0])
            for i, e in enumerate(items)
        ]
    return Catalogue(path, sections)
