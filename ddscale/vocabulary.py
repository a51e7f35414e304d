"""The shared words of the catalogue: metrics with their units, statuses, scopes, grades, topics.

The JSON Schema lists the same names as enums; tests/test_schema.py keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    label: str
    unit: str
    # True for ranks, where a smaller number means a bigger site.
    smaller_is_bigger: bool = False


METRICS: dict[str, Metric] = {
    "monthly_active_users": Metric("Monthly active users", "users"),
    "daily_active_users": Metric("Daily active users", "users"),
    "registered_users": Metric("Registered users", "accounts"),
    "monthly_unique_visitors": Metric("Monthly unique visitors", "visitors"),
    "daily_visits": Metric("Daily visits", "visits/day"),
    "page_views_per_month": Metric("Page views per month", "page views/month"),
    "page_views_per_day": Metric("Page views per day", "page views/day"),
    "requests_per_second": Metric("Requests per second", "requests/s"),
    "requests_per_day": Metric("Requests per day", "requests/day"),
    "events_per_day": Metric("Events per day", "events/day"),
    "concurrent_users": Metric("Concurrent users or requests", "concurrent"),
    "servers": Metric("Servers", "servers"),
    "app_servers": Metric("Application servers", "servers"),
    "database_servers": Metric("Database servers", "servers"),
    "engineers": Metric("Engineers", "people"),
    "storage_tb": Metric("Storage", "TB"),
    "database_size_tb": Metric("Database size", "TB"),
    "traffic_rank": Metric("Global traffic rank", "rank", smaller_is_bigger=True),
    "response_time_ms": Metric("Response time", "ms", smaller_is_bigger=True),
    "content_items": Metric("Stored items", "items"),
    "customers": Metric("Customers", "organisations"),
    "lines_of_code": Metric("Lines of code", "lines"),
    "events_per_month": Metric("Events per month", "events/month"),
    "queries_per_second": Metric("Database queries per second", "queries/s"),
    "memory_gb": Metric("Memory", "GB"),
    "installations": Metric("Installations", "installations"),
    "cpu_reduction_percent": Metric("CPU saved", "% less CPU"),
    "memory_reduction_percent": Metric("Memory saved", "% less memory"),
    "throughput_gain_percent": Metric("Throughput gained", "% more throughput"),
}

# Metrics that say how many people a site serves: the "headline" figure prefers these, in order.
HEADLINE_ORDER: tuple[str, ...] = (
    "monthly_active_users",
    "daily_active_users",
    "monthly_unique_visitors",
    "registered_users",
    "page_views_per_month",
    "page_views_per_day",
    "daily_visits",
    "requests_per_second",
    "requests_per_day",
    "events_per_day",
    "events_per_month",
    "queries_per_second",
    "customers",
    "installations",
    "content_items",
    "storage_tb",
    "servers",
    "app_servers",
    "concurrent_users",
    "engineers",
    "database_servers",
    "database_size_tb",
    "lines_of_code",
    "memory_gb",
    "cpu_reduction_percent",
    "memory_reduction_percent",
    "throughput_gain_percent",
    "response_time_ms",
    "traffic_rank",
)

STATUSES = {
    "active": "Active on Django",
    "defunct": "Defunct",
    "moved-off-django": "Moved off Django",
}

SCOPES = {
    "whole-product": "The whole product",
    "core-product": "The core product",
    "api": "The API",
    "backend": "The back end",
    "internal-tool": "An internal tool",
    "one-app": "One application",
    "cms": "The content management system",
    "part": "Part of the site",
}

GRADES = {
    "primary": "The operator's own blog, talk, code or filing",
    "secondary": "A report of a primary source",
    "estimate": "A traffic ranking, analyst or third-party guess",
}

VERIFICATIONS = {
    "confirmed": "Confirmed by the sources cited",
    "partly-confirmed": "Partly confirmed: see the note",
    "unconfirmed": "No source confirms Django (refused for sites: such a claim is an unproven myth)",
}

VERDICTS = {
    "not-django": "Not Django: it never ran on it",
    "side-tool-only": "Only a side tool ran Django",
    "unproven": "Unproven",
    "partly-true": "Partly true",
}

TOPICS = (
    "caching", "databases", "sharding", "replication", "async", "queues", "deployment",
    "monolith", "migrations", "profiling", "orm", "search", "testing", "architecture",
    "operations", "performance", "security", "cdn", "api", "teams",
)

LINK_KINDS = ("video", "slides", "notes", "page", "transcript")

# The catalogue's sections, in file order, with the URL folder of their pages.
SECTIONS: dict[str, str] = {
    "sites": "sites",
    "talks": "talks",
    "case_studies": "case-studies",
    "myths": "myths",
    "also_on_django": "also-on-django",
}
