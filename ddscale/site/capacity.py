"""The capacity arithmetic of the FAQ and the estimator: from daily users to processes, servers,
database queries and connections, sized for a target utilisation with a spare server.

The estimator's script (docs/assets/dds-estimator.js) repeats these steps in the browser as the
reader types. It reads every constant and default from the form that `estimator.html` renders
from this module, and a browser test checks its numbers against `estimate()`.
"""

from __future__ import annotations

import math
from typing import Any

MINUTES_PER_DAY = 1440
SECONDS_PER_MINUTE = 60
SPARE_SERVERS = 1  # one more than the load needs, so a failure or a deploy does not overload
LONG_VISIT_MINUTES = 30  # visits this long usually want live updates: long-lived connections

DEFAULTS: dict[str, float] = {
    "daily_users": 100_000,
    "minutes_per_visit": 120,
    "requests_per_minute": 2,
    "peak_factor": 3,
    "rps_per_process": 25,  # replaced by the lab's measured rate where one is committed
    "utilisation": 0.7,
    "processes_per_server": 8,
    "queries_per_request": 5,
    "db_connection_limit": 100,  # PostgreSQL's default max_connections
}


def estimate(**inputs: float) -> dict[str, Any]:
    """Every step of the sizing, with its inputs, for the templates to show."""
    c: dict[str, Any] = {**DEFAULTS, **inputs}
    c["concurrent"] = c["daily_users"] * c["minutes_per_visit"] / MINUTES_PER_DAY
    c["average_rps"] = c["concurrent"] * c["requests_per_minute"] / SECONDS_PER_MINUTE
    c["peak_rps"] = c["average_rps"] * c["peak_factor"]
    c["usable_rps"] = c["rps_per_process"] * c["utilisation"]
    c["processes"] = math.ceil(c["peak_rps"] / c["usable_rps"])
    c["busy_at_peak"] = c["peak_rps"] / (c["processes"] * c["rps_per_process"])
    c["load_servers"] = math.ceil(c["processes"] / c["processes_per_server"])
    c["servers"] = c["load_servers"] + SPARE_SERVERS
    c["db_queries"] = c["peak_rps"] * c["queries_per_request"]
    c["connections"] = c["servers"] * c["processes_per_server"]
    c["needs_pooler"] = c["connections"] > c["db_connection_limit"]
    c["long_lived"] = c["minutes_per_visit"] >= LONG_VISIT_MINUTES
    c["spare"] = SPARE_SERVERS
    c["constants"] = {
        "minutes_per_day": MINUTES_PER_DAY,
        "seconds_per_minute": SECONDS_PER_MINUTE,
        "spare_servers": SPARE_SERVERS,
        "long_visit_minutes": LONG_VISIT_MINUTES,
    }
    return c
