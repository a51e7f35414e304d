"""The lab's runner: starts servers and databases, drives wrk, writes the JSON and the report."""
