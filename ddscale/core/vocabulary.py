"""The catalogue's shared words, each declared once with its label: metrics (with unit and class),
statuses, scopes, grades, what served a figure, verifications, verdicts and talk topics.

The model (model.py) names these dictionaries as the allowed words of its fields; the JSON Schema,
the check's messages, the scaffold, CONTRIBUTING.md and the templates all read them from here.
"""

from __future__ import annotations

from dataclasses import dataclass

# What a metric measures. Headlines come from the first two classes, else the next two; never
# from organisation or efficiency.
CLASSES: dict[str, str] = {
    "audience": "Audience",
    "traffic": "Traffic",
    "data": "Data",
    "capacity": "Capacity",
    "organisation": "Organisation",
    "efficiency": "Efficiency",
}
HEADLINE_CLASSES: tuple[tuple[str, ...], ...] = (("audience", "traffic"), ("data", "capacity"))


@dataclass(frozen=True)
class Metric:
    label: str
    unit: str
    klass: str  # one of CLASSES
    # True for ranks and times, where a smaller number means a bigger (or better) site.
    smaller_is_bigger: bool = False


METRICS: dict[str, Metric] = {
    "monthly_active_users": Metric("Monthly active users", "users", "audience"),
    "daily_active_users": Metric("Daily active users", "users", "audience"),
    "registered_users": Metric("Registered users", "accounts", "audience"),
    "monthly_unique_visitors": Metric("Monthly unique visitors", "visitors", "audience"),
    "daily_visits": Metric("Daily visits", "visits/day", "traffic"),
    "page_views_per_month": Metric("Page views per month", "page views/month", "traffic"),
    "page_views_per_day": Metric("Page views per day", "page views/day", "traffic"),
    "requests_per_second": Metric("Requests per second", "requests/s", "traffic"),
    "requests_per_day": Metric("Requests per day", "requests/day", "traffic"),
    "events_per_day": Metric("Events per day", "events/day", "traffic"),
    "concurrent_users": Metric("Concurrent users or requests", "concurrent", "traffic"),
    "servers": Metric("Servers", "servers", "capacity"),
    "app_servers": Metric("Application servers", "servers", "capacity"),
    "database_servers": Metric("Database servers", "servers", "capacity"),
    "engineers": Metric("Engineers", "people", "organisation"),
    "storage_tb": Metric("Storage", "TB", "data"),
    "database_size_tb": Metric("Database size", "TB", "data"),
    "traffic_rank": Metric("Global traffic rank", "rank", "audience", smaller_is_bigger=True),
    "response_time_ms": Metric("Response time", "ms", "efficiency", smaller_is_bigger=True),
    "content_items": Metric("Stored items", "items", "data"),
    "customers": Metric("Customers", "organisations", "organisation"),
    "lines_of_code": Metric("Lines of code", "lines", "organisation"),
    "events_per_month": Metric("Events per month", "events/month", "traffic"),
    "queries_per_second": Metric("Database queries per second", "queries/s", "traffic"),
    "memory_gb": Metric("Memory", "GB", "capacity"),
    "installations": Metric("Installations", "installations", "organisation"),
    "cpu_reduction_percent": Metric("CPU saved", "% less CPU", "efficiency"),
    "memory_reduction_percent": Metric("Memory saved", "% less memory", "efficiency"),
    "throughput_gain_percent": Metric("Throughput gained", "% more throughput", "efficiency"),
}

STATUSES: dict[str, str] = {
    "active": "Active on Django",
    "defunct": "Defunct",
    "moved-off-django": "Moved off Django",
}

SCOPES: dict[str, str] = {
    "whole-product": "The whole product",
    "core-product": "The core product",
    "api": "The API",
    "backend": "The back end",
    "internal-tool": "An internal tool",
    "one-app": "One application",
    "cms": "The content management system",
    "part": "Part of the site",
}

GRADES: dict[str, str] = {
    "primary": "The operator's own blog, talk, code or filing",
    "secondary": "A report of a primary source",
    "estimate": "A traffic ranking, analyst or third-party guess",
}

SERVED_BY: dict[str, str] = {
    "django": "Django itself",
    "product": "the whole product, Django with other services",
    "edge": "caches, CDNs or widgets in front of Django",
}

VERIFICATIONS: dict[str, str] = {
    "confirmed": "Confirmed by the sources cited",
    "partly-confirmed": "Partly confirmed: see the note",
    "unconfirmed": "No source confirms Django (refused for sites: such a claim is an unproven "
    "myth)",
}

VERDICTS: dict[str, str] = {
    "not-django": "Not Django: it never ran on it",
    "side-tool-only": "Only a side tool ran Django",
    "unproven": "Unproven",
    "partly-true": "Partly true",
}

TOPICS: dict[str, str] = {
    t: t
    for t in (
        "caching", "databases", "sharding", "replication", "async", "queues", "deployment",
        "monolith", "migrations", "profiling", "orm", "search", "testing", "architecture",
        "operations", "performance", "security", "cdn", "api", "teams",
    )
}  # fmt: skip

SOURCE_KINDS: dict[str, str] = {
    k: k for k in ("blog", "talk", "docs", "code", "filing", "news", "qa", "book", "other")
}
LINK_KINDS: dict[str, str] = {k: k for k in ("video", "slides", "notes", "page", "transcript")}

PLACEHOLDER = "FILL IN"  # how `make new` marks a value still to write; the check names each one
