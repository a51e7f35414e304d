"""The lab's Django project: settings, URLs, WSGI and ASGI entry points."""
