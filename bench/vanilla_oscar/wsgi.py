"""WSGI entry point of the vanilla Oscar site (``gunicorn bench.vanilla_oscar.wsgi``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.vanilla_oscar.settings")
application = get_wsgi_application()
