"""Management commands of the blog app."""
