"""The one exception the runner turns into a one-line message and exit status 2."""


class LabError(Exception):
    """Bad input or an unmet requirement: printed as one line, exit status 2."""
