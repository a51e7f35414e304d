"""ASGI entry point: uvicorn serves the lab's app through it (sync views run in a thread)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labsite.settings")
application = get_asgi_application()
