"""The lab's blog app: models, views, templates, the query-counting middleware, the seed command."""
