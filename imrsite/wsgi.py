import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imrsite.settings")

application = get_wsgi_application()

# With DEBUG off and no collectstatic, refuse to start rather than answer every page with 500.
from imrsite.checks import require_static_manifest  # noqa: E402 (needs the settings loaded)

require_static_manifest()
